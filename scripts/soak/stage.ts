/**
 * One scenario's stage: a fresh project, the reader on it, the windows and the `serve`
 * processes they talk to; and, at the end, the count of what is on disk.
 */
import { rm } from 'node:fs/promises';
import { onCleanup } from './cleanup';
import { freshProject, readFinalFiles, validate, type FinalFiles, type SoakProject } from './project';
import type { Reader } from './reader';
import { ServeProcess } from './serve';
import type { SoakText } from './spans';
import { addSaveCounts, countOnDisk, describeSaves, emptySaveCounts, type Check, type DiskCounts, type ReadCounts, type SaveCounts, type ScenarioFigures } from './tally';
import { SoakWindow, type Pace, type SaveRecord } from './window';

export interface SoakContext {
  reader: Reader;
  random: () => number;
  /** Seconds a timed scenario runs. */
  seconds: number;
  /** Rounds of kill -9. */
  rounds: number;
  quick: boolean;
  /** Keep each scenario's project folder (its path is printed) instead of removing it. */
  keep: boolean;
}

export interface ScenarioResult extends ScenarioFigures {
  name: string;
  saves: SaveCounts;
  /** Each window's own counts, and anything else worth a line under the scenario's. */
  notes: string[];
  validateProblems: string[];
  corruptFiles: string[];
}

export interface SkippedScenario {
  name: string;
  skipped: string;
}

/** What a scenario's own checks may look at, once everything has stopped. */
export interface Outcome {
  final: FinalFiles;
  disk: DiskCounts;
  records: SaveRecord[];
}

export class Stage {
  readonly windows: SoakWindow[] = [];
  /** Acknowledged span ids an outside program removed on purpose (not lost; see tally.ts). */
  readonly takenOutside = new Set<string>();
  readonly notes: string[] = [];
  private readonly servers = new Set<ServeProcess>();

  private constructor(
    readonly ctx: SoakContext,
    readonly name: string,
    readonly project: SoakProject,
    private readonly removeProject: () => Promise<void>,
  ) {}

  /** A fresh copy of the sample project (under `parent`, default the temp folder), read from now on. */
  static async open(ctx: SoakContext, name: string, parent?: string): Promise<Stage> {
    const project = await freshProject(parent);
    const remove = onCleanup(`the project copy ${project.root}`, () => (ctx.keep ? Promise.resolve() : rm(project.root, { recursive: true, force: true })));
    await ctx.reader.watch(project.root);
    return new Stage(ctx, name, project, remove);
  }

  get root(): string {
    return this.project.root;
  }

  window(name: string, pace: Pace, docs: readonly SoakText[] = this.project.texts, onSave?: (r: SaveRecord) => void): SoakWindow {
    const w = new SoakWindow(name, docs, this.project.labels, pace, this.ctx.random, onSave);
    this.windows.push(w);
    return w;
  }

  /** Starts a `serve` process for a window (a new one after a kill). */
  async serve(w: SoakWindow): Promise<void> {
    const server = await ServeProcess.start(this.root);
    this.servers.add(server);
    w.server = server;
  }

  /**
   * Stops the windows and the servers, then counts: what the reader saw, what is on disk, what
   * validate says. `checks` adds the scenario's own expectations.
   */
  async finish(checks: (o: Outcome) => Check[] = () => []): Promise<ScenarioResult> {
    await Promise.all(this.windows.map((w) => w.stop()));
    await Promise.all([...this.servers].map((s) => s.stop()));
    const reads: ReadCounts = await this.ctx.reader.stop();
    const final = await readFinalFiles(this.root);
    const records = this.windows.flatMap((w) => w.records);
    const disk = countOnDisk({
      acknowledged: records.filter((r) => r.outcome.kind === 'acknowledged').map((r) => ({ id: r.span.id, docId: r.docId })),
      onDisk: final.spanIds,
      takenOutside: this.takenOutside,
      unacknowledged: records.filter((r) => r.outcome.kind !== 'acknowledged').map((r) => r.span.id),
    });
    const { clean, problems } = await validate(this.root);
    const saves = this.windows.reduce((sum, w) => addSaveCounts(sum, w.counts), emptySaveCounts());
    const notes = this.windows.length > 1 ? this.windows.map((w) => `window ${w.name}: ${describeSaves(w.counts)}`) : [];
    notes.push(...this.notes);
    if (final.leftovers.length) notes.push(`hidden files left in annotation folders: ${final.leftovers.length} (${final.leftovers.slice(0, 2).join(', ')})`);
    if (this.ctx.keep) notes.push(`project kept in ${this.root}`);
    const result: ScenarioResult = {
      name: this.name,
      saves,
      disk,
      files: { parse: final.parse, corrupt: final.corrupt },
      corruptFiles: final.corruptFiles,
      reads,
      validateClean: clean,
      validateProblems: problems,
      checks: checks({ final, disk, records }),
      notes,
    };
    await this.removeProject();
    return result;
  }
}
