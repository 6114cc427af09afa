/**
 * Child process for the benchmark: the smallest possible process between a client and the emulator,
 * to measure what one extra hop costs on this machine before any gateway logic. For every request it
 * makes the same REST call the direct-REST contender makes (`GET {emulator}{path}` with the caller's
 * `Authorization`), parses the JSON and answers it re-serialised under `data`, as a GraphQL server
 * would. node:http and undici, nothing else.
 *
 * Usage: node bench/lib/floor-process.ts <emulatorUrl> <path>   (run with --import tsx)
 * Prints one JSON line `{ "url": "http://127.0.0.1:PORT/" }` once listening; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const [emulatorUrl, path] = process.argv.slice(2);
if (emulatorUrl === undefined || path === undefined) {
  process.stderr.write('usage: floor-process.ts <emulatorUrl> <path>\n');
  process.exit(2);
}
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const headers = typeof req.headers.authorization === 'string' ? { authorization: req.headers.authorization } : {};
    request(emulatorUrl + path, { headers, dispatcher: agent })
      .then(async (upstream) => {
        const body = JSON.stringify({ data: JSON.parse(await upstream.body.text()) as unknown });
        res.writeHead(upstream.statusCode === 200 ? 200 : 502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })
      .catch((error: unknown) => {
        res.writeHead(502).end(String(error));
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}/` }) + '\n');
});
process.on('SIGTERM', () => {
  server.close();
  void agent.close();
});
