/** Prometheus metrics of the service (GET /metrics), and the latency history the status views chart. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Direction } from './sync/types';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

export interface ServiceMetrics {
  registry: Registry;
  syncLatency: Histogram<'tenant' | 'direction'>;
  decisions: Counter<'tenant' | 'direction' | 'outcome'>;
  writes: Counter<'tenant' | 'side' | 'ok'>;
  mappedUsers: Gauge<'tenant'>;
  sweepPeriod: Gauge<'tenant'>;
  observeLatency(tenantId: string, direction: Direction, seconds: number): void;
}

export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  const syncLatency = new Histogram({
    name: 'presence_bridge_sync_latency_seconds',
    help: 'From the event on one side to the write acknowledged by the other side',
    labelNames: ['tenant', 'direction'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const decisions = new Counter({
    name: 'presence_bridge_decisions_total',
    help: 'Sync decisions by outcome',
    labelNames: ['tenant', 'direction', 'outcome'] as const,
    registers: [registry],
  });
  const writes = new Counter({
    name: 'presence_bridge_writes_total',
    help: 'Writes to the PBX or to Teams',
    labelNames: ['tenant', 'side', 'ok'] as const,
    registers: [registry],
  });
  const mappedUsers = new Gauge({
    name: 'presence_bridge_mapped_users',
    help: 'Users in sync',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const sweepPeriod = new Gauge({
    name: 'presence_bridge_poll_sweep_period_seconds',
    help: 'Presence polling sweep period',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  return {
    registry,
    syncLatency,
    decisions,
    writes,
    mappedUsers,
    sweepPeriod,
    observeLatency: (tenant, direction, seconds) => syncLatency.observe({ tenant, direction }, seconds),
  };
}
