/** Shared helpers for the federation tests: GraphQL POSTs and the emulator's request counters. */

/** POSTs a GraphQL request and returns the parsed body. */
export async function graphql(url: string, query: string, variables?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return response.json();
}

/** Upstream calls the emulator received since the last reset, by route. */
export async function emulatorRequests(emulatorUrl: string): Promise<{ total: number; byRoute: Record<string, number> }> {
  const response = await fetch(`${emulatorUrl}/__emulator/requests`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as { total: number; byRoute: Record<string, number> };
}

/** Zeroes the emulator's request counters. */
export async function resetEmulatorRequests(emulatorUrl: string): Promise<void> {
  await fetch(`${emulatorUrl}/__emulator/requests/reset`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
}
