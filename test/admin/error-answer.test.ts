import { AdminInputError, UnknownTenantError } from '../../src/service/admin/admin-service';
import { NotAdminError, SigningKeysUnavailableError } from '../../src/admin/auth-errors';
import { explainedError } from '../../src/admin/error-answer';
import { JobAlreadyRunningError, PayloadTooLargeError } from '../../src/admin/request-errors';
import { GraphPermissionError, TransportTimeoutError } from '../../src/graph/errors';
import { ImportRejectedError, MatchOptionsError, RefreshStoppedError } from '../../src/identity/errors';
import { CorruptDataError } from '../../src/store/errors';
import { EngineStoppedError, PauseNotStoredError } from '../../src/sync/errors';

const T = 'contoso-tenant';

describe("explainedError answers with the error's code, message and status", () => {
  it.each<[string, unknown, number, string]>([
    ['a refused caller', new NotAdminError(), 403, 'notAdmin'],
    ['unreachable signing keys', new SigningKeysUnavailableError(), 503, 'signingKeysUnavailable'],
    ['a body too large', new PayloadTooLargeError(1024), 413, 'bodyTooLarge'],
    ['a tenant not set up', new UnknownTenantError(T), 503, 'tenantNotSetUp'],
    ["a pause not stored (the API's own name for it)", new PauseNotStoredError('the pause', new Error('locked')), 503, 'notStored'],
    ['a Graph refusal', new GraphPermissionError(T, 'User.Read.All', 'reading users', 'grant admin consent.'), 502, 'graph-permission'],
    ['a transport timeout', new TransportTimeoutError('https://graph.microsoft.com/', 5000), 502, 'transport-timeout'],
    ['a rejected import', new ImportRejectedError('mapping', 2), 400, 'importRejected'],
    ['a stopped refresh', new RefreshStoppedError(T), 503, 'refreshStopped'],
    ['unusable match options', new MatchOptionsError('bad'), 500, 'badMatchOptions'],
  ])('%s', (_name, err, status, code) => {
    expect(explainedError(err)).toEqual({ status, body: { error: code, message: (err as Error).message } });
  });

  it('names the running job to follow', () => {
    const err = new JobAlreadyRunningError('job-7', 'import');
    expect(explainedError(err)).toEqual({ status: 409, body: { error: 'jobRunning', message: err.message, jobId: 'job-7' } });
  });

  it('answers bad input with its field problems', () => {
    const problems = [{ path: 'extension', message: 'must be digits' }];
    expect(explainedError(new AdminInputError(problems))).toEqual({
      status: 400,
      body: { error: 'badInput', message: 'Nothing was changed: one problem to fix (see problems).', problems },
    });
  });

  it.each([
    ['a plain error', new Error('boom at /srv/pb')],
    ['a store error', new CorruptDataError('row 4')],
    ['an engine error the API does not explain', new EngineStoppedError('apply')],
  ])('leaves %s to the internal answer', (_name, err) => {
    expect(explainedError(err)).toBeUndefined();
  });
});
