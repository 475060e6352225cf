/** The simulators behind a service started in demo mode, with their controls (for tests and the benchmark). */
import type { DemoWorld } from '../demo-world';
import { isDemoEnvironment, type DemoEnvironment } from './demo-environment';

export function demoOf(service: { demo?: DemoWorld }): DemoEnvironment {
  if (!service.demo || !isDemoEnvironment(service.demo))
    throw new Error('This service was not started in demo mode: start it with no PB_TENANT_ID (or the demo command).');
  return service.demo;
}
