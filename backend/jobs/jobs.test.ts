import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobProgress, JobStatus, ProjectAgreementReport } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { projectAgreement } from '../agreement/agreement';
import { Project } from '../project/project';
import { StandoffService } from '../service';
import { JobCancelled } from './context';
import { JobRunner } from './runner';

const copySample = sampleCopies('jobs');

async function settle(service: StandoffService, started: JobStatus): Promise<JobStatus[]> {
  const seen: JobStatus[] = [started];
  for (;;) {
    const status = await service.jobStatus({ jobId: started.jobId });
    seen.push(status);
    if (status.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const stable = (r: ProjectAgreementReport) => ({ ...r, computation: null });

describe('jobs through the service', () => {
  it('runs agreement as a job: progress per document, then the same report as a plain call, given out once', async () => {
    const service = await StandoffService.open(await copySample({ annotations: true }));
    const started = await service.startJob({ method: 'agreement', input: {} });
    expect(started).toMatchObject({ jobId: expect.stringMatching(/^job-\d+$/), method: 'agreement', state: 'running' });
    const seen = await settle(service, started);
    const last = seen.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.progress.phase).toBe('done');
    expect(stable(last.result as ProjectAgreementReport)).toEqual(stable(await service.agreement({})));
    // Collected: the job is forgotten, and asking again says so.
    expect((await rejection(service.jobStatus({ jobId: started.jobId }))).message).toMatch(/^no job "job-\d+"/);
  });

  it('cancels an agreement job: it ends "cancelled", without a result', async () => {
    const service = await StandoffService.open(await copySample({ annotations: true }));
    const started = await service.startJob({ method: 'agreement', input: {} });
    expect((await service.cancelJob({ jobId: started.jobId })).jobId).toBe(started.jobId);
    const last = (await settle(service, started)).at(-1)!;
    expect(last.state).toBe('cancelled');
    expect(last.result).toBeUndefined();
  });

  it('reports a failing job with the error, as a plain call would throw it', async () => {
    const service = await StandoffService.open(await copySample({ annotations: true }));
    const last = (await settle(service, await service.startJob({ method: 'agreement', input: { docIds: ['no-such-doc'] } }))).at(-1)!;
    expect(last).toMatchObject({ state: 'failed', error: { code: 'not-found', message: 'no document "no-such-doc" in this project' } });
  });

  it('imports articles as a job, and a cancelled import keeps what it imported whole and lists the rest', async () => {
    const root = await copySample({ annotations: false });
    const inbox = path.join(root, '..', `${path.basename(root)}-inbox`);
    await import('node:fs/promises').then((fs) => fs.mkdir(inbox));
    await writeFile(path.join(inbox, 'a.txt'), 'Alpha.\nText a.');
    await writeFile(path.join(inbox, 'b.md'), '# Beta\n\nText b.');
    const service = await StandoffService.open(root);
    const last = (await settle(service, await service.startJob({ method: 'importArticles', input: { paths: [inbox] } }))).at(-1)!;
    expect(last.state).toBe('done');
    expect((last.result as { imported: { docId: string }[] }).imported.map((d) => d.docId)).toEqual(['a', 'b']);
    expect(await readdir(path.join(root, 'documents'))).toContain('b');
    expect((await service.listDocuments()).map((d) => d.id)).toContain('a');
  });

  it('only long methods can be jobs, and their arguments are checked as the method checks them', async () => {
    const service = await StandoffService.open(await copySample({ annotations: true }));
    expect((await rejection(dispatch(service, 'startJob', { method: 'getProject', input: {} }))).message).toMatch(/^invalid arguments to startJob/);
    expect((await rejection(dispatch(service, 'startJob', { method: 'agreement', input: { labels: [] } }))).message).toMatch(/^invalid arguments to startJob/);
    expect((await rejection(dispatch(service, 'jobStatus', { jobId: '../x' }))).message).toMatch(/^invalid arguments to jobStatus/);
  });
});

describe('cancelling agreement while it computes', () => {
  it('ends the worker and throws JobCancelled, not "worker stopped"', async () => {
    const project = await Project.open(await copySample({ annotations: true }));
    const controller = new AbortController();
    const phases: JobProgress[] = [];
    const run = projectAgreement(project, {}, {
      signal: controller.signal,
      progress: (p) => {
        phases.push(p);
        if (p.phase === 'computing') controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(JobCancelled);
    expect(phases.map((p) => p.phase)).toEqual([...Array<string>(6).fill('reading documents'), 'computing']);
  });
});

describe('JobRunner', () => {
  it('keeps the last progress reported while running, and ignores reports after the end', async () => {
    const runner = new JobRunner();
    let release!: () => void;
    let report!: (p: JobProgress) => void;
    const started = runner.start('agreement', async (ctx) => {
      report = (p) => ctx.progress(p);
      ctx.progress({ done: 3, total: 10, phase: 'reading documents', item: 'doc-3' });
      await new Promise<void>((r) => (release = r));
      return 'the result';
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(runner.status(started.jobId)).toMatchObject({ state: 'running', progress: { done: 3, total: 10, phase: 'reading documents', item: 'doc-3' } });
    release();
    await new Promise((r) => setTimeout(r, 0));
    report({ done: 1, total: 1, phase: 'late' });
    expect(runner.status(started.jobId)).toMatchObject({ state: 'done', result: 'the result', progress: { done: 10, total: 10, phase: 'done' } });
  });

  it('a job that stops itself on cancel and throws JobCancelled ends "cancelled"', async () => {
    const runner = new JobRunner();
    const started = runner.start('importArticles', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new JobCancelled()))));
    await new Promise((r) => setTimeout(r, 0));
    expect(runner.cancel(started.jobId).state).toBe('running'); // asked; it stops at its next check
    await new Promise((r) => setTimeout(r, 0));
    expect(runner.status(started.jobId).state).toBe('cancelled');
  });
});
