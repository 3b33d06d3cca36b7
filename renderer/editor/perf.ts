/**
 * Timing of what the analyst waits for, read by `npm run bench` through window.__standoffPerf:
 * from the tag key press to the frame in which the new span is painted, and from choosing a
 * document to its text and spans painted. Recording costs a few microseconds.
 */
interface PerfRecord {
  tagLatencies: number[];
  openToPaint: number[];
}

const record: PerfRecord = { tagLatencies: [], openToPaint: [] };
(globalThis as unknown as { __standoffPerf: PerfRecord }).__standoffPerf = record;

let pendingTag: number | null = null;

/** Runs `done` after the next frame has been painted. */
function afterPaint(done: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = done;
    channel.port2.postMessage(null);
  });
}

export const perf = {
  tagKeyDown(eventTime: number): void {
    pendingTag = eventTime;
  },
  painted(): void {
    if (pendingTag === null) return;
    const start = pendingTag;
    pendingTag = null;
    afterPaint(() => record.tagLatencies.push(performance.now() - start));
  },
  documentChosen(): () => void {
    const start = performance.now();
    return () => afterPaint(() => record.openToPaint.push(performance.now() - start));
  },
};
