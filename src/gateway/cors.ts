/**
 * CORS for browser clients on other origins (a Flex UI or plugin sending `Authorization: Bearer`),
 * off unless origins are configured. Only the listed origins, only GET and POST, and only the headers
 * a GraphQL client needs: `Authorization`, `Content-Type` and `X-Twilio-Account-Sid`. CORS never
 * lends the server's credentials: a header-less request from another origin is refused in auth.ts.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** Request headers a cross-origin page may send. */
const CORS_ALLOWED_HEADERS: readonly string[] = ['Authorization', 'Content-Type', 'X-Twilio-Account-Sid'];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Checks that every entry is an origin exactly as browsers send it (`https://flex.twilio.com`,
 * `http://localhost:3000`: scheme, host and port only).
 * @throws Error naming the first entry that is not.
 */
export function assertCorsOrigins(origins: readonly string[]): void {
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== origin) {
      throw new Error(`CORS origin "${origin}" is not an origin: give scheme, host and optional port, e.g. https://flex.twilio.com.`);
    }
  }
}

/** Registers CORS for `origins` on `app` (before the routes it should cover). */
export async function installCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  assertCorsOrigins(origins);
  await app.register(cors, {
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    maxAge: PREFLIGHT_MAX_AGE_S,
  });
}
