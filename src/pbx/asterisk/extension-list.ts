/** Extensions handed to watch()/applyRouting() end up in device names and AMI lines: check them first. */
import { ROUTING_STATES, type RoutingState } from '../../sync/states';
import { ConnectorError } from '../connector';
import { extensionSchema } from './settings-common';

/** Returns the extensions, or throws one non-retryable error naming every invalid one (nothing changes). */
export function validExtensions(extensions: readonly string[]): string[] {
  const bad = extensions.filter((e) => !extensionSchema.safeParse(e).success);
  if (bad.length) {
    throw new ConnectorError(
      `Invalid extension(s) ${bad.map((e) => JSON.stringify(e)).join(', ')}: use letters, digits and _ . + - only`,
      false,
    );
  }
  return [...extensions];
}

/** The extension of an applyRouting() call, once it and the routing state are known to be valid. */
export function validRoutingRequest(extension: string, state: RoutingState): string {
  const [ext] = validExtensions([extension]);
  if (!ROUTING_STATES.includes(state)) {
    throw new ConnectorError(`Unknown routing state "${String(state)}"; use one of ${ROUTING_STATES.join(', ')}`, false);
  }
  return ext;
}
