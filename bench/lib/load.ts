/**
 * Load generation: autocannon for workloads that are one HTTP request per operation, and a small
 * closed loop (same shape: N concurrent clients, each sending its next operation when the previous
 * one ends) for operations made of several dependent requests, which autocannon cannot time as a whole.
 */
import autocannon, { type AutocannonRequest } from 'autocannon';

/** What one run measured. */
export interface Sample {
  /** Operations completed (successful or not). */
  ops: number;
  /** Operations that failed (non-2xx, GraphQL errors, transport errors). */
  failures: number;
  durationS: number;
  /** Latency of every operation, in ms. */
  latencies: number[];
}

/** A request autocannon sends, with a check of its response. */
export interface CannonRequest extends AutocannonRequest {
  /** Returns false when the response is a failure (e.g. a GraphQL `errors` entry). */
  check?: (status: number, body: string) => boolean;
}

/** Runs autocannon against `url`, cycling through `requests` on every connection. */
export async function runCannon(url: string, requests: CannonRequest[], connections: number, durationS: number): Promise<Sample> {
  let failures = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: requests.map(({ check, ...request }) => ({
      ...request,
      onResponse: (status: number, body: string) => {
        if (status < 200 || status > 299 || (check !== undefined && !check(status, body))) failures++;
      },
    })),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  return { ops: latencies.length, failures: failures + result.errors + result.timeouts, durationS: result.duration, latencies };
}

/** Runs `operation` in `connections` closed loops for `durationS` seconds. */
export async function runLoop(operation: () => Promise<void>, connections: number, durationS: number): Promise<Sample> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await operation();
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  return { ops: latencies.length, failures, durationS: (performance.now() - started) / 1000, latencies };
}

/** Merges samples of the same contender and workload (the bench alternates short runs). */
export function mergeSamples(samples: Sample[]): Sample {
  return {
    ops: samples.reduce((n, s) => n + s.ops, 0),
    failures: samples.reduce((n, s) => n + s.failures, 0),
    durationS: samples.reduce((n, s) => n + s.durationS, 0),
    latencies: samples.flatMap((s) => s.latencies),
  };
}

/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
