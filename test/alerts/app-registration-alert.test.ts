import type { AppRegistrationView } from '../../src/service/admin/app-registration-views';
import { conditionsFromStatus } from '../../src/alerts/alert-conditions';
import { healthyStatus } from './status-fixture';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);

const registration = (id: string, label: string, health: AppRegistrationView['health'], problem?: AppRegistrationView['problem']) =>
  ({
    id,
    label,
    clientId: `client-${id}`,
    primary: id === 'primary',
    credential: { kind: 'secret' },
    consent: 'granted',
    health,
    ...(problem ? { problem } : {}),
    use: { limitPer30s: 1500, usedLast30s: 0, usersPolled: 0, writesLast30s: 0, throttledTotal: 0 },
  }) satisfies AppRegistrationView;

describe('app-registration pool alerts', () => {
  test('a failing registration is named with its code and why, and the alert says its users moved to the others', () => {
    const status = healthyStatus(NOW, {
      appRegistrations: [
        registration('primary', 'Primary (Setup)', 'ok'),
        registration('reg-2', 'Pool 2', 'failing', {
          code: 'AADSTS7000215',
          message: 'Invalid client secret provided.',
          fix: 'Enter the secret value.',
        }),
        registration('reg-3', 'Pool 3', 'throttled'),
      ],
    });
    const [alert, ...rest] = conditionsFromStatus(status, undefined, NOW);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      key: 'app-registration-failing-reg-2',
      severity: 'warning',
      code: 'AADSTS7000215',
      fix: 'Enter the secret value.',
    });
    expect(alert.title).toBe('App registration "Pool 2" (client-reg-2) is failing (AADSTS7000215)');
    expect(alert.text).toContain('Invalid client secret provided.');
    expect(alert.text).toContain('"Primary (Setup)", "Pool 3"');
  });

  test('with every registration failing it is critical and says nothing is synchronised', () => {
    const status = healthyStatus(NOW, {
      appRegistrations: [registration('primary', 'Primary', 'failing'), registration('reg-2', 'Pool 2', 'failing')],
    });
    const alerts = conditionsFromStatus(status, undefined, NOW);
    expect(alerts.map((a) => [a.key, a.severity])).toEqual([
      ['app-registration-failing-primary', 'critical'],
      ['app-registration-failing-reg-2', 'critical'],
    ]);
    expect(alerts[0].text).toMatch(/not synchronised/);
  });

  test('once it is back, the condition is gone (the engine resolves the alert)', () => {
    const status = healthyStatus(NOW, {
      appRegistrations: [registration('primary', 'Primary', 'ok'), registration('reg-2', 'Pool 2', 'ok')],
    });
    expect(conditionsFromStatus(status, undefined, NOW)).toEqual([]);
  });
});
