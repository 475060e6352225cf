/**
 * The tenant's user list for identity matching, through Graph's users delta: a full listing the first time
 * (or when the saved link has expired), changes only afterwards. It reports what Graph said and decides
 * nothing about the mapping: src/identity owns that, including the guard that never wipes it.
 * Teams phone numbers (matching by number) come from Teams user configurations.
 */
import { z } from 'zod';
import type { DirectoryUser } from '../identity/types';
import { GraphRequestError } from './errors';
import type { GraphCall } from './graph-client';

export const USER_DELTA_SELECT =
  'id,displayName,userPrincipalName,mail,proxyAddresses,otherMails,accountEnabled,businessPhones,mobilePhone';
export const USER_DELTA_START = `/users/delta?$select=${USER_DELTA_SELECT}&$top=999`;
export const TEAMS_USER_CONFIGURATIONS = '/admin/teams/userConfigurations';

/** The part of TenantGraphClient the directory uses. */
export interface GraphGetter {
  readonly tenantId?: string;
  /** Where links Graph hands out must point (a stored or paged link elsewhere is never followed). */
  readonly graphOrigin?: string;
  get(pathOrUrl: string, call?: GraphCall): Promise<unknown>;
}

export interface DirectoryDelta {
  upserts: DirectoryUser[];
  /** Ids of users deleted (or soft-deleted) since the last round. */
  removals: string[];
  /** Keep it for the next round; null only when Graph gave none. */
  deltaLink: string | null;
  /** True when this round listed every user from scratch (first run, or the saved link had expired). */
  fullResync: boolean;
  pages: number;
}

const strings = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? undefined);
const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const deltaItemSchema = z.object({
  id: z.string(),
  '@removed': z.object({ reason: z.string().optional() }).optional(),
  displayName: optionalString,
  userPrincipalName: optionalString,
  mail: optionalString,
  proxyAddresses: strings,
  otherMails: strings,
  accountEnabled: z
    .boolean()
    .nullish()
    .transform((v) => v ?? undefined),
  businessPhones: strings,
  mobilePhone: optionalString,
});

