/**
 * `npm run package -- --env dev`: builds appPackage/build/appPackage.<env>.zip from appPackage/manifest.json
 * and env/.env.<env>, validated offline against the manifest schema.
 */
import { join } from 'node:path';
import { AppPackageError, buildAppPackage } from './app-package/build-app-package';
import { MissingVariablesError } from './app-package/placeholders';

function envArgument(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  const value = i < 0 ? 'dev' : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (!value || !/^[A-Za-z0-9_-]+$/.test(value))
    throw new Error('Usage: npm run package -- --env <name>   (reads env/.env.<name>; default dev)');
  return value;
}

async function main(): Promise<void> {
  const env = envArgument(process.argv.slice(2));
  const built = await buildAppPackage({ root: join(__dirname, '..'), env });
  console.log(`Valid manifest ${String(built.manifest.manifestVersion)} for "${env}": ${built.zipPath}`);
}

main().catch((err: unknown) => {
  const known =
    err instanceof AppPackageError ||
    err instanceof MissingVariablesError ||
    (err instanceof Error && /^(Usage|There is no environment)/.test(err.message));
  console.error(known ? (err as Error).message : err);
  process.exitCode = 1;
});
