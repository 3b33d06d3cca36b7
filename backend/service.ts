import path from 'node:path';
import type {
  AgreementQuery,
  ArticleImportReport,
  JobRequest,
  JobStatus,
  DocumentSummary,
  EditResult,
  EntityDuplicate,
  EntityInput,
  EntityList,
  EntitySuggestion,
  ExportInput,
  ExportSummary,
  FinishedResult,
  ImportAnnotationsInput,
  ImportAnnotationsResult,
  MentionResult,
  Guidelines,
  SearchQuery,
  SearchResult,
  OpenedDocument,
  ProjectInfo,
  ProjectAgreementReport,
  ReviewProgress,
  SpanEditInput,
  StandoffApi,
  ValidationReport,
} from '../shared/api/contract';
import { ApiError } from '../shared/api/errors';
import type { ProjectEvents, SeatStatus } from '../shared/api/live';
import type { Entity } from '../shared/entities';
import type { LabelSchema } from '../shared/model/labels';
import type { Note } from '../shared/model/span';
import { schemaChangeProblems, type LayerUse } from '../shared/schema/conformance';
import { exportDataset } from './export/export';
import { importAnnotations } from './import/annotations';
import { findProjectMentions } from './search/mentions';
import { projectAgreement, type AgreementRunOptions } from './agreement/agreement';
import { reviewProgress } from './review/progress';
import { readChoice } from './review/choice';
import * as review from './review/methods';
import type { DisagreementQuery } from '../shared/api/review';
import { importArticles, importUploads } from './import/importer';
import { uploadProblem, type UploadedFile } from '../shared/api/uploads';
import { expandInputs } from './import/inputs';
import { unwatched, type JobContext } from './jobs/context';
import { JobRunner } from './jobs/runner';
import { GOLD } from '../shared/format/annotationFile';
import { FormatError } from '../shared/format/errors';
import { layout } from '../shared/format/layout';
import type { LoadedDocument } from './project/documents';
import { insideProject, readUtf8 } from './project/files';
import { Project } from './project/project';
import { Seats } from './project/seats';
import { LiveProject } from './live/liveProject';
import { validateProject } from './project/validate';
import { searchProject } from './search/projectSearch';
import { ProjectSync } from './sync/projectSync';
import { MemoryTokens, type TokenStore } from './sync/tokens';
import type { CloneResult, OpenProjectResult, SyncReport, SyncStatus } from '../shared/api/sync';
import type { Assignment, AssignmentChange, AssignmentPlan, PageAsked, Queue, TeamProgress } from '../shared/api/assignment';
import { AssignmentRoom } from './assignment/methods';
import type { DecisionResult, PredictionImport, RecommenderEvaluation, RecommenderInfo, SuggestionSet, TrainingStatus } from '../shared/api/recommend';
import type { DocumentPage, DocumentQuery, IndexProgress } from '../shared/api/corpus';
import { ProjectIndex } from './index/projectIndex';
import { RecommendRoom } from './recommend/room';
import { RulesWorker } from './recommend/rulesWorker';
import { createLearnedTrainer } from './recommend/learned';
import { ruleRecommenders } from '../shared/recommend';

/**
 * The Standoff service: every operation on a project, once. Electron IPC, the loopback HTTP
 * server and the command line are thin doors over an instance of this class.
 */
/** Minutes between two checks of every document's files in a project watched narrowly (LiveProject.start). */
const RECHECK_MINUTES = 5;

export interface ServiceOptions {
  /**
   * Watch the project folder for changes made by other programs and tell the windows
   * (`watchProject`): for the app and browser mode, which live long; not for one command.
   */
  watch?: boolean;
  /** What this program is, for another window's "held by" message: "Standoff", "Standoff (browser mode)". */
  app?: string;
  /** Where the token of a shared project's HTTPS remote is kept (default: memory, then STANDOFF_GIT_TOKEN). */
  tokens?: TokenStore;
  /** Minutes between automatic syncs of a shared project while watching (default 5; 0: none). */
  autoSyncMinutes?: number;
  /** The largest project, in documents, whose folder is watched whole (default WHOLE_WATCH_LIMIT; see LiveProject.start). */
  watchWholeUpTo?: number;
  /** Seconds between two checks of every document's files where the watch is narrow (default 5 minutes). */
  recheckSeconds?: number;
}

