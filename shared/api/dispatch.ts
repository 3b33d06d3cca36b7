import { describeIssues } from '../format/errors';
import { inputSchemas, type MethodName, type StandoffApi } from './contract';
import { ApiError } from './errors';

function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(inputSchemas, name);
}

/**
 * The generic part of every door: checks that the method exists and that its argument fits
 * the contract, then calls the service. Doors add only their transport.
 */
export async function dispatch(service: StandoffApi, method: string, input: unknown): Promise<unknown> {
  if (!isMethod(method)) throw new ApiError('bad-request', `unknown method "${method}"`);
  const parsed = inputSchemas[method].safeParse(input ?? {});
  if (!parsed.success) {
    throw new ApiError('bad-request', `invalid arguments to ${method}: ${describeIssues(parsed.error.issues).join('; ')}`);
  }
  const call = service[method] as (arg: unknown) => Promise<unknown>;
  return call.call(service, parsed.data);
}
