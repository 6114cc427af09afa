/**
 * The request body limit, answered with a GraphQL error that names the limit. fastify enforces
 * `bodyLimit` itself, with a generic "Request body is too large"; this hook refuses oversized bodies
 * first, both when `Content-Length` announces them and when a chunked body grows past the limit.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LimitError } from './errors.js';

function tooLarge(limit: number, value: number, announced: boolean): LimitError {
  return new LimitError(
    `Request body ${announced ? `of ${value} bytes` : 'of more than ' + limit + ' bytes'} exceeds the limit of ${limit} bytes (limit "bodyLimit").`,
    { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyLimit', value, max: limit },
    413,
  );
}

/** A fastify `preParsing` hook refusing bodies larger than `limit` bytes with a clear error. */
export function bodyLimitHook(limit: number) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> => {
    const header = request.headers['content-length'];
    if (header !== undefined) {
      const length = Number(header);
      if (length > limit) throw tooLarge(limit, length, true);
      return payload;
    }
    // Chunked: count as it streams; the error reaches fastify's body reader before the excess does.
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        received += chunk.length;
        if (received > limit) callback(tooLarge(limit, received, false));
        else callback(null, chunk);
      },
    });
    payload.on('error', (error) => counter.destroy(error));
    return payload.pipe(counter);
  };
}
