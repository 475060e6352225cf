/** The simulator's tenants, found by id or by domain (as Entra accepts either in the authority path). */
import { SimulatorUsageError } from './errors';
import type { SimTenant } from './sim-tenant';

export class TenantDirectory {
  private readonly byId = new Map<string, SimTenant>();
  private readonly byDomain = new Map<string, SimTenant>();

  add(tenant: SimTenant): void {
    if (this.byId.has(tenant.tenantId)) throw new SimulatorUsageError(`Tenant ${tenant.tenantId} already exists; pick another tenantId.`);
    this.byId.set(tenant.tenantId, tenant);
    this.byDomain.set(tenant.domain.toLowerCase(), tenant);
  }

  find(idOrDomain: string): SimTenant | undefined {
    return this.byId.get(idOrDomain.toLowerCase()) ?? this.byDomain.get(idOrDomain.toLowerCase());
  }

  get(tenantId: string): SimTenant {
    const tenant = this.find(tenantId);
    if (!tenant) throw new SimulatorUsageError(`No tenant ${tenantId} in the simulator; create it with addTenant first.`);
    return tenant;
  }

  all(): SimTenant[] {
    return [...this.byId.values()];
  }
}
