/** Extensions handed to watch()/applyRouting() end up in device names and AMI lines: check them first. */
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
