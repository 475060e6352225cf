/**
 * Debian's Chromium driven by playwright-core. The suite needs /usr/bin/chromium (apt-get install chromium);
 * without it the browser tests are skipped with a loud message instead of failing the whole run.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describeWithLab } from '../../support/lab-suite';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Chromium 14x blocks a public page (the simulated https://teams.microsoft.com) from framing or calling
  // loopback (Local Network Access) unless the user allows it; a test browser has no user to ask.
  '--disable-features=LocalNetworkAccessChecks',
];

export function describeWithChromium(name: string, body: () => void): void {
  describeWithLab(name, hasChromium ? undefined : `${CHROMIUM} is missing`, 'apt-get install -y chromium', body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: 30_000 });
}
