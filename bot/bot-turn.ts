/**
 * What a command handler sees of a conversation turn: no botbuilder types, so moving to the Microsoft 365
 * Agents SDK means rewriting only botbuilder-glue.ts.
 */
import type { AdaptiveCard } from './cards/card';

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** A reply: plain text, a card, or both (the text is the notification preview of a card). */
export interface BotMessage {
  text?: string;
  card?: AdaptiveCard;
}

export interface BotTurn {
  tenantId: string;
  user: { aadObjectId: string; name: string };
  conversation: { kind: ConversationKind; id: string; name?: string; teamId?: string; channelId?: string };
  /** The command text, mention removed, e.g. "pause Adele Vance". */
  text: string;
  /** Data of the card button that sent this turn (Action.Submit), if any. */
  data?: Record<string, unknown>;
  /** The message holding the card whose button sent this turn: pages are replaced in place. */
  sourceMessageId?: string;
  /** Posts a message in this conversation; resolves with its id. */
  reply(message: BotMessage): Promise<string | undefined>;
  /** Replaces an earlier message of the bot in this conversation (works after the turn has ended). */
  update(messageId: string, message: BotMessage): Promise<void>;
  /** Work that outlives the turn (a long sync); errors are logged. */
  background(work: () => Promise<void>): void;
  /** Where this conversation is, as opaque JSON, to post alerts to it later. */
  conversationReference(): Record<string, unknown>;
}
