import { TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { createBotLogic } from '../../bot/botbuilder-glue';
import { createMemoryAlertRepository } from '../../src/alerts/memory-alert-repository';
import type { AlertRepository } from '../../src/alerts/alert-repository';
import { ADMIN_ID, FakeAdminService, TENANT, USER_ID } from './fake-admin-service';

/** TestAdapter cannot continue a conversation; the bot needs that for work that outlives a turn. */
class ProactiveTestAdapter extends TestAdapter {
  readonly updates: Array<Partial<Activity>> = [];
  async updateActivity(context: TurnContext, activity: Partial<Activity>) {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
  async continueConversationAsync(_appId: unknown, reference: Partial<ConversationReference>, logic: unknown): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continue' }, reference, true);
    await (logic as (c: TurnContext) => Promise<void>)(new TurnContext(this, activity as Activity));
  }
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function setUp(kind: 'personal' | 'channel' = 'personal', from = { id: '29:admin', aadObjectId: ADMIN_ID, name: 'Adele Admin' }) {
  const alerts: AlertRepository = createMemoryAlertRepository();
  const admin = new FakeAdminService(alerts);
  const delivered: string[] = [];
  const reference = TestAdapter.createConversation('conv-1');
  reference.user = from;
  reference.conversation = {
    ...reference.conversation,
    id: kind === 'channel' ? '19:general@thread.tacv2;messageid=1' : 'a:personal',
    conversationType: kind,
    tenantId: TENANT,
    isGroup: kind === 'channel',
    name: '',
  };
  const adapter = new ProactiveTestAdapter(async (context) => logic.onTurn(context), { channelId: 'msteams' });
  const logic = createBotLogic(adapter, {
    admin: admin as never,
    adminDirectory: { isTenantAdmin: async (tenantId, id) => tenantId === TENANT && id === ADMIN_ID },
    alerts,
    log: quiet,
    clock: { now: () => Date.UTC(2026, 4, 1, 12) },
    pageSize: 10,
  });
  logic.useAlertEngine({ openAlerts: () => [], deliverNow: async (t) => void delivered.push(t ?? 'all') });
  const channelData =
    kind === 'channel'
      ? {
          team: { id: '19:team@thread.tacv2', name: 'Ops' },
          channel: { id: '19:general@thread.tacv2', name: 'Alerts' },
          tenant: { id: TENANT },
        }
      : { tenant: { id: TENANT } };
  const say = (text: string, extra: Partial<Activity> = {}) =>
    ({ type: 'message', text, channelData, from, conversation: reference.conversation, ...extra }) as Partial<Activity>;
  return { admin, alerts, adapter, logic, say, delivered };
}

function cardOf(activity: Partial<Activity>): Record<string, unknown> {
  const attachment = activity.attachments?.[0];
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment!.content as Record<string, unknown>;
}

const textOfCard = (activity: Partial<Activity>) => JSON.stringify(cardOf(activity));

describe('admin bot commands (TestAdapter)', () => {
  test('help lists every command', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('help')).assertReply((a) => {
      for (const c of [
        'status',
        'sync now',
        'user <name or e-mail>',
        'unmapped',
        'conflicts',
        'errors',
        'pause [user]',
        'resume [user]',
        'alerts here',
        'alerts off',
      ])
        expect(textOfCard(a)).toContain(c);
    });
  });

  test('unknown text gets help, not silence', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('make coffee')).assertReply((a) => {
      expect(a.summary).toContain('did not understand "make coffee"');
      expect(textOfCard(a)).toContain('sync now');
    });
  });

  test('status shows health, users, sweep, budget, latency and the secret expiry', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('Status')).assertReply((a) => {
      const text = textOfCard(a);
      for (const part of [
        'Matched',
        '990',
        'Sweep period',
        '6.0 s over 1,000 users',
        '120 of 1,500',
        'Latency p95 Teams → PBX',
        '2.1 s',
        '0.7 s',
        'client secret expires',
      ])
        expect(text).toContain(part);
    });
  });

  test('a channel @mention is stripped before the command is read', async () => {
    const { adapter, say } = setUp('channel');
    const bot = { id: 'bot-id', name: 'PresenceBridge' };
    const activity = say('<at>PresenceBridge</at> status', {
      recipient: bot,
      entities: [{ type: 'mention', mentioned: bot, text: '<at>PresenceBridge</at>' }],
    });
    await adapter.send(activity).assertReply((a) => expect(textOfCard(a)).toContain('Health'));
  });

  test('user with one match shows mapping, both states and the last decisions', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('user adele@contoso.com')).assertReply((a) => {
      const text = textOfCard(a);
      for (const part of [
        'Adele Vance',
        '1001',
        'matched (by email)',
        'Busy / InACall',
        'onCall',
        'busy',
        'Teams Busy/InACall (seq 42, poll)',
      ])
        expect(text).toContain(part);
    });
  });

  test('user with several matches gives a short list to pick from', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('user alex')).assertReply((a) => {
      const card = cardOf(a) as { actions: Array<{ data: unknown }> };
      expect(card.actions.map((x) => x.data)).toEqual([
        { command: 'user', args: 'alex@contoso.com' },
        { command: 'user', args: 'alexw@contoso.com' },
      ]);
    });
  });

  test('user with no match says so', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('user zed')).assertReply((a) => expect(a.text).toContain('No user matches "zed"'));
  });

  test('unmapped pages forward and back; a button replaces the card in place', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('unmapped')).assertReply((a) => expect(textOfCard(a)).toContain('1–10 of 24'));
    await adapter.send(say('', { value: { command: 'unmapped', offset: 10 }, replyToId: 'card-1' }));
    const updated = adapter.updates;
    expect(updated).toHaveLength(1);
    expect(updated[0].id).toBe('card-1');
    expect(textOfCard(updated[0])).toContain('11–20 of 24');
  });

  test('conflicts lists the users in conflict', async () => {
    const { adapter, say } = setUp();
    await adapter.send(say('conflicts')).assertReply((a) => expect(textOfCard(a)).toContain('Conny Flict'));
  });

  test('errors are shown in plain language with their fix', async () => {
    const { admin, adapter, say } = setUp();
    admin.status_ = {
      ...admin.status_,
      errors: [
        { at: 1, part: 'token', code: 'AADSTS7000222', message: 'The client secret has expired.', fix: 'Create a new client secret.' },
      ],
    };
    await adapter.send(say('errors')).assertReply((a) => {
      const text = textOfCard(a);
      expect(text).toContain('AADSTS7000222');
      expect(text).toContain('Fix: Create a new client secret.');
    });
  });

  test('sync now posts a card and updates it in place when the sync is done', async () => {
    const { admin, adapter, logic, say } = setUp();
    let finish!: () => void;
    admin.syncGate = new Promise((resolve) => (finish = resolve));
    await adapter.send(say('sync now')).assertReply((a) => expect(textOfCard(a)).toContain('Sync running'));
    finish();
    await logic.idle();
    const updated = adapter.updates;
    expect(updated).toHaveLength(1);
    expect(textOfCard(updated[0])).toContain('Sync done');
    expect(textOfCard(updated[0])).toContain('12 changes');
    expect(admin.calls).toEqual(['syncNow']);
  });

  test.each([
    ['pause', 'pause tenant by Adele Admin', 'paused for the whole tenant'],
    ['resume', 'resume tenant by Adele Admin', 'resumed for the whole tenant'],
    ['pause adele@contoso.com', 'pause u1 by Adele Admin', 'paused for Adele Vance by Adele Admin'],
    ['resume Adele', 'resume u1 by Adele Admin', 'resumed for Adele Vance'],
  ])('%s records who did it and says so', async (command, call, answer) => {
    const { admin, adapter, say } = setUp();
    await adapter.send(say(command)).assertReply((a) => expect(a.text).toContain(answer));
    expect(admin.calls).toEqual([call]);
  });

  test('pause of an ambiguous name changes nothing and asks which one', async () => {
    const { admin, adapter, say } = setUp();
    await adapter.send(say('pause alex')).assertReply((a) => expect(a.summary).toContain('2 users match'));
    expect(admin.calls).toEqual([]);
  });

  test('alerts here in a channel makes it the alert channel and sends what waits', async () => {
    const { admin, alerts, adapter, say, delivered } = setUp('channel');
    await adapter.send(say('alerts here')).assertReply((a) => expect(a.text).toContain('Alerts for this tenant now come to "Alerts"'));
    // Through the admin service, so the audit log has it.
    expect(admin.calls).toEqual(['alert channel Alerts by Adele Admin']);
    const channel = await alerts.channel(TENANT);
    expect(channel).toMatchObject({
      setBy: 'Adele Admin',
      reference: { teamsChannelId: '19:general@thread.tacv2', conversation: { id: '19:general@thread.tacv2;messageid=1' } },
    });
    expect(delivered).toEqual([TENANT]);
  });

  test('alerts here in a personal chat points to a channel instead', async () => {
    const { alerts, adapter, say } = setUp('personal');
    await adapter.send(say('alerts here')).assertReply((a) => expect(a.text).toContain('team channel'));
    expect(await alerts.channel(TENANT)).toBeUndefined();
  });

  test('alerts off forgets the channel', async () => {
    const { admin, alerts, adapter, say } = setUp('channel');
    await adapter.send(say('alerts here')).assertReply(() => undefined);
    await adapter.send(say('alerts off')).assertReply((a) => expect(a.text).toContain('Alerts are off'));
    expect(admin.calls).toContain('alerts off by Adele Admin');
    expect(await alerts.channel(TENANT)).toBeUndefined();
  });

  test.each(['sync now', 'pause', 'resume adele@contoso.com', 'alerts here', 'alerts off'])(
    '"%s" is refused politely to someone who is not an admin',
    async (command) => {
      const { admin, alerts, adapter, say } = setUp('channel', { id: '29:user', aadObjectId: USER_ID, name: 'Uma User' });
      await adapter.send(say(command)).assertReply((a) => {
        expect(a.text).toContain('Sorry Uma User');
        expect(a.text).toContain('Global Administrator or Teams Administrator');
      });
      expect(admin.calls).toEqual([]);
      expect(await alerts.channel(TENANT)).toBeUndefined();
    },
  );

  test.each(['status', 'user adele@contoso.com', 'unmapped', 'conflicts', 'errors'])(
    '"%s" shows other people\'s data, so only to an admin',
    async (command) => {
      const { admin, adapter, say } = setUp('channel', { id: '29:user', aadObjectId: USER_ID, name: 'Uma User' });
      await adapter.send(say(command)).assertReply((a) => {
        expect(a.text).toContain('Sorry Uma User');
        expect(a.text).toContain("shows other people's presence and sync data");
        expect(a.attachments ?? []).toEqual([]);
      });
      expect(admin.calls).toEqual([]);
    },
  );

  test('help works for anyone', async () => {
    const { adapter, say } = setUp('channel', { id: '29:user', aadObjectId: USER_ID, name: 'Uma User' });
    await adapter.send(say('help')).assertReply((a) => expect(textOfCard(a)).toContain('sync now'));
  });

  test('a tenant this deployment does not serve is told how to set it up', async () => {
    const { adapter, say } = setUp();
    const elsewhere = say('status', { channelData: { tenant: { id: 'other-tenant' } } });
    elsewhere.conversation = { ...elsewhere.conversation!, tenantId: 'other-tenant' };
    await adapter.send(elsewhere).assertReply((a) => expect(a.text).toContain('not set up in PresenceBridge'));
  });

  test('installation into a team keeps the reference and makes General the alert channel until one is chosen', async () => {
    const { alerts, adapter, delivered } = setUp('channel');
    await adapter
      .send({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot', name: 'PresenceBridge' }],
        recipient: { id: 'bot', name: 'PresenceBridge' },
        channelData: { team: { id: '19:team@thread.tacv2', name: 'Ops' }, tenant: { id: TENANT } },
      } as Partial<Activity>)
      .assertReply((a) => expect(a.text).toContain('Alerts come to this channel'));
    expect((await alerts.installations(TENANT)).map((i) => i.teamId)).toEqual(['19:team@thread.tacv2']);
    expect((await alerts.channel(TENANT))?.reference).toMatchObject({ teamsChannelId: '19:team@thread.tacv2' });
    expect(delivered).toEqual([TENANT]);
  });
});
