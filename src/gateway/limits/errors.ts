import type { SourceLocation } from 'graphql';
import type { Locatable } from '../preflight/locations.js';

/**
 * Rejections raised before execution. They are plain errors shaped like mercurius's
 * `ErrorWithProps` (`extensions`, `statusCode`): thrown from a hook, mercurius turns them into a
 * GraphQL error carrying these extensions, answered with the given HTTP status.
 */

/** `extensions` of a limit rejection: which limit, the request's value and the cap. */
export interface LimitExtensions {
  code: string;
  limit: string;
  value: number;
  max: number;
  [key: string]: unknown;
}

/** A request refused because it exceeds a configured limit. */
export class LimitError extends Error implements Locatable {
  override readonly name = 'LimitError';
  readonly extensions: LimitExtensions;
  readonly statusCode: number;
  /** Where the offending argument or field is, when the limit is about one (`first`). */
  locations?: readonly SourceLocation[];

  constructor(message: string, extensions: LimitExtensions, statusCode = 400) {
    super(message);
    this.extensions = extensions;
    this.statusCode = statusCode;
  }
}

/** A request refused for a reason other than size (introspection off, unknown persisted operation). */
export class RefusedRequestError extends Error implements Locatable {
  override readonly name = 'RefusedRequestError';
  readonly extensions: { code: string };
  readonly statusCode: number;
  /** Where the refused field is, when the refusal is about one (introspection). */
  locations?: readonly SourceLocation[];

  constructor(message: string, code: string, statusCode = 400) {
    super(message);
    this.extensions = { code };
    this.statusCode = statusCode;
  }
}
