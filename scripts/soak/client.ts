/**
 * A small client of the loopback HTTP door (backend/http/server.ts): POST /api/<method> with
 * the run's token, JSON in, `{ ok, result | error }` out.
 */
import { outcomeOf, type SaveOutcome } from './tally';

export interface Endpoint {
  port: number;
  token: string;
}

/** How long one call may take before it counts as failed. */
const TIMEOUT_MS = 20_000;

/** Calls a service method; what became of it, as a save outcome (never throws). */
export async function call(endpoint: Endpoint, method: string, input: unknown): Promise<SaveOutcome> {
  try {
    const res = await fetch(`http://127.0.0.1:${endpoint.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standoff-token': endpoint.token },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return outcomeOf(res.status, await res.text());
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { kind: 'failed', message: cause ?? (e as Error).message };
  }
}
