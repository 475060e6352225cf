import { createContext, useContext } from 'react';
import type { AdminApi } from '../api/admin-api';
import type { TabHost } from '../host/tab-host';

export interface TabServices {
  api: AdminApi;
  host: TabHost;
}

export const TabServicesContext = createContext<TabServices | null>(null);

export function useTabServices(): TabServices {
  const services = useContext(TabServicesContext);
  if (!services) throw new Error('useTabServices() outside <TabServicesContext.Provider>: render views inside <App>.');
  return services;
}

export const useApi = (): AdminApi => useTabServices().api;
