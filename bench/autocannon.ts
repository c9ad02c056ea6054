// The part of autocannon (no type declarations shipped) the HTTP benchmarks use.
import { createRequire } from 'node:module';

export interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}

export type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests?: Array<{ method: 'GET'; path: string; headers?: Record<string, string> }>;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;

export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
