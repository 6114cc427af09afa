/**
 * Twilio-shaped errors. Every rejection the emulator produces is an `EmulatorError`, rendered as
 * `{ code, message, more_info, status }` with the matching HTTP status.
 */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }

  /** The JSON body Twilio sends for this error. */
  toBody(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

/** Twilio's legacy error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** 404/20404: missing resource or unknown path. */
export function notFound(what = 'The requested resource was not found'): EmulatorError {
  return new EmulatorError(404, 20404, what);
}

/** 401/20003: bad or missing credentials, or an account the credentials may not reach. */
export function authError(message = 'Authenticate'): EmulatorError {
  return new EmulatorError(401, 20003, message);
}

/** 400/20001: an invalid parameter; the message names it. */
export function invalidParam(message: string): EmulatorError {
  return new EmulatorError(400, 20001, message);
}

/** 405/20004: the path exists but not with this method. */
export function methodNotAllowed(method: string): EmulatorError {
  return new EmulatorError(405, 20004, `Method ${method} not allowed`);
}