const deltaPageSchema = z.object({
  value: z.array(deltaItemSchema),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** Pages of one round; a runaway link chain is a bug somewhere, not a reason to loop forever. */
const MAX_PAGES = 100_000;

/** The next-page links of one listing: a link back to a page already read would go round for ever. */
class PageLinks {
  private readonly seen = new Set<string>();

  constructor(
    private readonly client: GraphGetter,
    private readonly operation: string,
    first: string,
  ) {
    this.seen.add(first);
  }

  follow(next: string | undefined): string | undefined {
    if (next === undefined) return undefined;
    if (this.seen.has(next)) throw this.broken('the next page link leads back to a page already read');
    if (!isOnGraph(this.client, next)) throw this.broken('the next page link leads away from the configured Microsoft Graph');
    this.seen.add(next);
    return next;
  }

  runaway(): GraphRequestError {
    return this.broken(`the listing went on for more than ${MAX_PAGES} pages`);
  }

  private broken(detail: string): GraphRequestError {
    return new GraphRequestError(
      this.client.tenantId ?? '',
      200,
      undefined,
      this.operation,
      detail,
      'report this: Graph changed its answer.',
    );
  }
}

function isExpiredLink(err: unknown): boolean {
  return (
    err instanceof GraphRequestError && (err.status === 410 || err.graphCode === 'syncStateNotFound' || err.graphCode === 'resyncRequired')
  );
}

/**
 * A link is followed only to the Graph the client is configured for: a delta link stored while another Graph
 * address was set (PB_GRAPH_BASE_URL changed, or the demo's simulator restarted on another port) is dead, and
 * our token must not travel anywhere else.
 */
function isOnGraph(client: GraphGetter, link: string): boolean {
  if (!client.graphOrigin || !/^https?:\/\//i.test(link)) return true;
  return new URL(link).origin === client.graphOrigin;
}

/** One round of users delta: from `deltaLink` when given and still valid, otherwise a full listing. */
export async function fetchUserDelta(client: GraphGetter, deltaLink?: string | null): Promise<DirectoryDelta> {
  if (deltaLink && isOnGraph(client, deltaLink)) {
    try {
      return await runDelta(client, deltaLink, false);
    } catch (err) {
      if (!isExpiredLink(err)) throw err;
    }
  }
  try {
    return await runDelta(client, USER_DELTA_START, true);
  } catch (err) {
    // A page link can expire in the middle of a very long first listing: start over once.
    if (!isExpiredLink(err)) throw err;
    return runDelta(client, USER_DELTA_START, true);
  }
}

async function runDelta(client: GraphGetter, firstUrl: string, fullResync: boolean): Promise<DirectoryDelta> {
  const upserts = new Map<string, DirectoryUser>();
  const removals = new Set<string>();
  let url: string | undefined = firstUrl;
  let pages = 0;
  let deltaLink: string | null = null;
  const pageLinks = new PageLinks(client, 'reading the user list', firstUrl);
  while (url) {
    if (++pages > MAX_PAGES) throw pageLinks.runaway();
    const answer = await client.get(url, { operation: `reading the user list (page ${pages})` });
    const parsed = deltaPageSchema.safeParse(answer);
    if (!parsed.success) {
      throw new GraphRequestError(
        client.tenantId ?? '',
        200,
        undefined,
        'reading the user list',
        'the answer was not a users delta page',
        'report this: Graph changed its answer.',
      );
    }
    for (const item of parsed.data.value) {
      if (item['@removed']) {
        upserts.delete(item.id);
        removals.add(item.id);
        continue;
      }
      removals.delete(item.id);
      upserts.set(item.id, toDirectoryUser(item));
    }
    url = pageLinks.follow(parsed.data['@odata.nextLink']);
    if (!url) deltaLink = parsed.data['@odata.deltaLink'] ?? null;
  }
  return { upserts: [...upserts.values()], removals: [...removals], deltaLink, fullResync, pages };
}

function toDirectoryUser(item: z.infer<typeof deltaItemSchema>): DirectoryUser {
  const user: DirectoryUser = { id: item.id };
  for (const key of [
    'displayName',
    'userPrincipalName',
    'mail',
    'proxyAddresses',
    'otherMails',
    'accountEnabled',
    'businessPhones',
    'mobilePhone',
  ] as const) {
    if (item[key] !== undefined) (user as unknown as Record<string, unknown>)[key] = item[key];
  }
  return user;
}

const teamsConfigPageSchema = z.object({
  value: z.array(
    z.object({
      userId: z.string().optional(),
      id: z.string(),
      telephoneNumbers: z.array(z.object({ telephoneNumber: z.string(), assignmentCategory: z.string().optional() })).nullish(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
});

/** userId -> Teams phone number (the primary one when several), for users that have one. */
export async function fetchTeamsPhoneNumbers(client: GraphGetter): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  let url: string | undefined = `${TEAMS_USER_CONFIGURATIONS}?$top=999`;
  const pageLinks = new PageLinks(client, 'reading Teams phone numbers', url);
  for (let pages = 1; url; pages++) {
    if (pages > MAX_PAGES) throw pageLinks.runaway();
    const parsed = teamsConfigPageSchema.safeParse(await client.get(url, { operation: `reading Teams phone numbers (page ${pages})` }));
    if (!parsed.success) {
      throw new GraphRequestError(
        client.tenantId ?? '',
        200,
        undefined,
        'reading Teams phone numbers',
        'the answer was not a list of Teams user configurations',
        'report this: Graph changed its answer.',
      );
    }
    for (const config of parsed.data.value) {
      const phones = config.telephoneNumbers ?? [];
      const chosen = phones.find((p) => p.assignmentCategory === 'primary') ?? phones[0];
      if (chosen) numbers.set(config.userId ?? config.id, chosen.telephoneNumber);
    }
    url = pageLinks.follow(parsed.data['@odata.nextLink']);
  }
  return numbers;
}

/** The users with their Teams phone number filled in where one is known. */
export function withTeamsPhoneNumbers(users: readonly DirectoryUser[], numbers: ReadonlyMap<string, string>): DirectoryUser[] {
  return users.map((u) => (numbers.has(u.id) ? { ...u, teamsPhoneNumber: numbers.get(u.id) } : u));
}
