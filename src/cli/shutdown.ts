/** Waiting for the operator's stop request. */

/**
 * Resolves with the first SIGINT or SIGTERM. Both handlers are removed then, so a second signal
 * gets node's default behaviour (immediate exit): a stuck shutdown can always be interrupted.
 */
export function nextShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
