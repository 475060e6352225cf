/**
 * The only file that knows botbuilder (4.23, archived): it turns Bot Framework activities into BotTurns for
 * the command table, keeps installations, and posts alerts proactively. Moving to the Microsoft 365 Agents
 * SDK (@microsoft/agents-hosting) means rewriting this file and nothing else.
 */
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type BotAdapter,
  type ConversationReference,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type ServiceClientCredentialsFactory } from 'botframework-connector';
import restify, { type Request, type Response, type Server } from 'restify';
import type { AdminService } from '../src/service/admin/admin-service';
import { alertCard, alertSummary } from './cards/alert-card';
import { AlertDeliveryError, NoAlertChannelError } from '../src/alerts/errors';
import type { AlertEngine } from '../src/alerts/alert-engine';
import type { AlertMessage, AlertSink, DeliveryReceipt } from '../src/alerts/alert-types';
import { createMemoryAlertRepository } from '../src/alerts/memory-alert-repository';
import type { AlertRepository } from '../src/alerts/alert-repository';
import type { Clock } from '../src/time/clock';
import { requireMediaType } from '../src/http/require-media-type';
import { sendRefusal } from '../src/http/refusal';
import { activityProblem } from './activity-shape';
import type { AdminDirectory } from './admin-directory';
import type { BotMessage, BotTurn, ConversationKind } from './bot-turn';
import { handleTurn } from './command-table';
import type { BotDeps, BotLog } from './handlers/bot-deps';

const BOT_FRAMEWORK = {
  channelTokenIssuer: 'https://api.botframework.com',
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
  oauthUrl: 'https://api.botframework.com',
  emulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  callerId: 'urn:botframework:azure',
};
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface BotLogicDeps {
  admin: AdminService;
  adminDirectory: AdminDirectory;
  alerts: AlertRepository;
  log: BotLog;
  clock?: Clock;
  /** The bot's Microsoft App ID; '' (demo): no authentication, as for a local Bot Connector. */
  appId?: string;
  pageSize?: number;
}

/** The bot's behaviour on any adapter (CloudAdapter in the service, TestAdapter in tests). */
export interface BotLogic {
  onTurn(context: TurnContext): Promise<void>;
  /** Posts alerts into the chosen channel (a new thread, then replies in it). */
  readonly alertSink: AlertSink;
  useAlertEngine(engine: Pick<AlertEngine, 'openAlerts' | 'deliverNow'>): void;
  /** Resolves when work that outlived its turn (a sync) is done. */
  idle(): Promise<void>;
}

