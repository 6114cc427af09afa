/**
 * The `twilio-graphql` command: `serve` (default) and `emulator`. `bin/twilio-graphql.js` calls
 * {@link runCli} from the build; `node --import tsx src/cli/main.ts` runs it from source.
 */
import { pathToFileURL } from 'node:url';
import { PACKAGE_VERSION } from '../version.js';
import { asUsageError, UsageError } from './usage-error.js';

/** Top-level help; each command documents its own flags and environment under `<command> --help`. */
export const MAIN_HELP = `Usage: twilio-graphql [command] [options]

One typed GraphQL graph over Twilio's REST APIs, plus a local Twilio emulator.

Commands:
  serve      Run the GraphQL gateway (default). With no Twilio credentials it starts the embedded
             emulator with demo data, so it works offline.
  emulator   Run only the local Twilio emulator.
  help       Show this help.

Options:
  -h, --help     Show this help
  -v, --version  Print the version

Run "twilio-graphql <command> --help" for the command's options and environment variables.
`;

/** The commands, for the message about an unknown one. */
const COMMANDS: readonly string[] = ['serve', 'emulator', 'help'];

/**
 * Runs the command line `argv` (without node and script) and resolves to the process exit status:
 * 0 on success, 1 on a runtime failure, 2 on a usage error.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-');
  // `twilio-graphql --help` is about the command as a whole; `serve --help` covers serve's flags.
  if (first === '--help' || first === '-h') return print(MAIN_HELP);
  if (first === '--version' || first === '-v') return print(`${PACKAGE_VERSION}\n`);
  const command = named ? first : 'serve';
  const args = named ? rest : argv;
  try {
    switch (command) {
      // Commands are imported on demand so that running the emulator alone never loads the gateway.
      case 'serve': {
        const { runServe } = await import('./serve.js');
        return await runServe(args, process.env);
      }
      case 'emulator': {
        const { runEmulatorCli } = await import('../emulator/cli.js');
        return await runEmulatorCli(args).catch((error: unknown) => asUsageError(error, 'emulator'));
      }
      case 'help':
        return print(MAIN_HELP);
      default:
        throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(', ')}.`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // A known command (serve when none is named) has help of its own; an unknown one the whole command's.
    const helpOf = command !== 'help' && COMMANDS.includes(command) ? `${command} ` : '';
    process.stderr.write(`twilio-graphql: ${error.message}\nRun "twilio-graphql ${helpOf}--help" for usage.\n`);
    return 2;
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

// Run when executed directly (from source via tsx); the bin script imports this module instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
