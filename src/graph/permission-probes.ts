/**
 * Which required Graph permissions are granted, found out without Application.Read.All: each is tried with
 * one harmless read using the app's ordinary token. Graph answers 403 Authorization_RequestDenied when the
 * permission is not granted, and the answer itself when it is. Nothing here writes and nothing reads the
 * token. What no harmless call can show is reported as not verifiable, with the reason.
 */
import { z } from 'zod';
import type { GraphGetter } from './directory';
import type { GraphCall } from './graph-client';
import { GraphPermissionError } from './errors';
import type { RequiredPermission } from './required-permissions';

export interface GraphProber extends GraphGetter {
  post(path: string, body: unknown, call?: GraphCall): Promise<unknown>;
}

export type ProbeVerdict =
  { state: 'granted'; detail?: string } | { state: 'missing'; detail?: string } | { state: 'unverified'; detail: string };

const oneUserSchema = z.object({ value: z.array(z.object({ id: z.string() })) });
const rolesSchema = z.object({ value: z.array(z.object({ roleTemplateId: z.string().nullish() })) });

type Outcome<T> = { ok: true; answer: T } | { ok: false; denied: boolean; message: string };

async function attempt<T>(call: () => Promise<unknown>, schema: z.ZodType<T>): Promise<Outcome<T>> {
  try {
    const parsed = schema.safeParse(await call());
    return parsed.success
      ? { ok: true, answer: parsed.data }
      : { ok: false, denied: false, message: 'Graph answered in an unexpected shape' };
  } catch (err) {
    return { ok: false, denied: err instanceof GraphPermissionError, message: (err as Error).message ?? String(err) };
  }
}

/** A 200 says granted, a 403 says missing, anything else says nothing. */
function verdictOf(outcome: Outcome<unknown>, grantedDetail?: string): ProbeVerdict {
  if (outcome.ok) return grantedDetail ? { state: 'granted', detail: grantedDetail } : { state: 'granted' };
  if (outcome.denied) return { state: 'missing' };
  return { state: 'unverified', detail: `the probe failed for another reason: ${outcome.message}` };
}

export async function probeGraphPermissions(client: GraphProber): Promise<Record<RequiredPermission, ProbeVerdict>> {
  // The same read the directory sync makes, one user id only; that id serves the probes that need a user.
  const users = await attempt(
    () => client.get('/users/delta?$select=id&$top=1', { operation: 'probing User.Read.All (read one user id)' }),
    oneUserSchema,
  );
  const userId = users.ok ? users.answer.value[0]?.id : undefined;
  const noUser: ProbeVerdict = {
    state: 'unverified',
    detail: users.ok
      ? 'the probe needs one user, and the tenant has none'
      : 'the probe needs one user id, and reading users failed (see User.Read.All)',
  };

  const presence = userId
    ? verdictOf(
        await attempt(
          () =>
            client.post('/communications/getPresencesByUserId', { ids: [userId] }, { operation: 'probing Presence.Read.All (one user)' }),
          z.unknown(),
        ),
        'Presence.Read.All or Presence.ReadWrite.All (either lets Graph answer)',
      )
    : noUser;

  const teams = verdictOf(
    await attempt(
      () => client.get('/admin/teams/userConfigurations?$top=1', { operation: 'probing TeamsUserConfiguration.Read.All (one user)' }),
      z.unknown(),
    ),
  );

  return {
    'Presence.Read.All': presence,
    'Presence.ReadWrite.All': {
      state: 'unverified',
      detail: 'no harmless call shows it: the first presence write does (a refusal shows in Status with this permission named)',
    },
    'User.Read.All': verdictOf(users),
    'TeamsUserConfiguration.Read.All': teams,
    'RoleManagement.Read.Directory': userId ? await probeRoleDetails(client, userId) : noUser,
  };
}

/**
 * Listing a user's directory roles needs only User.Read.All; without RoleManagement.Read.Directory Graph
 * still lists them but hides each role's roleTemplateId. So a role with its template shows the permission
 * granted, one without shows it missing, and a user without roles shows nothing.
 */
async function probeRoleDetails(client: GraphGetter, userId: string): Promise<ProbeVerdict> {
  const roles = await attempt(
    () =>
      client.get(`/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId`, {
        operation: "probing RoleManagement.Read.Directory (one user's roles)",
      }),
    rolesSchema,
  );
  if (!roles.ok)
    return {
      state: 'unverified',
      detail: roles.denied ? "listing a user's roles needs User.Read.All" : `the probe failed: ${roles.message}`,
    };
  if (roles.answer.value.length === 0)
    return { state: 'unverified', detail: 'the user probed holds no directory role, so Graph had no role details to hide or show' };
  return roles.answer.value.some((r) => r.roleTemplateId)
    ? { state: 'granted' }
    : { state: 'missing', detail: 'Graph hid the role details (roleTemplateId)' };
}
