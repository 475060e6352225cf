/**
 * What the service uses of demo mode's stand-ins for Microsoft and the PBX. src/demo provides it; the product
 * loads src/demo (and through it the simulators) with a dynamic import, and only in demo mode.
 */
export interface DemoWorld {
  graph: { url: string; caCertPem: string };
  pbx: { url: string; routingUrl: string; usersUrl: string };
  credentials: { tenantId: string; clientId: string; clientSecret: string };
  pbxSecret: string;
  close(): Promise<void>;
}