export class StandoffService implements StandoffApi {
  private readonly jobs = new JobRunner();
  private readonly live: LiveProject;
  private readonly sync: ProjectSync;
  private readonly assignment: AssignmentRoom;
  /** Recommenders (issue 15): backend/recommend/. Public for tests and benchmarks that add a recommender of their own. */
  readonly recommend: RecommendRoom;
  /** The document list's index (backend/index): opened on the first list, kept up to date from here and the watcher. */
  readonly index: ProjectIndex;
  private autoSync: NodeJS.Timeout | null = null;
  /** A narrow watch's look at every document's files (see open). */
  private recheck: NodeJS.Timeout | null = null;

  private constructor(
    private readonly project: Project,
    private readonly seats: Seats,
    private readonly tokens: TokenStore,
  ) {
    // Documents the index found changed while it was checked are told as changed details.
    this.index = new ProjectIndex(project.root, (docIds) => docIds.forEach((docId) => this.live.events.push({ kind: 'document-meta', docId })));
    this.live = new LiveProject(project, (rel) => this.index.fileChanged(rel));
    this.sync = new ProjectSync(project.root, tokens);
    this.assignment = new AssignmentRoom(
      project,
      () => this.sync.curators(),
      () => this.live.events.push({ kind: 'assignment' }),
      () => this.index.currentEntries(),
    );
    seats.onLost((annotator) => this.live.events.push({ kind: 'seat', annotator }));
    this.recommend = new RecommendRoom({
      project,
      applyEdits: (input) => this.applyEdits(input),
      ensureSeat: (annotator) => seats.ensure(annotator).then(() => undefined),
      recommenders: ruleRecommenders(),
      rulesWorker: new RulesWorker(),
      learned: createLearnedTrainer(project.root),
    });
    // The document list's "least sure first" follows the learned model's last training.
    this.recommend.onTrained((uncertainty) => this.index.useUncertainty(uncertainty));
  }

  static async open(projectDir: string, options: ServiceOptions = {}): Promise<StandoffService> {
    const project = await Project.open(path.resolve(projectDir));
    const service = new StandoffService(project, new Seats(project.root, options.app ?? 'Standoff'), options.tokens ?? new MemoryTokens());
    if (options.watch) {
      // Sync then looks only at the paths the watcher saw change (docs/SYNC.md, "Speed").
      const feed = service.sync.changeFeed();
      // Sync relies on the watcher only where it sees every file (a narrow watch: LiveProject.start).
      if (await service.live.start(feed, options.watchWholeUpTo)) feed.ready();
      else {
        // What another program changed in a document no window has open: found by the index's
        // check of every document's stamp (in slices, in the background), every few minutes.
        service.recheck = setInterval(() => void service.index.check().catch(() => undefined), (options.recheckSeconds ?? RECHECK_MINUTES * 60) * 1000);
        service.recheck.unref();
      }
      service.startAutoSync(options.autoSyncMinutes ?? Number(process.env.STANDOFF_SYNC_MINUTES ?? 5));
    }
    return service;
  }

  /** Stops watching, answers waiting windows, and gives up this service's seats. */
  async close(): Promise<void> {
    if (this.autoSync) clearInterval(this.autoSync);
    this.autoSync = null;
    if (this.recheck) clearInterval(this.recheck);
    this.recheck = null;
    await this.live.close();
    this.sync.close();
    await this.index.close();
    await this.recommend.close();
    await this.seats.releaseAll();
  }

  async getProject(): Promise<ProjectInfo> {
    const { manifest, root } = this.project;
    return { name: manifest.name, root, labels: manifest.labels, relations: manifest.relations, settings: manifest.settings };
  }

  /** Every document's summary, from the project index (backend/index): no document is read to list them. */
  async listDocuments(): Promise<DocumentSummary[]> {
    return this.index.summaries();
  }

  /** One page of the document list, filtered and sorted (shared/api/corpus.ts). */
  async queryDocuments(query: DocumentQuery): Promise<DocumentPage> {
    return this.index.query(query);
  }

  /** How far the project index is from serving the list (shared/api/corpus.ts). */
  async indexProgress(): Promise<IndexProgress> {
    return this.index.progress();
  }

  async openDocument({ docId, annotators: only, gold }: { docId: string; annotators?: string[]; gold?: boolean }): Promise<OpenedDocument> {
    const doc = await this.loadDocument(docId);
    // In a project too large to watch whole, other programs' changes to an open document are still seen.
    await this.live.focus(docId);
    const annotators = (await this.project.layers.annotatorsOf(docId)).filter((a) => !only || only.includes(a));
    const layers = await Promise.all(annotators.map((a) => this.project.layers.layer(doc, a)));
    return { meta: doc.meta, text: doc.text, layers, ...(gold ? { gold: await this.project.layers.layer(doc, GOLD) } : {}) };
  }

