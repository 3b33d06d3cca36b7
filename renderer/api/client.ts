import { methodNames, type StandoffApi } from '../../shared/api/contract';
import { deserializeError, type SerializedError } from '../../shared/api/errors';

/** What a door returns for one call: the result, or the error in plain data. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: SerializedError };
export type Transport = (method: string, input: unknown) => Promise<Envelope>;

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    standoff?: { invoke: Transport };
  }
}

/** A typed client of the service over any transport: every method of the contract, nothing else. */
export function createClient(transport: Transport): StandoffApi {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methodNames) {
    client[method] = async (input: unknown) => {
      const envelope = await transport(method, input ?? {});
      if (!envelope.ok) throw deserializeError(envelope.error);
      return envelope.result;
    };
  }
  return client as unknown as StandoffApi;
}

/** Browser mode: the loopback server, with the run's token taken from the address once. */
function httpTransport(): Transport {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('standoff-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem('standoff-token') ?? '';
  return async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-standoff-token': token },
        body: JSON.stringify(input),
      });
    } catch (e) {
      return { ok: false, error: { code: 'io', message: `the Standoff server cannot be reached (${(e as Error).message})` } };
    }
    try {
      return (await res.json()) as Envelope;
    } catch (e) {
      // Not the service's answer (a proxy, a server going down mid-reply): it may pass later.
      return { ok: false, error: { code: 'io', message: `the Standoff server gave no answer (${res.status} ${(e as Error).message})` } };
    }
  };
}

export const api: StandoffApi = createClient(window.standoff ? window.standoff.invoke : httpTransport());
