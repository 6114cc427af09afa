/**
 * Persisted-operations mode: only operations known by hash run; query text is refused. The store is
 * read from the JSON a build step emits — GraphQL Codegen's `persisted-documents.json`
 * (`{ "<hash>": "<document>" }`) or an Apollo persisted-query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`) — and plugged
 * into mercurius as its `persistedQueryProvider`.
 */
import { readFileSync } from 'node:fs';
import type { PersistedQueryProvider } from 'mercurius';
import { RefusedRequestError } from './errors.js';

/** Operation hash → GraphQL document text. */
export type PersistedOperations = ReadonlyMap<string, string>;

/** Longest hash accepted, in characters (a sha256 hex digest is 64). */
const MAX_HASH_LENGTH = 256;

/**
 * Parses a persisted-operations document (either format above).
 * @throws Error naming what is wrong with the document.
 */
export function parsePersistedOperations(json: unknown): PersistedOperations {
  const operations = new Map<string, string>();
  const add = (hash: unknown, body: unknown, where: string) => {
    if (typeof hash !== 'string' || hash === '' || hash.length > MAX_HASH_LENGTH) {
      throw new Error(`${where}: the hash must be a non-empty string of at most ${MAX_HASH_LENGTH} characters.`);
    }
    if (typeof body !== 'string' || body.trim() === '') throw new Error(`${where}: the operation must be non-empty GraphQL text.`);
    operations.set(hash, body);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error('Persisted operations must be a JSON object: { "<hash>": "<query>" } or an Apollo persisted-query manifest.');
  }
  const record = json as Record<string, unknown>;
  if (record['format'] === 'apollo-persisted-query-manifest') {
    const list = record['operations'];
    if (!Array.isArray(list)) throw new Error('Apollo persisted-query manifest: "operations" must be an array.');
    list.forEach((entry: { id?: unknown; body?: unknown } | null, i) => add(entry?.id, entry?.body, `operations[${i}]`));
  } else {
    for (const [hash, body] of Object.entries(record)) add(hash, body, `entry "${hash.slice(0, 80)}"`);
  }
  if (operations.size === 0) throw new Error('Persisted operations: the file lists no operations.');
  return operations;
}

/**
 * Reads and parses a persisted-operations file.
 * @throws Error naming the file and the problem.
 */
export function loadPersistedOperations(file: string): PersistedOperations {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read persisted operations from ${file}: ${(error as Error).message}`);
  }
  try {
    return parsePersistedOperations(json);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** The parts of a GraphQL-over-HTTP request that can name a persisted operation. */
interface PersistedRequest {
  query?: unknown;
  id?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

/** The hash a request names: `extensions.persistedQuery.sha256Hash`, else `documentId`, else `id`. */
function requestedHash(request: PersistedRequest): unknown {
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return persisted?.sha256Hash ?? request.documentId ?? request.id;
}

/**
 * A mercurius `persistedQueryProvider` that runs only `operations`. Every request is treated as
 * persisted; one without a hash, with an unknown hash, or whose query text differs from the stored
 * operation is refused before parsing.
 */
export function persistedOperationsProvider(operations: PersistedOperations): PersistedQueryProvider {
  return {
    isPersistedQuery: () => true,
    // No automatic persisting: unknown text is never learned, only refused.
    isPersistedQueryRetry: () => false,
    getHash(body): string {
      const request = body as PersistedRequest;
      const hash = requestedHash(request);
      if (hash === undefined || hash === null) {
        throw new RefusedRequestError(
          'This gateway runs only persisted operations: send the hash of a known operation in extensions.persistedQuery.sha256Hash (or "documentId" / "id") instead of query text.',
          'PERSISTED_QUERY_REQUIRED',
        );
      }
      const known = typeof hash === 'string' ? operations.get(hash) : undefined;
      if (known === undefined) {
        const shown = typeof hash === 'string' ? JSON.stringify(hash.slice(0, 80)) : `of type ${typeof hash}`;
        throw new RefusedRequestError(`No persisted operation has the hash ${shown}; this gateway runs only its persisted operations.`, 'PERSISTED_QUERY_NOT_FOUND');
      }
      if (typeof request.query === 'string' && request.query !== '' && request.query !== known) {
        throw new RefusedRequestError(
          'The query text sent does not match the persisted operation with that hash; send the hash alone.',
          'PERSISTED_QUERY_MISMATCH',
        );
      }
      return hash as string;
    },
    getQueryFromHash: async (hash: string): Promise<string | undefined> => operations.get(hash),
  };
}
