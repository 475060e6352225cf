/**
 * Health signals -> alerts. Every minute each tenant's TenantStatus is read; the conditions that hold (plus
 * the ones pushed in with `raise`) are reconciled with the open alerts: a new condition is raised once, a
 * cleared one is followed by "resolved". Messages go through a persisted outbox (see alert-delivery.ts).
 * All work runs one step at a time on an internal queue, so a tick never races a push or a delivery.
 */
import type { TenantHealth, TenantHealthSource } from './tenant-health';
import type { DirectoryAlert } from '../identity/directory-alert';
import type { AlertRepository } from './alert-repository';
import type { Clock, Scheduler, TimerHandle } from '../time/clock';
import { conditionsFromStatus, DEFAULT_CONDITION_SETTINGS, type ConditionSettings } from './alert-conditions';
import { drainOutbox } from './alert-delivery';
import { reconcileAlerts, type OpenAlert } from './alert-reconcile';
import type { AlertCondition, AlertMessage, AlertSink, PushedAlert } from './alert-types';
import { TenantRateLimit, type RateLimitSettings } from './rate-limit';
import type { RetrySettings } from './retry-backoff';

export interface AlertEngineSettings {
  /** How often each tenant's status is read. */
  pollMs: number;
  conditions: ConditionSettings;
  rateLimit: RateLimitSettings;
  retry: RetrySettings;
}

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertEngineSettings> = Object.freeze({
  pollMs: 60_000,
  conditions: DEFAULT_CONDITION_SETTINGS,
  rateLimit: { max: 6, windowMs: 10 * 60_000 },
  retry: { firstMs: 30_000, maxMs: 30 * 60_000 },
});

export interface AlertEngineLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AlertEngineDeps {
  admin: TenantHealthSource;
  repository: AlertRepository;
  sink: AlertSink;
  clock: Clock;
  scheduler: Scheduler;
  log: AlertEngineLog;
  settings?: Partial<AlertEngineSettings>;
}

/** What the bot's `status` and the tab may show: the alerts open right now. */
export interface OpenAlertView {
  key: string;
  severity: AlertCondition['severity'];
  title: string;
  openedAt: number;
}

export interface AlertEngine {
  /** Reads every tenant at once, then every `pollMs`; delivers what the outbox holds. */
  start(): void;
  stop(): void;
  /** A pushed signal: a DirectoryAlert from a refresh, or any alert another part raises. Evaluated at once. */
  raise(event: DirectoryAlert | PushedAlert): Promise<void>;
  /** Ends a pushed alert (a "resolved" follows at the next evaluation). */
  clear(tenantId: string, key: string): Promise<void>;
  /** Evaluates every tenant (or one) now. */
  evaluate(tenantId?: string): Promise<void>;
  /** Tries the outbox now, backoff or not (e.g. right after an admin chose the alert channel). */
  deliverNow(tenantId?: string): Promise<void>;
  openAlerts(tenantId: string): OpenAlertView[];
  /** Resolves when queued work is done (tests, shutdown). */
  idle(): Promise<void>;
}

interface PushedEntry {
  condition: AlertCondition;
  at: number;
  /** Directory alerts clear by themselves once a later refresh went well. */
  clearsOnGoodRefresh: boolean;
}

interface TenantAlerts {
  loaded: boolean;
  open: Map<string, OpenAlert>;
  firstSeen: Map<string, number>;
  pushed: Map<string, PushedEntry>;
  previous?: TenantHealth;
}

