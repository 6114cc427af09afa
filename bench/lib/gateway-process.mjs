// Child process for the benchmark: our gateway alone (its own RSS, CPU and cold start), from the
// compiled build in dist/ (what `twilio-graphql serve` runs), pointed at the bench emulator.
// Requests carry their own Authorization header, as they do for Mesh.
//
// Usage: node bench/lib/gateway-process.mjs <emulatorBaseUrl> <port>
// Prints one JSON line { "graphqlUrl": … } on stdout once listening; stops on SIGTERM.
import { startGateway } from '../../dist/gateway/start.js';

const [baseUrl, port] = process.argv.slice(2);
if (baseUrl === undefined || port === undefined) throw new Error('usage: gateway-process.mjs <emulatorBaseUrl> <port>');
const gateway = await startGateway({ upstream: { kind: 'url', baseUrl }, host: '127.0.0.1', port: Number(port) });
process.stdout.write(JSON.stringify({ graphqlUrl: gateway.graphqlUrl }) + '\n');
process.once('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