export function createBotLogic(adapter: BotAdapter, deps: BotLogicDeps): BotLogic {
  const appId = deps.appId ?? '';
  const clock = deps.clock ?? { now: () => Date.now() };
  const handlerDeps: BotDeps = {
    admin: deps.admin,
    adminDirectory: deps.adminDirectory,
    alerts: deps.alerts,
    clock,
    log: deps.log,
    pageSize: deps.pageSize,
  };
  const running = new Set<Promise<void>>();

  const proactive = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) =>
    adapter.continueConversationAsync(appId, reference, logic);

  async function onMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    if (!tenantId) {
      await context.sendActivity('I can only work inside a Microsoft 365 tenant (this message carried no tenant id).');
      return;
    }
    const reference = TurnContext.getConversationReference(activity);
    let turnOpen = true;
    const channelData = (activity.channelData ?? {}) as { channel?: { id?: string; name?: string }; team?: { id?: string; name?: string } };
    const value =
      activity.value && typeof activity.value === 'object' && !Array.isArray(activity.value)
        ? (activity.value as Record<string, unknown>)
        : undefined;
    const turn: BotTurn = {
      tenantId,
      user: { aadObjectId: activity.from?.aadObjectId ?? activity.from?.id ?? '', name: activity.from?.name ?? 'someone' },
      conversation: {
        kind: conversationKind(activity),
        id: activity.conversation.id,
        name: channelData.channel?.name ?? channelData.team?.name ?? activity.conversation.name,
        teamId: channelData.team?.id,
        channelId: channelData.channel?.id,
      },
      text: commandText(activity),
      data: value,
      sourceMessageId: value ? activity.replyToId : undefined,
      async reply(message) {
        const outgoing = toActivity(message);
        if (turnOpen) return (await context.sendActivity(outgoing))?.id;
        let id: string | undefined;
        await proactive(reference, async (ctx) => void (id = (await ctx.sendActivity(outgoing))?.id));
        return id;
      },
      async update(messageId, message) {
        const outgoing = { ...toActivity(message), id: messageId, conversation: reference.conversation };
        if (turnOpen) await context.updateActivity(outgoing);
        else await proactive(reference, async (ctx) => void (await ctx.updateActivity(outgoing)));
      },
      background(work) {
        const task = work()
          .catch((error: unknown) =>
            deps.log.error({ tenantId, err: error instanceof Error ? error.message : String(error) }, 'bot background work failed'),
          )
          .finally(() => running.delete(task));
        running.add(task);
      },
      conversationReference: () => ({ ...reference, teamsChannelId: channelData.channel?.id, teamId: channelData.team?.id }),
    };
    try {
      await handleTurn(turn, { ...handlerDeps, alertEngine: engine });
    } finally {
      turnOpen = false;
    }
  }

  async function onInstalled(context: TurnContext, added: boolean): Promise<void> {
    const activity = context.activity;
    const tenantId = tenantOf(activity);
    const team = (activity.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
    if (!tenantId) return;
    if (!team?.id) {
      if (added) await context.sendActivity('Hi, I am PresenceBridge. Say "help" to see what I can do.');
      return;
    }
    if (!added) {
      await deps.alerts.removeInstallation(tenantId, team.id);
      const channel = await deps.alerts.channel(tenantId);
      if (channel?.reference.teamId === team.id) await deps.alerts.clearChannel(tenantId);
      deps.log.info({ tenantId, teamId: team.id }, 'bot removed from a team');
      return;
    }
    // The General channel's id is the team's id: alerts can start there until an admin picks a channel.
    const reference = { ...TurnContext.getConversationReference(activity), teamsChannelId: team.id, teamId: team.id };
    await deps.alerts.putInstallation({ tenantId, teamId: team.id, reference, installedAt: clock.now() });
    deps.log.info({ tenantId, teamId: team.id }, 'bot installed in a team');
    const hasChannel = (await deps.alerts.channel(tenantId)) !== undefined;
    if (!hasChannel)
      await deps.alerts.setChannel({ tenantId, reference, setBy: `installation in ${team.name ?? 'a team'}`, setAt: clock.now() });
    await context.sendActivity(
      `Hi, I am PresenceBridge. ${hasChannel ? 'Alerts go to the channel chosen earlier;' : 'Alerts come to this channel for now;'} @mention me with "alerts here" in any channel of this team to change that, or "help" for the rest.`,
    );
    if (!hasChannel) await engine?.deliverNow(tenantId);
  }

  let engine: Pick<AlertEngine, 'openAlerts' | 'deliverNow'> | undefined;

  const alertSink: AlertSink = {
    async deliver(message: AlertMessage): Promise<DeliveryReceipt> {
      const channel = await deps.alerts.channel(message.tenantId);
      if (!channel) throw new NoAlertChannelError(message.tenantId);
      const reference = channel.reference as Partial<ConversationReference> & { teamsChannelId?: string };
      const outgoing = toActivity({ text: alertSummary(message), card: alertCard(message) });
      try {
        if (message.threadId) {
          await proactive(
            { ...reference, conversation: { ...reference.conversation!, id: message.threadId } },
            async (ctx) => void (await ctx.sendActivity(outgoing)),
          );
          return { threadId: message.threadId };
        }
        if (
          reference.conversation?.conversationType === 'channel' &&
          reference.teamsChannelId &&
          reference.serviceUrl &&
          adapter instanceof CloudAdapter
        ) {
          // A new thread in the channel per alert; its resolution is posted as a reply in that thread.
          let threadId: string | undefined;
          await adapter.createConversationAsync(
            appId,
            reference.channelId ?? 'msteams',
            reference.serviceUrl,
            BOT_FRAMEWORK.oauthScope,
            {
              isGroup: true,
              bot: reference.bot!,
              channelData: { channel: { id: reference.teamsChannelId } },
              activity: outgoing as Activity,
              tenantId: message.tenantId,
              members: [],
            },
            async (ctx) => void (threadId = ctx.activity.conversation.id),
          );
          return { threadId };
        }
        let threadId = reference.conversation?.id;
        await proactive(reference, async (ctx) => void ((threadId = ctx.activity.conversation.id), await ctx.sendActivity(outgoing)));
        return { threadId };
      } catch (error) {
        throw new AlertDeliveryError(message.tenantId, error);
      }
    },
  };

  return {
    async onTurn(context) {
      const activity = context.activity;
      if (activity.type === ActivityTypes.Message) return onMessage(context);
      if (activity.type === ActivityTypes.ConversationUpdate) {
        const botId = activity.recipient?.id;
        if (activity.membersAdded?.some((m) => m.id === botId)) return onInstalled(context, true);
        if (activity.membersRemoved?.some((m) => m.id === botId)) return onInstalled(context, false);
        return;
      }
      if (activity.type === ActivityTypes.InstallationUpdate)
        return onInstalled(context, activity.action !== 'remove' && activity.action !== 'remove-upgrade');
    },
    alertSink,
    useAlertEngine(e) {
      engine = e;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

export interface RegisterBotDeps {
  admin: AdminService;
  adminDirectory: AdminDirectory;
  /** Its `alerts` repository keeps installations, the alert channel and the outbox (memory when absent). */
  store: { readonly alerts?: AlertRepository };
  logger: BotLog;
  clock?: Clock;
  /** Empty or absent (demo, local tests): no authentication of incoming activities. */
  appId?: string;
  appPassword?: string;
  /** For a single-tenant bot registration. */
  appTenantId?: string;
  /** Where the Bot Connector's signing keys are described (tests: a local metadata document). */
  openIdMetadataUrl?: string;
  /** Tests and custom outbound auth: how the bot proves itself to the Bot Connector. */
  credentialsFactory?: ServiceClientCredentialsFactory;
  pageSize?: number;
  /**
   * Replicas sharing the tenants: sends an activity for a tenant another replica runs there (true: relayed and
   * answered), so that commands reach the replica whose engine runs the tenant.
   */
  relay?(req: Request, res: Response, tenantId: string, activity: unknown): Promise<boolean>;
}

export interface RegisteredBot extends BotLogic {
  adapter: CloudAdapter;
}

/** Adds POST /api/messages to the service's restify server. */
export function registerBot(server: Server, deps: RegisterBotDeps): RegisteredBot {
  const appId = deps.appId ?? '';
  const auth = new StrictBotAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: deps.appPassword ?? '',
      MicrosoftAppTenantId: deps.appTenantId ?? '',
      MicrosoftAppType: deps.appTenantId ? 'SingleTenant' : 'MultiTenant',
      // Overriding one endpoint means stating them all: botbuilder then takes these instead of its defaults.
      ...(deps.openIdMetadataUrl
        ? {
            ToBotFromChannelOpenIdMetadataUrl: deps.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: BOT_FRAMEWORK.channelTokenIssuer,
            ToChannelFromBotLoginUrl: BOT_FRAMEWORK.loginUrl,
            ToChannelFromBotOAuthScope: BOT_FRAMEWORK.oauthScope,
            OAuthUrl: BOT_FRAMEWORK.oauthUrl,
            ToBotFromEmulatorOpenIdMetadataUrl: BOT_FRAMEWORK.emulatorOpenIdMetadataUrl,
            CallerId: BOT_FRAMEWORK.callerId,
          }
        : {}),
    },
    deps.credentialsFactory,
    (error) =>
      deps.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'an incoming activity could not be verified (are the Bot Framework signing keys reachable?); refused with 401',
      ),
  );
  const adapter = new CloudAdapter(auth);
  const logic = createBotLogic(adapter, {
    admin: deps.admin,
    adminDirectory: deps.adminDirectory,
    alerts: deps.store.alerts ?? createMemoryAlertRepository(),
    log: deps.logger,
    clock: deps.clock,
    appId,
    pageSize: deps.pageSize,
  });
  adapter.onTurnError = async (context, error) => {
    deps.logger.error({ err: error.message, activityType: context.activity.type }, 'bot turn failed');
    await context
      .sendActivity('Sorry, something went wrong on my side. Try again; if it keeps failing, the service log says why.')
      .catch(() => undefined);
  };
  server.post(
    '/api/messages',
    requireMediaType('application/json'),
    restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }),
    async (req: Request, res: Response) => {
      const problem = activityProblem(req.body);
      if (problem) return sendRefusal(res, 400, 'malformedActivity', problem);
      const tenantId = tenantOf(req.body as Activity);
      if (tenantId && deps.relay && (await deps.relay(req, res, tenantId, req.body))) return;
      await adapter.process(req, res, (context) => logic.onTurn(context));
    },
  );
  return { ...logic, adapter };
}