export function createAlertEngine(deps: AlertEngineDeps): AlertEngine {
  const settings: AlertEngineSettings = { ...DEFAULT_ALERT_SETTINGS, ...deps.settings };
  const { repository, clock, scheduler, log } = deps;
  const rateLimit = new TenantRateLimit(settings.rateLimit);
  const tenants = new Map<string, TenantAlerts>();
  let queue: Promise<void> = Promise.resolve();
  let pollTimer: TimerHandle | undefined;
  let deliveryTimer: { handle: TimerHandle; at: number } | undefined;
  let running = false;

  const enqueueWork = (work: () => Promise<void>): Promise<void> => {
    const next = queue
      .then(work)
      .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, 'alert engine step failed'));
    queue = next;
    return next;
  };

  async function tenantState(tenantId: string): Promise<TenantAlerts> {
    let state = tenants.get(tenantId);
    if (!state) {
      state = { loaded: false, open: new Map(), firstSeen: new Map(), pushed: new Map() };
      tenants.set(tenantId, state);
    }
    if (!state.loaded) {
      // After a restart the open alerts come back from the store, so their "resolved" is still sent.
      for (const record of await repository.openAlerts(tenantId)) {
        const alert = record.alert as unknown as { condition: AlertCondition; threadId?: string };
        state.open.set(record.key, { condition: alert.condition, openedAt: record.openedAt, threadId: alert.threadId });
      }
      state.loaded = true;
    }
    return state;
  }

  async function evaluateTenant(tenantId: string): Promise<void> {
    const state = await tenantState(tenantId);
    let status: TenantHealth;
    try {
      status = await deps.admin.status(tenantId);
    } catch (error) {
      log.warn(
        { tenantId, err: error instanceof Error ? error.message : String(error) },
        'alerts: tenant status unavailable; evaluation skipped',
      );
      return;
    }
    const now = clock.now();
    for (const [key, entry] of state.pushed) {
      const refreshedSince = (status.directory.lastRefreshAt ?? 0) > entry.at && status.parts.directory?.status === 'ok';
      if (entry.clearsOnGoodRefresh && refreshedSince) state.pushed.delete(key);
    }
    // A pushed alert carries the richer message; it wins over the same key read from the status.
    const pushed = [...state.pushed.values()].map((p) => p.condition);
    const fromStatus = conditionsFromStatus(status, state.previous, now, settings.conditions).filter((c) => !state.pushed.has(c.key));
    state.previous = status;

    const plan = reconcileAlerts(state.open, [...pushed, ...fromStatus], state.firstSeen, now);
    state.firstSeen = plan.firstSeen;
    for (const alert of plan.supersede) {
      state.open.delete(alert.condition.key);
      await repository.deleteOpenAlert(tenantId, alert.condition.key);
    }
    for (const condition of plan.raise) {
      const open: OpenAlert = { condition, openedAt: now };
      state.open.set(condition.key, open);
      await repository.putOpenAlert({ tenantId, key: condition.key, alert: { condition }, openedAt: now });
      await repository.enqueue(tenantId, toRecord(message('raised', tenantId, open, now)), now, now);
      log.info({ tenantId, key: condition.key, severity: condition.severity }, `alert raised: ${condition.title}`);
    }
    for (const alert of plan.resolve) {
      state.open.delete(alert.condition.key);
      await repository.deleteOpenAlert(tenantId, alert.condition.key);
      const waiting = (await repository.pending(tenantId)).find(
        (r) => r.message.kind === 'raised' && r.message.key === alert.condition.key,
      );
      if (waiting) {
        // Never seen by anyone, and already over: saying nothing is clearer than two stale messages.
        await repository.remove(waiting.id);
        continue;
      }
      await repository.enqueue(tenantId, toRecord(message('resolved', tenantId, alert, now)), now, now);
      log.info({ tenantId, key: alert.condition.key }, `alert resolved: ${alert.condition.title}`);
    }
  }

  async function deliver(tenantId?: string, retryNow = false): Promise<void> {
    const result = await drainOutbox(
      {
        repository,
        sink: deps.sink,
        rateLimit,
        retry: settings.retry,
        log,
        onDelivered: async (sent, receipt) => {
          if (sent.kind !== 'raised' || !receipt?.threadId) return;
          const state = await tenantState(sent.tenantId);
          const open = state.open.get(sent.key);
          if (!open) return;
          open.threadId = receipt.threadId;
          await repository.putOpenAlert({
            tenantId: sent.tenantId,
            key: sent.key,
            alert: { condition: open.condition, threadId: open.threadId },
            openedAt: open.openedAt,
          });
        },
      },
      clock.now(),
      tenantId,
      retryNow,
    );
    if (result.nextDueAt !== undefined) scheduleDelivery(result.nextDueAt);
  }

  function scheduleDelivery(at: number): void {
    if (!running) return;
    if (deliveryTimer && deliveryTimer.at <= at) return;
    deliveryTimer?.handle.cancel();
    const handle = scheduler.after(Math.max(0, at - clock.now()), () => {
      deliveryTimer = undefined;
      void enqueueWork(() => deliver());
    });
    deliveryTimer = { handle, at };
  }

  async function evaluateAll(tenantId?: string): Promise<void> {
    for (const id of tenantId === undefined ? deps.admin.tenantIds() : [tenantId]) await evaluateTenant(id);
    await deliver(tenantId);
  }

  function schedulePoll(): void {
    if (!running) return;
    pollTimer = scheduler.after(settings.pollMs, () => {
      void enqueueWork(() => evaluateAll()).then(schedulePoll);
    });
  }

  function message(kind: AlertMessage['kind'], tenantId: string, alert: OpenAlert, at: number): AlertMessage {
    const c = alert.condition;
    return {
      kind,
      tenantId,
      key: c.key,
      severity: c.severity,
      title: c.title,
      text: c.text,
      ...(c.fix === undefined ? {} : { fix: c.fix }),
      ...(c.code === undefined ? {} : { code: c.code }),
      openedAt: alert.openedAt,
      at,
      ...(kind === 'resolved' && alert.threadId ? { threadId: alert.threadId } : {}),
    };
  }

  return {
    start() {
      if (running) return;
      running = true;
      void enqueueWork(() => evaluateAll()).then(schedulePoll);
    },
    stop() {
      running = false;
      pollTimer?.cancel();
      deliveryTimer?.handle.cancel();
      pollTimer = undefined;
      deliveryTimer = undefined;
    },
    raise(event) {
      const pushed = isDirectoryAlert(event)
        ? directoryCondition(event)
        : { tenantId: event.tenantId, condition: stripTenant(event), clearsOnGoodRefresh: false };
      return enqueueWork(async () => {
        const state = await tenantState(pushed.tenantId);
        const existing = state.pushed.get(pushed.condition.key);
        state.pushed.set(pushed.condition.key, {
          condition: pushed.condition,
          at: existing?.at ?? clock.now(),
          clearsOnGoodRefresh: pushed.clearsOnGoodRefresh,
        });
        await evaluateTenant(pushed.tenantId);
        await deliver(pushed.tenantId);
      });
    },
    clear(tenantId, key) {
      return enqueueWork(async () => {
        (await tenantState(tenantId)).pushed.delete(key);
      });
    },
    evaluate(tenantId) {
      return enqueueWork(() => evaluateAll(tenantId));
    },
    deliverNow(tenantId) {
      return enqueueWork(() => deliver(tenantId, true));
    },
    openAlerts(tenantId) {
      return [...(tenants.get(tenantId)?.open.values() ?? [])].map((a) => ({
        key: a.condition.key,
        severity: a.condition.severity,
        title: a.condition.title,
        openedAt: a.openedAt,
      }));
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
    },
  };
}

function isDirectoryAlert(event: DirectoryAlert | PushedAlert): event is DirectoryAlert {
  return 'kind' in event && (event.kind === 'directory-fetch-failed' || event.kind === 'directory-would-drop-users');
}

function directoryCondition(alert: DirectoryAlert): { tenantId: string; condition: AlertCondition; clearsOnGoodRefresh: boolean } {
  const fetchFailed = alert.kind === 'directory-fetch-failed';
  return {
    tenantId: alert.tenantId,
    clearsOnGoodRefresh: true,
    condition: {
      key: alert.kind,
      severity: 'warning',
      title: fetchFailed ? 'The user directory could not be read' : 'A directory refresh would have dropped many users',
      text: alert.message,
      fix: fetchFailed
        ? 'Say "errors" for the Graph answer and its fix; the next refresh retries by itself.'
        : 'If the drop is expected, run a refresh that accepts it from the tab (Users > Refresh > accept the drop); otherwise check the directory.',
    },
  };
}

function stripTenant(event: PushedAlert): AlertCondition {
  const { tenantId: _tenant, ...condition } = event;
  return condition;
}

function toRecord(message: AlertMessage): Record<string, unknown> {
  return { ...message };
}
