/** `twilio-graphql serve`: start the gateway, print how to use it, stop gracefully on SIGINT/SIGTERM. */
import { EXAMPLE_QUERY_ONE_LINE } from '../gateway/example-query.js';
import { startGateway, type GatewayConfig, type RunningGateway } from '../gateway/start.js';
import { parseServeArgs, SERVE_HELP, type ServeEnv } from './serve-options.js';
import { nextShutdownSignal } from './shutdown.js';

/**
 * Runs `serve` until SIGINT/SIGTERM. Resolves to the exit status: 0 after a graceful stop, 1 when
 * the gateway cannot start.
 * @throws UsageError for bad flags or environment (the caller prints it with a hint).
 */
export async function runServe(argv: readonly string[], env: ServeEnv): Promise<number> {
  const command = parseServeArgs(argv, env);
  if (command.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const stopping = nextShutdownSignal();
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(command.config);
  } catch (error) {
    process.stderr.write(`twilio-graphql: cannot start: ${startFailure(error, command.config)}\n`);
    return 1;
  }
  // The banner and stop messages are for the person at the terminal: on stderr, so stdout carries
  // only the JSON log lines (`--log-level info`) and can be piped to a log collector as is.
  process.stderr.write(banner(gateway, command.notes, command.config.persistedOperations !== undefined));
  const signal = await stopping;
  process.stderr.write(`\n${signal}: finishing in-flight requests, then stopping…\n`);
  await gateway.close();
  process.stderr.write('Stopped.\n');
  return 0;
}

/** What a new user needs: where GraphiQL is (none in persisted mode), and a command that works as printed. */
function banner(gateway: RunningGateway, notes: readonly string[], persisted: boolean): string {
  // Query text is refused in persisted mode: the example names an operation of the file by its hash.
  const body = persisted
    ? '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"<sha256 of an operation in the file>"}}}'
    : JSON.stringify({ query: EXAMPLE_QUERY_ONE_LINE });
  const endpoint = persisted
    ? `  GraphQL:        ${gateway.graphqlUrl}  (persisted operations only; no GraphiQL)`
    : `  GraphiQL:       ${gateway.graphqlUrl}  (open in a browser)`;
  const lines = ['', 'twilio-graphql gateway is running', endpoint];
  if (gateway.emulator !== undefined && gateway.demoAuthorization !== undefined) {
    lines.push(
      `  Emulator:       ${gateway.emulator.url}  (embedded, demo data, account ${gateway.emulator.accountSid})`,
      `  Flex tokens:    POST ${gateway.emulator.url}/__emulator/flex/tokens  {"identity":"alice","roles":["agent"]}`,
      `  Authorization:  ${gateway.demoAuthorization}  (demo account${persisted ? '' : '; pre-filled in GraphiQL'})`,
      ...notes.map((note) => `  ${note}`),
      '',
      'Try it:',
      `  curl -s ${gateway.graphqlUrl} \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -H 'Authorization: ${gateway.demoAuthorization}' \\`,
      `    -d '${body}'`,
    );
  } else {
    lines.push(
      ...notes.map((note) => `  ${note}`),
      '',
      'Try it (Basic auth with your Account SID and Auth Token, or an API key plus X-Twilio-Account-Sid):',
      `  curl -s ${gateway.graphqlUrl} \\`,
      `    -H 'Content-Type: application/json' \\`,
      `    -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" \\`,
      `    -d '${body}'`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/** Why the gateway could not start, in one line; a port in use names the flag that moves it. */
function startFailure(error: unknown, config: GatewayConfig): string {
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code === 'EADDRINUSE') {
    const emulatorPort = config.upstream.kind === 'embedded-emulator' ? config.upstream.port : undefined;
    const flag = port !== undefined && port === emulatorPort && port !== config.port ? '--emulator-port' : '--port';
    return `port ${typeof port === 'number' ? port : (config.port ?? '')} is already in use; pass ${flag} <n> (0 picks a free port).`;
  }
  return error instanceof Error ? error.message : String(error);
}