/**
 * botbuilder answers a token with a bad signature with 500 (jsonwebtoken's error is not its
 * AuthenticationError), and so it does when the signing keys cannot be fetched: any token that is not
 * verified is a 401. A caller is never let in unverified; a failure to verify that is not the token's fault
 * is reported through `onUnverifiable` so an outage is seen in the log.
 */
class StrictBotAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    credentialsFactory: ServiceClientCredentialsFactory | undefined,
    private readonly onUnverifiable: (error: unknown) => void,
  ) {
    super(config, credentialsFactory);
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const name = (error as Error)?.name;
      if (name === 'JsonWebTokenError' || name === 'NotBeforeError' || name === 'TokenExpiredError')
        throw new AuthenticationError(`Unauthorized: ${(error as Error).message}`, 401);
      this.onUnverifiable(error);
      throw new AuthenticationError('Unauthorized: the token could not be verified.', 401);
    }
  }
}

function tenantOf(activity: Activity): string | undefined {
  return activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

function conversationKind(activity: Activity): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
}

/** The text with the bot's @mention (and any leftover <at> tags) removed. */
function commandText(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function toActivity(message: BotMessage): Partial<Activity> {
  if (!message.card) return { type: ActivityTypes.Message, text: message.text ?? '' };
  return { type: ActivityTypes.Message, summary: message.text, attachments: [{ contentType: ADAPTIVE_CARD, content: message.card }] };
}