  async reviewProgress(): Promise<ReviewProgress> {
    return reviewProgress(this.project);
  }

  // ---- review choice (issue 10): who is compared on a document (shared/api/review.ts)
  reviewChoice = (input: { docId: string }) => review.reviewChoice(this.project, input);
  setReviewChoice = async (input: { docId: string; annotators: string[] | null }) => {
    await this.seats.ensure(GOLD);
    const choice = await review.setReviewChoice(this.project, input);
    this.index.touch(input.docId);
    return choice;
  };
  findDisagreements = (input: DisagreementQuery) => review.findDisagreements(this.project, input);

  async applyEdits(input: { docId: string; annotator: string; edits: SpanEditInput[]; clientId?: string }): Promise<EditResult> {
    const doc = await this.loadDocument(input.docId);
    await this.seats.ensure(input.annotator);
    const result = await this.project.layers.apply(doc, input.annotator, input.edits);
    this.index.touch(input.docId, this.savedLayer(doc, input.annotator));
    // Other windows of this service on the same layer (another tab) read it again.
    this.live.events.push({ kind: 'layer', docId: input.docId, annotator: input.annotator, writer: input.clientId ?? 'service' });
    return result;
  }

  /** A layer just saved, as the layer store holds it: the index takes the save in from it without reading the document's files. */
  private savedLayer(doc: LoadedDocument, annotator: string) {
    return { annotator, layer: () => this.project.layers.layer(doc, annotator) };
  }

  async setFinished(input: { docId: string; annotator: string; finished: boolean }): Promise<FinishedResult> {
    const doc = await this.loadDocument(input.docId);
    await this.seats.ensure(input.annotator);
    await this.project.layers.setFinished(doc, input.annotator, input.finished);
    this.index.touch(input.docId, this.savedLayer(doc, input.annotator));
    // A finished layer is something the learned model learns from.
    if (input.finished) this.recommend.lesson({ kind: 'finish', docId: input.docId, annotator: input.annotator });
    return { docId: input.docId, finished: await this.project.layers.finished(doc, undefined, () => this.storedChoice(input.docId)) };
  }

  async setNote(input: { docId: string; annotator: string; unit?: string; note: Note | null }): Promise<{ docId: string; annotator: string }> {
    const doc = await this.loadDocument(input.docId);
    await this.seats.ensure(input.annotator);
    await this.project.layers.setNote(doc, input.annotator, input.unit ?? null, input.note);
    this.index.touch(input.docId, this.savedLayer(doc, input.annotator));
    return { docId: input.docId, annotator: input.annotator };
  }

  async validateProject(): Promise<ValidationReport> {
    return validateProject(this.project.root);
  }

  async updateSchema(schema: LabelSchema): Promise<ProjectInfo> {
    const problems = schemaChangeProblems(schema, await this.layerUses());
    if (problems.length) {
      throw new ApiError('conflict', `annotations already made would no longer fit: ${problems.join('; ')}. Change or delete those annotations first, or keep what they use.`);
    }
    try {
      await this.project.saveManifest({ ...this.project.manifest, labels: schema.labels, relations: schema.relations });
    } catch (e) {
      if (e instanceof FormatError) throw new ApiError('conflict', e.message, { file: e.file, problems: e.problems });
      throw e;
    }
    return this.getProject();
  }

  /** Every annotation layer of the project (orphans included), for checking a schema change. */
  private async layerUses(): Promise<LayerUse[]> {
    const uses: LayerUse[] = [];
    for (const docId of await this.project.documents.ids()) {
      let doc;
      try {
        doc = await this.project.documents.load(docId);
      } catch {
        continue;
      }
      // The gold layer counts too: a label only gold uses must not disappear either.
      for (const annotator of [...(await this.project.layers.annotatorsOf(docId)), GOLD]) {
        const layer = await this.project.layers.layer(doc, annotator);
        if (layer.error) throw new ApiError('unreadable-file', `cannot check the annotations against the new schema: ${layer.error.file} could not be read`, layer.error);
        if (annotator === GOLD && layer.spans.length === 0 && layer.orphans.length === 0) continue;
        uses.push({ file: layout.annotation(docId, annotator), spans: [...layer.spans, ...layer.orphans.map((o) => o.span)], relations: layer.relations });
      }
    }
    return uses;
  }

  async listEntities(): Promise<EntityList> {
    const registry = await this.project.entities.registry();
    return { entities: registry.all(), problems: await this.project.entities.fileProblems() };
  }

