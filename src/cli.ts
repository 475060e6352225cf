/** The `presence-bridge` command: one table of subcommands, each in its own file under commands/. */
import { ConfigError } from './config';
import { checkCommand } from './commands/check';
import type { CommandIo } from './commands/command-io';
import { explainCommand } from './commands/explain';
import { mappingCommand, pbxUsersCommand } from './commands/mapping';
import { rulesCommand } from './commands/rules';
import { startCommand } from './commands/start';
import { UsageError } from './commands/usage-error';
import { usersCommand } from './commands/users';

export type { CommandIo };

interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'start the service (demo mode when no tenant is configured)',
    usage: 'presence-bridge start',
    run: (_args, io) => startCommand(io, { forceDemo: false }),
  },
  demo: {
    summary: 'start in demo mode: SQLite, built-in Graph and PBX simulators',
    usage: 'presence-bridge demo',
    run: (_args, io) => startCommand(io, { forceDemo: true }),
  },
  check: {
    summary: 'validate settings and test the connections (token, permissions, PBX)',
    usage: 'presence-bridge check',
    run: (_args, io) => checkCommand(io),
  },
  rules: {
    summary: 'show what a preset does with a Teams presence or a PBX line state',
    usage: 'presence-bridge rules map --preset <name> (--teams <Availability>/<Activity> | --pbx <line state>)',
    run: (args, io) => rulesCommand(args, io),
  },
  users: {
    summary: 'mapping summary: matched, unmatched, conflicts',
    usage: 'presence-bridge users [--tenant <id>]',
    run: (args, io) => usersCommand(args, io),
  },
  mapping: {
    summary: 'export the mapping overrides as CSV, or import them (preview; --apply stores)',
    usage: 'presence-bridge mapping export | mapping import <file.csv> [--apply] [--tenant <id>]',
    run: (args, io) => mappingCommand(args, io),
  },
  'pbx-users': {
    summary: 'import the PBX user list from CSV, for PBXes that cannot list their users',
    usage:
      'presence-bridge pbx-users import <file.csv> [--apply] [--tenant <id>]   (columns: extension,email,phoneNumber,displayName,username)',
    run: (args, io) => pbxUsersCommand(args, io),
  },
  explain: {
    summary: 'the last sync decisions for one user, from the trace',
    usage: 'presence-bridge explain <user principal name, e-mail or id> [--tenant <id>] [--limit N]',
    run: (args, io) => explainCommand(args, io),
  },
};

function help(io: CommandIo): void {
  io.out('presence-bridge: keeps Microsoft Teams presence and PBX line state in step.\n');
  io.out('Commands:');
  for (const [name, c] of Object.entries(COMMANDS)) io.out(`  ${name.padEnd(10)} ${c.summary}\n             ${c.usage}`);
}

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".`);
    help(io);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof UsageError) {
      io.err(`${err.message}\nUsage: ${command.usage}`);
      return 2;
    }
    io.err(`presence-bridge ${name} failed: ${(err as Error).message}`);
    return 1;
  }
}

/** Run the command line of this process; `start` resolves only when the service stops. */
export function main(): void {
  const io: CommandIo = { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

// `npm start` / `npm run cli` run this file directly; bin/presence-bridge.cjs calls main() itself.
if (require.main === module) main();
