/**
 * The external recommender (docs/RECOMMEND.md, "External recommender"): a team's own model
 * service asked over HTTP, as INCEpTION's external recommender is, but with plain JSON instead
 * of UIMA CAS XMI. Standoff POSTs to the configured URL
 *
 *   { "document": { "id", "text" }, "labels": [{ "id", "name", "description"?, "attributes" }],
 *     "layer": { "spans": [{ "label", "startOffset", "endOffset" }] } }
 *
 * and the service answers
 *
 *   { "spans": [{ "label", "startOffset", "endOffset", "score", "attributes"?, "why"? }] }
 *
 * with offsets in Unicode code points (as every Standoff offset; docs/FORMAT.md), start
 * inclusive, end exclusive. A service that cannot be reached, is too slow (timeoutMs) or answers
 * something else is reported in words; the other recommenders still answer.
 */
import { z } from 'zod';
import { describeIssues } from '../../shared/format/errors';
import type { LabelSchema } from '../../shared/model/labels';
import type { Proposal, RecommendContext, Recommender } from '../../shared/recommend/types';
import type { ExternalSettings } from './files';

export const EXTERNAL_ID = 'external';
/** The most an answer may weigh: a service gone wrong must not fill the service's memory. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

const attributeValue = z.union([
  z.string(),
  z.array(z.string()),
  z.number(),
  z.boolean(),
  z.strictObject({ min: z.number().int().nullable(), max: z.number().int().nullable() }),
]);
const answerSchema = z.object({
  spans: z.array(
    z.object({
      label: z.string().min(1),
      startOffset: z.number().int().min(0),
      endOffset: z.number().int().min(0),
      score: z.number().min(0).max(1).optional(),
      attributes: z.record(z.string(), attributeValue).optional(),
      why: z.string().max(500).optional(),
    }),
  ),
});

/** What Standoff sends: the request body of the protocol. */
export function externalRequest(context: RecommendContext) {
  return {
    document: { id: context.docId, text: context.text },
    labels: context.schema.labels.map((l) => ({
      id: l.id,
      name: l.name,
      ...(l.description ? { description: l.description } : {}),
      attributes: l.attributes.map((a) => ({ id: a.id, name: a.name, type: a.type, ...('options' in a ? { options: a.options.map((o) => o.id) } : {}) })),
    })),
    layer: { spans: context.spans.map((s) => ({ label: s.label, startOffset: s.startOffset, endOffset: s.endOffset })) },
  };
}

/** An external service that could not answer, in words an analyst reads in the recommenders panel. */
export class ExternalProblem extends Error {}

/**
 * Asks the service for one document. Resolves with its proposals; throws ExternalProblem saying
 * what went wrong (not reachable, too slow, an HTTP error, an answer not in the protocol).
 */
export async function askExternal(settings: ExternalSettings, context: RecommendContext): Promise<Proposal[]> {
  const where = new URL(settings.url).host;
  let response: Response;
  try {
    response = await fetch(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(externalRequest(context)),
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new ExternalProblem(`the external recommender at ${where} did not answer within ${seconds(settings.timeoutMs)}`);
    const code = err.cause?.code;
    if (code === 'ECONNREFUSED') throw new ExternalProblem(`the external recommender at ${where} cannot be reached: nothing answers there (is the service running?)`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new ExternalProblem(`the external recommender's address ${where} is not known (check the URL)`);
    throw new ExternalProblem(`the external recommender at ${where} cannot be reached (${code ?? err.message})`);
  }
  let body: string;
  try {
    body = await readCapped(response, MAX_ANSWER_BYTES);
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw new ExternalProblem(`the external recommender at ${where} did not finish its answer within ${seconds(settings.timeoutMs)}`);
    throw new ExternalProblem(`the external recommender at ${where} broke off its answer (${(e as Error).message})`);
  }
  if (!response.ok) throw new ExternalProblem(`the external recommender at ${where} answered HTTP ${response.status}${body.trim() ? `: ${body.trim().slice(0, 200)}` : ''}`);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new ExternalProblem(`the external recommender at ${where} answered something that is not JSON`);
  }
  const parsed = answerSchema.safeParse(data);
  if (!parsed.success) throw new ExternalProblem(`the external recommender at ${where} answered outside the protocol: ${describeIssues(parsed.error.issues, 3).join('; ')}`);
  return parsed.data.spans.map((s) => ({
    label: s.label,
    startOffset: s.startOffset,
    endOffset: s.endOffset,
    score: s.score ?? 0.5,
    ...(s.attributes ? { attributes: s.attributes } : {}),
    ...(s.why ? { why: s.why } : {}),
  }));
}

async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) throw new Error(`${declared} bytes, more than the ${max} allowed`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`more than the ${max} bytes allowed`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/** The registry entry: asks the service the project names in recommenders.json; no URL, no answer. */
export function externalRecommender(settings: () => ExternalSettings | null): Recommender {
  return {
    id: EXTERNAL_ID,
    name: 'External model service',
    description: 'Asks a model service of your own over HTTP (docs/RECOMMEND.md gives the protocol).',
    kind: 'external',
    labels: (schema: LabelSchema) => schema.labels.map((l) => l.id),
    enabledByDefault: false,
    recommend: async (context) => {
      const s = settings();
      if (!s) throw new ExternalProblem('no address is set for the external recommender (set its URL in the recommenders panel)');
      return askExternal(s, context);
    },
  };
}