  async suggestEntities({ text, limit }: { text: string; limit?: number }): Promise<EntitySuggestion[]> {
    if (!text.trim()) return [];
    return (await this.project.entities.registry()).suggest(text, limit ?? 10);
  }

  async saveEntity({ annotator, entity }: { annotator: string; entity: EntityInput }): Promise<Entity> {
    await this.seats.ensure(annotator);
    return this.project.entities.save(annotator, entity);
  }

  async entityDuplicates({ limit }: { limit?: number }): Promise<EntityDuplicate[]> {
    // A large registry is scanned for at most two seconds a call (see EntityRegistry.duplicates).
    return (await this.project.entities.registry()).duplicates(limit ?? 100, 2000);
  }

  async findMentions(input: { entityId: string; annotator: string; docIds?: string[]; limit?: number }): Promise<MentionResult> {
    const registry = await this.project.entities.registry();
    if (!registry.get(input.entityId)) throw new ApiError('not-found', `no entity "${input.entityId}" in the registry`);
    return findProjectMentions(this.project, registry, input);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const registry = query.entity ? await this.project.entities.registry() : null;
    return searchProject(this.project, query, registry ? (id) => (registry.has(id) ? registry.resolve(id).id : id) : undefined);
  }

  async agreement(query: AgreementQuery, ctx: JobContext = unwatched, options: AgreementRunOptions = {}): Promise<ProjectAgreementReport> {
    return projectAgreement(this.project, query, ctx, options);
  }

  async importArticles({ paths }: { paths: string[] }, ctx: JobContext = unwatched): Promise<ArticleImportReport> {
    const files = await expandInputs(paths.map((p) => path.resolve(this.project.root, p)));
    return this.indexed(await importArticles(this.project.root, files, ctx));
  }

