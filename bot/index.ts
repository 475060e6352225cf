/** The admin bot: what the service's composition root imports. */
export { registerBot, createBotLogic, type RegisterBotDeps, type RegisteredBot, type BotLogic, type BotLogicDeps } from './botbuilder-glue';
export {
  createGraphAdminDirectory,
  demoAdminDirectory,
  AdminCheckError,
  RoleDetailsHiddenError,
  GLOBAL_ADMINISTRATOR,
  TEAMS_ADMINISTRATOR,
  type AdminDirectory,
  type GraphAdminDirectoryOptions,
} from './admin-directory';
export { COMMANDS, parseCommand, handleTurn, type Command } from './command-table';
export type { BotTurn, BotMessage, ConversationKind } from './bot-turn';
export type { BotDeps, BotLog } from './handlers/bot-deps';
