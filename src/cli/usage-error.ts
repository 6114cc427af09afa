/** A command-line mistake: printed as-is with a pointer to `--help`, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Turns node:util `parseArgs` errors into {@link UsageError}s naming the command (its own messages
 * say "This command" and point at `strict` internals); anything else is rethrown untouched.
 */
export function asUsageError(error: unknown, command: string): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_') || !(error instanceof Error)) throw error;
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    throw new UsageError(`Unknown option ${quoted} for "${command}".`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) {
    throw new UsageError(`Unexpected argument "${quoted}": "${command}" takes no positional arguments.`);
  }
  // e.g. "Option '--port <value>' argument missing", which reads fine as it is.
  throw new UsageError(error.message);
}