  /** Picked or dropped files (shared/api/uploads.ts): checked for size and form here too, for callers that skip the door. */
  async importUploads({ files }: { files: UploadedFile[] }, ctx: JobContext = unwatched): Promise<ArticleImportReport> {
    const problem = uploadProblem(files);
    if (problem) throw new ApiError('bad-request', problem);
    return this.indexed(await importUploads(this.project.root, files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })), ctx));
  }

  // ---- live project: seats and changes on disk (shared/api/live.ts)
  async claimSeat({ annotator }: { annotator: string }): Promise<SeatStatus> {
    return this.seats.claim(annotator);
  }

  async watchProject({ cursor, timeoutMs }: { cursor?: number; timeoutMs?: number }): Promise<ProjectEvents> {
    return this.live.events.since(cursor, timeoutMs);
  }

  // ---- sharing through git (issue 12, shared/api/sync.ts)
  syncStatus = (): Promise<SyncStatus> => this.sync.status();
  shareProject = (input: { remote: string; annotator: string }, ctx?: JobContext): Promise<SyncReport> => this.sync.share(input, ctx);
  syncProject = (input: { annotator: string }, ctx?: JobContext): Promise<SyncReport> => this.sync.sync(input, ctx);
  resolveSyncConflict = (input: { path: string; keep: 'mine' | 'theirs' }): Promise<SyncStatus> => this.sync.resolve(input);
  cloneProject = (input: { url: string; dir: string; annotator?: string }): Promise<CloneResult> => ProjectSync.clone(input, this.tokens);
  /** Browser mode and the command line: one folder per service. The desktop shell handles this call itself when the folder is a project (electron/main.ts). */
  openProject = (input: { root: string }): Promise<OpenProjectResult> => ProjectSync.openAnswer(input.root);
  async setSyncToken({ token, remember }: { token: string; remember?: boolean }): Promise<SyncStatus> {
    const remote = await this.sync.remoteUrl();
    await this.tokens.set(remote ?? '*', token, remember ?? false);
    return this.sync.status();
  }

  // ---- assignment and team progress (issue 12, shared/api/assignment.ts)
  // The room is backend/assignment/; curators are those sync recognises (team.json as last committed).
  getAssignment = (): Promise<Assignment> => this.assignment.get();
  planAssignment = (input: { plan: AssignmentPlan; by: string; dryRun?: boolean }): Promise<AssignmentChange> => this.assignment.plan(input);
  reassign = (input: { docIds: string[]; annotators: string[]; mode: 'set' | 'add' | 'remove'; by: string }): Promise<AssignmentChange> => this.assignment.reassign(input);
  myQueue = (input: { annotator: string; after?: string } & PageAsked): Promise<Queue> => this.assignment.queue(input);
  teamProgress = (input: PageAsked): Promise<TeamProgress> => this.assignment.team(input);

  // ---- recommenders (issue 15, shared/api/recommend.ts): the room is backend/recommend/
  listRecommenders = (_input: Record<string, never> = {}): Promise<RecommenderInfo[]> => this.recommend.list();
  configureRecommender = (input: { id: string; enabled?: boolean; url?: string | null; timeoutMs?: number }): Promise<RecommenderInfo[]> => this.recommend.configure(input);
  suggest = (input: { docId: string; annotator: string; recommenders?: string[] }): Promise<SuggestionSet> => this.recommend.suggest(input);
  acceptSuggestions = (input: { docId: string; annotator: string; suggestionIds: string[]; clientId?: string }): Promise<DecisionResult> => this.recommend.accept(input);
  rejectSuggestions = (input: { docId: string; annotator: string; suggestionIds: string[] }): Promise<DecisionResult> => this.recommend.reject(input);
  evaluateRecommenders = (input: { against: string; recommenders?: string[]; folds?: number; docIds?: string[] }, ctx?: JobContext): Promise<RecommenderEvaluation[]> => this.recommend.evaluate(input, ctx);
  trainRecommender = (input: { id: string }): Promise<TrainingStatus> => this.recommend.train(input);
  importPredictions = (input: { path: string; name?: string }): Promise<PredictionImport> => this.recommend.importPredictions(input);

  /** Syncs a shared project every few minutes, as the annotator who last synced here, as a job. */
  private startAutoSync(minutes: number): void {
    if (!(minutes > 0)) return;
    this.sync.autoSyncMinutes = minutes;
    this.autoSync = setInterval(() => {
      void (async () => {
        const status = await this.sync.status();
        if (!status.shared || !status.annotator) return;
        this.jobs.start('syncProject', (ctx) => this.sync.sync({ annotator: status.annotator! }, ctx));
      })().catch((e: unknown) => console.error(`Standoff: automatic sync failed: ${(e as Error).message}`));
    }, minutes * 60_000);
    this.autoSync.unref();
  }

  // ---- jobs
  async startJob(request: JobRequest): Promise<JobStatus> {
    return this.jobs.start(request.method, (ctx) => this.runLong(request, ctx));
  }

  async jobStatus({ jobId }: { jobId: string }): Promise<JobStatus> {
    return this.jobs.status(jobId);
  }

  async cancelJob({ jobId }: { jobId: string }): Promise<JobStatus> {
    return this.jobs.cancel(jobId);
  }

  private runLong(request: JobRequest, ctx: JobContext): Promise<unknown> {
    switch (request.method) {
      case 'agreement':
        return this.agreement(request.input, ctx);
      case 'importArticles':
        return this.importArticles(request.input, ctx);
      case 'importUploads':
        return this.importUploads(request.input, ctx);
      case 'exportDataset':
        return this.exportDataset(request.input, ctx);
      case 'importAnnotations':
        return this.importAnnotations(request.input, ctx);
      case 'shareProject':
        return this.shareProject(request.input, ctx);
      case 'syncProject':
        return this.syncProject(request.input, ctx);
      case 'evaluateRecommenders':
        return this.evaluateRecommenders(request.input, ctx);
    }
  }

  // ---- interchange (issue 5)
  async exportDataset(input: ExportInput, ctx?: JobContext): Promise<ExportSummary> {
    return exportDataset(this.project, input, (query, agreementCtx) => this.agreement(query, agreementCtx), ctx);
  }

  async importAnnotations(input: ImportAnnotationsInput, ctx?: JobContext): Promise<ImportAnnotationsResult> {
    if (!input.dryRun) await this.seats.ensure(input.annotator);
    const result = await importAnnotations(this.project, input, ctx);
    if (result.ok) for (const rel of result.written) this.index.fileChanged(rel);
    return result;
  }

  /** Imported documents go into the document list's index. */
  private indexed(report: ArticleImportReport): ArticleImportReport {
    for (const { docId } of report.imported) this.index.touch(docId);
    return report;
  }

  async getGuidelines(): Promise<Guidelines> {
    const file = layout.guidelines;
    try {
      return { file, markdown: await readUtf8(insideProject(this.project.root, file), file) };
    } catch (e) {
      if (e instanceof FormatError) throw new ApiError('unreadable-file', e.message, { file: e.file, problems: e.problems });
      throw e;
    }
  }

  /** The annotators the curator chose to compare in a document's review (null: the default rule). */
  private async storedChoice(docId: string): Promise<readonly string[] | null> {
    return (await readChoice(this.project.root, docId)).annotators;
  }

  /** A document of the project, or the call refused in words (DocumentStore.open). */
  private loadDocument(docId: string) {
    return this.project.documents.open(docId);
  }
}
