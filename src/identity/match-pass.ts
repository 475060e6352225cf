/**
 * One strategy over the users and extensions still free, without any nested scan:
 * 1. a key found on both sides that reaches two users or two extensions is a conflict, and is set aside, so
 *    that a switchboard number everybody carries does not hide each user's own number;
 * 2. every remaining key joins one user to one extension; users and extensions joined this way form groups
 *    (union-find, linear in the number of keys);
 * 3. a group of exactly one user and one extension is a match; any larger group (one user's two addresses
 *    on two extensions, say) is a conflict.
 * Users and extensions are addressed by their index in the caller's arrays; `free` flags say who takes part.
 */
import type { DirectoryUser, MappingConflict, MatchStrategy, PbxUser } from './types';
import { forEachDirectoryKey, forEachPbxKey } from './match-keys';

/** One extension with every entry the PBX listed for it (usually one). */
export interface ExtensionRecord {
  extension: string;
  entries: PbxUser[];
}

export interface PassInput {
  tenantId: string;
  strategy: MatchStrategy;
  users: readonly DirectoryUser[];
  userFree: Uint8Array;
  extensions: readonly ExtensionRecord[];
  extensionFree: Uint8Array;
}

export interface PassResult {
  /** [user index, extension index] */
  matches: [number, number][];
  conflicts: MappingConflict[];
}

const NONE = -1;
const SEVERAL = -2;

/**
 * The keys seen in one pass, numbered, with the one extension and the one user each key reaches. A key that
 * reaches a second one is marked SEVERAL and its nodes kept aside (rare). Flat arrays and a single Map
 * lookup per key keep a 100,000-user pass well under a second.
 */
class KeyTable {
  readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  readonly extension: number[] = [];
  readonly user: number[] = [];
  readonly several = new Map<string, number[]>(); // "e:<keyId>" or "u:<keyId>" -> nodes

  addExtension(key: string, node: number): void {
    const id = this.ids.get(key);
    if (id === undefined) {
      this.ids.set(key, this.keys.length);
      this.keys.push(key);
      this.extension.push(node);
      this.user.push(NONE);
    } else this.extension[id] = this.merge('e', id, this.extension[id], node);
  }

  /** Only keys some extension has are worth recording for a user. */
  addUser(key: string, node: number): void {
    const id = this.ids.get(key);
    if (id !== undefined) this.user[id] = this.merge('u', id, this.user[id], node);
  }

  nodes(side: 'e' | 'u', id: number): number[] {
    const node = side === 'e' ? this.extension[id] : this.user[id];
    return node === SEVERAL ? this.several.get(`${side}:${id}`)! : [node];
  }

  private merge(side: 'e' | 'u', id: number, current: number, node: number): number {
    if (current === NONE || current === node) return node;
    const slot = `${side}:${id}`;
    const nodes = this.several.get(slot);
    if (!nodes) this.several.set(slot, [current, node]);
    else if (nodes[nodes.length - 1] !== node) nodes.push(node); // one node's keys arrive together
    return SEVERAL;
  }
}

export function runMatchPass(input: PassInput): PassResult {
  const { users, extensions, userFree, extensionFree } = input;
  const extensionCount = extensions.length;
  // Node ids: extensions 0..E-1, users E..E+U-1. One sink per side, fed the current node, so the hot
  // loops create no closures.
  const table = new KeyTable();
  let current = 0;
  const extensionSink = (key: string) => table.addExtension(key, current);
  const userSink = (key: string) => table.addUser(key, current);
  for (let e = 0; e < extensionCount; e++) {
    if (!extensionFree[e]) continue;
    current = e;
    for (const entry of extensions[e].entries) forEachPbxKey(entry, input.strategy, extensionSink);
  }
  for (let u = 0; u < users.length; u++) {
    if (!userFree[u]) continue;
    current = extensionCount + u;
    forEachDirectoryKey(users[u], input.strategy, userSink);
  }

  const result: PassResult = { matches: [], conflicts: [] };
  const userIdOf = (node: number) => users[node - extensionCount].id;
  const extensionOf = (node: number) => extensions[node].extension;
  const groups = new DisjointSets(extensionCount + users.length);
  const cleanKeys: number[] = [];
  for (let id = 0; id < table.keys.length; id++) {
    const userNode = table.user[id];
    const extensionNode = table.extension[id];
    if (userNode === NONE) continue;
    if (userNode !== SEVERAL && extensionNode !== SEVERAL) {
      groups.union(userNode, extensionNode);
      cleanKeys.push(id);
    } else {
      result.conflicts.push(
        conflictOf(input.tenantId, input.strategy, {
          keys: [table.keys[id]],
          users: new Set(table.nodes('u', id).map(userIdOf)),
          extensions: new Set(table.nodes('e', id).map(extensionOf)),
        }),
      );
    }
  }

  const byRoot = new Map<number, { userNode: number; extensionNode: number; key: string; group?: KeyGroup }>();
  for (const id of cleanKeys) {
    const userNode = table.user[id];
    const extensionNode = table.extension[id];
    const key = table.keys[id];
    const root = groups.find(userNode);
    const seen = byRoot.get(root);
    if (!seen) {
      byRoot.set(root, { userNode, extensionNode, key });
      continue;
    }
    // Only a group of more than one key is spelled out: most groups are one key, one user, one extension.
    seen.group ??= { users: new Set([userIdOf(seen.userNode)]), extensions: new Set([extensionOf(seen.extensionNode)]), keys: [seen.key] };
    seen.group.users.add(userIdOf(userNode));
    seen.group.extensions.add(extensionOf(extensionNode));
    seen.group.keys.push(key);
  }
  for (const { userNode, extensionNode, group } of byRoot.values()) {
    if (!group || (group.users.size === 1 && group.extensions.size === 1)) {
      result.matches.push([userNode - extensionCount, extensionNode]);
    } else {
      result.conflicts.push(conflictOf(input.tenantId, input.strategy, group));
    }
  }
  return result;
}

interface KeyGroup {
  users: Set<string>;
  extensions: Set<string>;
  keys: string[];
}

function conflictOf(tenantId: string, strategy: MatchStrategy, group: KeyGroup): MappingConflict {
  const keys = [...new Set(group.keys)].sort();
  const userIds = [...group.users].sort();
  const extensions = [...group.extensions].sort();
  const what = `${strategy} ${keys.join(', ')}`;
  const reason =
    userIds.length > 1 && extensions.length > 1
      ? `${what} is shared by ${userIds.length} Teams users and ${extensions.length} extensions, so none of them is matched by ${strategy}. ` +
        'Give each user a distinct value, or link them with overrides.'
      : userIds.length > 1
        ? `${what} belongs to ${userIds.length} Teams users, and extension ${extensions[0]} can belong to only one. ` +
          'Link the right user with an override, or exclude the others.'
        : `${what} is on ${extensions.length} extensions (${extensions.join(', ')}); one is not picked at random. ` +
          `Link the right extension to Teams user ${userIds[0]} with an override, or correct the PBX data.`;
  return { tenantId, key: `${strategy}:${keys.join(',')}`, userIds, extensions, reason };
}

/** Union-find with path halving and union by size. */
class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count);
    this.size = new Int32Array(count).fill(1);
    for (let i = 0; i < count; i++) this.parent[i] = i;
  }

  find(node: number): number {
    let current = node;
    while (this.parent[current] !== current) {
      this.parent[current] = this.parent[this.parent[current]];
      current = this.parent[current];
    }
    return current;
  }

  union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if (this.size[rootA] < this.size[rootB]) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.size[rootA] += this.size[rootB];
  }
}
