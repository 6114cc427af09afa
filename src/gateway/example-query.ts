/**
 * The operation the README, the start-up banner and GraphiQL's first tab show. It reads the embedded
 * emulator's demo data (one workspace, its workers), so it answers on a fresh machine.
 */
export const EXAMPLE_QUERY = `{
  workspaces(first: 1) {
    nodes {
      friendlyName
      workers(first: 3) {
        nodes { friendlyName activityName available }
      }
    }
  }
}`;

/** {@link EXAMPLE_QUERY} on one line, for curl command lines. */
export const EXAMPLE_QUERY_ONE_LINE = EXAMPLE_QUERY.replace(/\s+/g, ' ').trim();
