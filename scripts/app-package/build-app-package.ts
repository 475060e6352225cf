/**
 * Builds the Teams app package for one environment: fills the manifest's ${{VAR}} placeholders from
 * env/.env.<env>, validates it offline against the schema its $schema names (bundled in
 * @microsoft/app-manifest), checks the icons, and writes appPackage/build/appPackage.<env>.zip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { loadEnvironment } from './env-file';
import { fillPlaceholders } from './placeholders';
import { decodePng } from './png';

export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export interface BuildAppPackageOptions {
  /** The repository root (holds appPackage/ and env/). */
  root: string;
  env: string;
  /** Instead of reading env/.env.<env> (tests). */
  variables?: Record<string, string>;
  /** Default <root>/appPackage/build. */
  outDir?: string;
}

export interface BuiltAppPackage {
  manifest: Record<string, unknown>;
  zipPath: string;
  manifestPath: string;
}

export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

export async function buildAppPackage(options: BuildAppPackageOptions): Promise<BuiltAppPackage> {
  const source = join(options.root, 'appPackage');
  const variables = options.variables ?? loadEnvironment(join(options.root, 'env'), options.env);
  const text = fillPlaceholders(readFileSync(join(source, 'manifest.json'), 'utf8'), variables, 'appPackage/manifest.json');
  const manifest = JSON.parse(text) as Record<string, unknown>;

  const problems = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest);
  const icons = Object.fromEntries(Object.keys(ICON_SIZES).map((name) => [name, readFileSync(join(source, name))])) as Record<
    keyof typeof ICON_SIZES,
    Buffer
  >;
  problems.push(...iconProblems(icons), ...domainProblems(manifest));
  if (problems.length > 0) throw new AppPackageError(problems);

  const outDir = options.outDir ?? join(source, 'build');
  mkdirSync(outDir, { recursive: true });
  const manifestPath = join(outDir, `manifest.${options.env}.json`);
  const zipPath = join(outDir, `appPackage.${options.env}.zip`);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  // A fixed timestamp: the same inputs make the same zip.
  const mtime = new Date(Date.UTC(2026, 0, 1));
  writeFileSync(
    zipPath,
    zipSync({
      'manifest.json': [Buffer.from(JSON.stringify(manifest, null, 2)), { mtime }],
      'color.png': [icons['color.png'], { mtime }],
      'outline.png': [icons['outline.png'], { mtime }],
    }),
  );
  return { manifest, zipPath, manifestPath };
}

/** Sizes, and the outline icon white on transparent (Teams tints it; any colour shows as a blot). */
export function iconProblems(icons: Record<keyof typeof ICON_SIZES, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const [name, size] of Object.entries(ICON_SIZES) as Array<[keyof typeof ICON_SIZES, number]>) {
    const png = decodePng(icons[name]);
    if (png.width !== size || png.height !== size) problems.push(`${name} must be ${size}x${size} pixels, not ${png.width}x${png.height}`);
    if (name === 'outline.png') {
      if (png.colorType !== 6) {
        problems.push('outline.png must be RGBA (white on a transparent background)');
        continue;
      }
      for (let i = 0; i < png.pixels.length; i += 4) {
        const [r, g, b, a] = png.pixels.subarray(i, i + 4);
        if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) {
          problems.push('outline.png may only contain white pixels on a transparent background');
          break;
        }
      }
    }
  }
  return problems;
}

/** The SSO resource and the tab's pages must be on domains the app declares. */
function domainProblems(manifest: Record<string, unknown>): string[] {
  const domains = (manifest.validDomains as string[] | undefined) ?? [];
  const problems: string[] = [];
  const resource = (manifest.webApplicationInfo as { resource?: string } | undefined)?.resource;
  const resourceHost = resource?.match(/^api:\/\/([^/]+)\//)?.[1];
  if (resource && (!resourceHost || !domains.includes(resourceHost)))
    problems.push(`webApplicationInfo.resource ${resource} must be api://<one of validDomains>/<client id>`);
  for (const tab of (manifest.staticTabs as Array<{ contentUrl?: string }> | undefined) ?? []) {
    if (tab.contentUrl && !domains.includes(new URL(tab.contentUrl).host))
      problems.push(`staticTabs contentUrl ${tab.contentUrl} is not on a domain in validDomains`);
  }
  return problems;
}
