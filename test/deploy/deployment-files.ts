/**
 * The deployment files read as the platforms read them: the app settings infra/azure.bicep gives the App
 * Service, the environment compose.yaml gives the service containers, what the Kubernetes manifests give the
 * pod, and the start command of the Dockerfile and of the bicep. Tests check these names against the settings
 * the service reads, and the rehearsal starts the release artefact with them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A setting's value in a deployment file: a literal, or an expression the platform fills in (a parameter, a secret). */
export type SettingValue = { literal: string } | { expression: string };

/** The body of `var <name> = {...}` (or `= union(...)` on one line) in the bicep. */
function bicepVar(text: string, name: string): string {
  const start = text.indexOf(`var ${name} = `);
  if (start < 0) throw new Error(`infra/azure.bicep has no var ${name}`);
  const rest = text.slice(start);
  return rest.startsWith(`var ${name} = {`) ? rest.slice(0, rest.indexOf('\n}') + 2) : rest.slice(0, rest.indexOf('\n'));
}

/** The App Service app settings infra/azure.bicep sets (the sites/config 'appsettings' resource's properties). */
export function bicepAppSettings(): Map<string, SettingValue> {
  const text = read('infra/azure.bicep');
  const appSettings =
    /resource appSettings 'Microsoft\.Web\/sites\/config@[^']+' = \{[\s\S]*?\n {2}name: 'appsettings'[\s\S]*?\n {2}properties: union\((\w+), (\w+)\)\n\}/.exec(
      text,
    );
  if (!appSettings)
    throw new Error("infra/azure.bicep: the appsettings resource's properties are not union(<settings>, <optional settings>)");
  const settings = new Map<string, SettingValue>();
  for (const varName of [appSettings[1], appSettings[2]]) {
    for (const [, name, value] of bicepVar(text, varName).matchAll(/\b([A-Z][A-Z0-9_]+): ('(?:[^'\\]|\\.)*'|\w+)/g)) {
      const literal = /^'([^'$]*)'$/.exec(value);
      settings.set(name, literal ? { literal: literal[1] } : { expression: value });
    }
  }
  return settings;
}

/** A bicep string property of the web app's siteConfig (appCommandLine, healthCheckPath, linuxFxVersion). */
export function bicepSiteConfig(property: string): string | undefined {
  return new RegExp(`\\n {6}${property}: '([^']*)'`).exec(read('infra/azure.bicep'))?.[1];
}

/** The service containers' environment in compose.yaml (merge keys resolved); `${X:?..}` is an expression, `${X:-d}` the default d. */
export function composeServices(): Record<
  string,
  { image?: string; environment: Map<string, SettingValue>; raw: Record<string, unknown> }
> {
  const doc = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, { image?: string; environment?: Record<string, string> }>;
  };
  return Object.fromEntries(
    Object.entries(doc.services).map(([name, service]) => {
      const environment = new Map<string, SettingValue>();
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const text = String(value);
        const fallback = /^\$\{\w+:-([^}]*)\}$/.exec(text);
        environment.set(key, fallback ? { literal: fallback[1] } : text.includes('${') ? { expression: text } : { literal: text });
      }
      return [name, { image: service.image, environment, raw: service as Record<string, unknown> }];
    }),
  );
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** Every object the kustomization lists. */
export function kubernetesObjects(): K8sObject[] {
  const kustomization = parse(read('deploy/kubernetes/kustomization.yaml')) as { resources: string[] };
  return kustomization.resources.flatMap((file) =>
    parseAllDocuments(read(join('deploy/kubernetes', file))).map((d) => d.toJS() as K8sObject),
  );
}

/** The Dockerfile's final stage, and its CMD (exec form) as argv. */
export function dockerfile(): { finalStage: string; cmd: string[]; text: string } {
  const text = read('Dockerfile').replace(/\\\n/g, ' ');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const cmd = /^CMD (\[.*\])$/m.exec(finalStage);
  if (!cmd) throw new Error('Dockerfile: the final stage has no CMD in exec form');
  return { finalStage, cmd: JSON.parse(cmd[1]) as string[], text };
}
