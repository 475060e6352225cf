/**
 * The architecture rules of the design (docs: /work/shared/design.md "The picture is a test"; issue 10), checked on an
 * import graph. Each rule says, for one import, why it is not allowed (or null when it is); rule 7 looks at the whole graph.
 * A folder that does not exist yet (src/service/, src/time/) simply has no files: its rules still hold.
 */
import type { ImportEdge, ImportKind } from './import-graph';

const inFolder = (file: string, folder: string) => file.startsWith(`${folder}/`);
const inAny = (file: string, places: string[]) => places.some((p) => file === p || inFolder(file, p));

export const CORE = 'src/sync';
export const LEAVES = ['src/time', 'src/coded-error.ts'];
export const ADAPTERS = ['src/graph', 'src/pbx', 'src/store'];
export const DOMAIN = ['src/identity', 'src/alerts', 'src/sync'];
export const SIMULATORS = ['src/sim', 'src/demo'];
/** The admin service's contract: the one file of src/service/ the bot may import. */
export const SERVICE_CONTRACT = 'src/service/admin/admin-service.ts';
/** Where demo mode starts: these may load src/demo/ with a dynamic import() (and name its types). */
export const DEMO_LOADERS = ['src/main.ts', 'src/cli.ts', 'src/commands'];

const isProject = (file: string) => inFolder(file, 'src') || inFolder(file, 'bot');
const leafOf = (file: string) => LEAVES.find((leaf) => inAny(file, [leaf]));
const adapterOf = (file: string) => ADAPTERS.find((adapter) => inFolder(file, adapter));
const isType = (kind: ImportKind) => kind === 'type';

export interface Rule {
  id: number;
  title: string;
  /** Why this import breaks the rule, or null when it does not. */
  check(edge: ImportEdge): string | null;
}

export const RULES: Rule[] = [
  {
    id: 1,
    title: 'the core (src/sync/) imports nothing outside itself except the leaves',
    check: ({ from, to }) =>
      inFolder(from, CORE) && isProject(to) && !inFolder(to, CORE) && !leafOf(to) ? 'the core reaches outside itself' : null,
  },
  {
    id: 2,
    title: 'leaves (src/time/, src/coded-error.ts) import nothing from src',
    check: ({ from, to }) => {
      const leaf = leafOf(from);
      return leaf && isProject(to) && leafOf(to) !== leaf ? `the leaf ${leaf} imports from src` : null;
    },
  },
  {
    id: 3,
    title: 'adapters do not import each other; domain modules import no adapter, service, admin, bot or config',
    check: ({ from, to }) => {
      const [fromAdapter, toAdapter] = [adapterOf(from), adapterOf(to)];
      if (fromAdapter && toAdapter && fromAdapter !== toAdapter) return `adapter ${fromAdapter} imports adapter ${toAdapter}`;
      const domain = DOMAIN.find((d) => inFolder(from, d));
      if (!domain || inFolder(to, domain)) return null;
      if (toAdapter) return `domain ${domain} imports adapter ${toAdapter}`;
      const upper = ['src/service', 'src/admin', 'bot', 'src/config.ts', 'src/main.ts'].find((u) => inAny(to, [u]));
      return upper ? `domain ${domain} imports ${upper}, which sits above it` : null;
    },
  },
  {
    id: 4,
    title: 'the bot reaches the service only through its contract and type-only imports of domain types',
    check: ({ from, to, kind }) => {
      if (!inFolder(from, 'bot') || !inFolder(to, 'src')) return null;
      if (to === SERVICE_CONTRACT || leafOf(to)) return null;
      // The bot implements the alert sink (design: "alerts/ ... the bot implements the sink"): alerts' errors and
      // repository are its to use. Shared HTTP plumbing and logging are not part of the service.
      if (inAny(to, ['src/alerts', 'src/http', 'src/logger.ts', 'src/metrics.ts'])) return null;
      if (inAny(to, DOMAIN)) return isType(kind) ? null : 'the bot may import only types from domain modules';
      if (adapterOf(to)) return `the bot imports the adapter ${adapterOf(to)}`;
      if (inAny(to, ['src/service'])) return "the bot imports the service's implementation, not its contract";
      return 'the bot imports service-side code other than the contract';
    },
  },
  {
    id: 5,
    title: 'product code never imports src/sim/ or src/demo/ (demo mode loads src/demo/ dynamically); src/sim/ imports only the leaves',
    check: ({ from, to, kind }) => {
      if (inFolder(from, 'src/sim')) {
        return isProject(to) && !inFolder(to, 'src/sim') && !leafOf(to) ? 'the simulator uses product code' : null;
      }
      const simulator = SIMULATORS.find((s) => inFolder(to, s));
      if (!simulator || !isProject(from) || inAny(from, SIMULATORS)) return null;
      const demoLoader = inFolder(to, 'src/demo') && inAny(from, DEMO_LOADERS);
      if (demoLoader && (kind === 'dynamic' || isType(kind))) return null;
      return demoLoader
        ? `product code loads ${simulator} with a ${kind} import: only a dynamic import() keeps it out of a production start`
        : `product code imports ${simulator}`;
    },
  },
  {
    id: 6,
    title: 'the tab imports only types from src/ and bot/',
    check: ({ from, to, kind }) =>
      inFolder(from, 'tab') && isProject(to) && !isType(kind) ? `the tab loads ${kind} code from the service side` : null,
  },
];

export interface Violation {
  rule: number;
  from: string;
  to: string;
  why: string;
}

export const formatViolation = (v: Violation) => `${v.from} -> ${v.to} (rule ${v.rule}: ${v.why})`;

/** The imports of the graph that break the given rule, one violation per importing file and imported file. */
export function checkRule(rule: Rule, edges: ImportEdge[]): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const edge of edges) {
    const why = rule.check(edge);
    const key = `${edge.from}\0${edge.to}`;
    if (why && !seen.has(key)) {
      seen.add(key);
      violations.push({ rule: rule.id, from: edge.from, to: edge.to, why });
    }
  }
  return violations;
}

/**
 * Strongly connected components of more than one file (or a file importing itself), by Tarjan's algorithm:
 * each is a set of files that all reach each other through imports, i.e. one or more import cycles.
 */
export function findCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = (next.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) components.push(component.sort());
  };
  [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort().forEach((file) => index.has(file) || connect(file));
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * Rule 7: no import cycles between files in src/ and bot/. Type-only imports count: a type-only cycle loads fine
 * (the compiler erases it), but it is still two files that cannot be read, moved or tested apart, which is what the
 * rule is for; the edge's kind is shown so that such a cycle is easy to tell from one that is loaded.
 * Dynamic imports count too (they are still a dependency, only a later one).
 * Reported as every import inside each cycle, so that the message shows where to cut it.
 */
export function checkCycles(edges: ImportEdge[]): Violation[] {
  const project = edges.filter((e) => isProject(e.from) && isProject(e.to));
  return findCycles(project).flatMap((component) => {
    const members = new Set(component);
    const inside = project.filter((e) => members.has(e.from) && members.has(e.to));
    const kinds = new Set(inside.map((e) => e.kind));
    const nature = kinds.size === 1 && kinds.has('type') ? 'type-only ' : '';
    const others = (e: ImportEdge) => component.filter((f) => f !== e.from && f !== e.to);
    const why = (e: ImportEdge) =>
      `${e.kind} import in a ${nature}cycle of ${component.length} files` + (others(e).length ? ` with ${others(e).join(', ')}` : '');
    return checkRule({ id: 7, title: '', check: why }, inside);
  });
}
