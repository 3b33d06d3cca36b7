/**
 * The single typed contract of the Standoff service, composed of one slice per feature. Every
 * door (Electron IPC, the loopback HTTP server, the command line) calls these methods and
 * nothing else, and every argument is validated against `inputSchemas` where it crosses a door.
 *
 * Each slice (`shared/api/<feature>.ts`) declares its methods (`interface XApi`), their types
 * and their argument schemas (`xSchemas`) side by side. This file only composes them: it
 * imports every slice, and no slice imports it. It re-exports every slice, so code imports any
 * contract type from here. docs/ARCHITECTURE.md, "The service contract", says how to add one.
 */
import type { z } from 'zod';
import { agreementSchemas, type AgreementApi } from './agreement';
import { assignmentSchemas, type AssignmentApi } from './assignment';
import { corpusSchemas, type CorpusApi } from './corpus';
import { documentsSchemas, type DocumentsApi } from './documents';
import { entitiesSchemas, type EntitiesApi } from './entities';
import { jobsSchemas, type JobsApi, type LongMethod } from './jobs';
import { layersSchemas, type LayersApi } from './layers';
import { liveSchemas, type LiveApi } from './live';
import { projectSchemas, type ProjectApi } from './project';
import { reviewSchemas, type ReviewApi } from './review';
import { searchSchemas, type SearchApi } from './search';
import { syncSchemas, type SyncApi } from './sync';
import { transferSchemas, type TransferApi } from './transfer';
import { uploadsSchemas, type UploadsApi } from './uploads';
import { notesSchemas, type NotesApi } from './notes';
import { recommendSchemas, type RecommendApi } from './recommend';

export { isAbsolutePath, type FileProblem, type SchemasOf } from './common';
export * from './agreement';
export * from './assignment';
export * from './corpus';
export * from './documents';
export * from './entities';
export * from './jobs';
export * from './layers';
export * from './live';
export * from './project';
export * from './review';
export * from './search';
export * from './sync';
export * from './transfer';
export * from './uploads';
export * from './notes';
export * from './recommend';

export interface StandoffApi
  extends ProjectApi,
    DocumentsApi,
    LayersApi,
    EntitiesApi,
    SearchApi,
    ReviewApi,
    AgreementApi,
    TransferApi,
    UploadsApi,
    NotesApi,
    LiveApi,
    SyncApi,
    AssignmentApi,
    CorpusApi,
    RecommendApi,
    JobsApi<JobRequest> {}

export type MethodName = keyof StandoffApi;
export type MethodInput<M extends MethodName> = Parameters<StandoffApi[M]>[0];
export type MethodOutput<M extends MethodName> = Awaited<ReturnType<StandoffApi[M]>>;

/** A long method and its argument, as startJob takes them. */
export type JobRequest = { [M in LongMethod]: { method: M; input: MethodInput<M> } }[LongMethod];

/** Validation of every method's argument, applied by each door before the service runs. */
export const inputSchemas: { [M in MethodName]: z.ZodType<MethodInput<M>> } = {
  ...projectSchemas,
  ...documentsSchemas,
  ...layersSchemas,
  ...entitiesSchemas,
  ...searchSchemas,
  ...reviewSchemas,
  ...agreementSchemas,
  ...transferSchemas,
  ...uploadsSchemas,
  ...notesSchemas,
  ...liveSchemas,
  ...syncSchemas,
  ...assignmentSchemas,
  ...corpusSchemas,
  ...recommendSchemas,
  ...jobsSchemas<JobRequest>(() => inputSchemas),
};

export const methodNames = Object.keys(inputSchemas) as MethodName[];
