/**
 * Timing of what the analyst waits for, read by `npm run bench` through window.__standoffPerf.
 *
 * For a tag: `tagLatencies` runs from the key press to just after the frame that shows the new
 * span, so it includes waiting for that frame (up to one display refresh, 16.7 ms at 60 Hz,
 * whatever the app does); `tagWork` is the part the app controls: handling the key plus
 * rendering that frame. `tagWork` under 16 ms means the span appears in the very next frame.
 * The parts of each latency, for the benchmark to say where the time went: `tagQueued` (the
 * key's event time to its handler starting: the browser delivering it, or the page busy with
 * something else), `tagHandling` (the handler: the layer edit, the decorations, the
 * selection), then waiting for the frame (the rest), and `tagRender` (the frame itself).
 * For a document: `openToPaint` runs from choosing it to its text and spans painted.
 * Recording costs a few microseconds.
 */
interface PerfRecord {
  tagLatencies: number[];
  tagWork: number[];
  tagQueued: number[];
  tagHandling: number[];
  tagRender: number[];
  openToPaint: number[];
}

const record: PerfRecord = { tagLatencies: [], tagWork: [], tagQueued: [], tagHandling: [], tagRender: [], openToPaint: [] };
(globalThis as unknown as { __standoffPerf: PerfRecord }).__standoffPerf = record;

let pendingTag: { eventTime: number; handlerStart: number; handled: number | null } | null = null;

/** Calls `done(frameStart)` just after the next frame has been painted. */
function afterPaint(done: (frameStart: number) => void): void {
  requestAnimationFrame(() => {
    const frameStart = performance.now();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(frameStart);
    channel.port2.postMessage(null);
  });
}

export const perf = {
  /**
   * A label key's handler starts. The frame is waited for from here, before the handler runs:
   * what the handler itself puts off until after the paint (the side panels, sending the save;
   * see renderer/state/afterPaint.ts) then runs after this record is taken, as it runs after
   * the paint, and does not count as drawing the span.
   */
  tagKeyDown(eventTime: number): void {
    const tag = { eventTime, handlerStart: performance.now(), handled: null as number | null };
    pendingTag = tag;
    afterPaint((frameStart) => {
      if (pendingTag === tag) pendingTag = null;
      // The key changed nothing (nothing selected, already tagged): nothing was drawn.
      if (tag.handled === null) return;
      const end = performance.now();
      record.tagLatencies.push(end - tag.eventTime);
      record.tagWork.push(tag.handled - tag.eventTime + (end - frameStart));
      record.tagQueued.push(tag.handlerStart - tag.eventTime);
      record.tagHandling.push(tag.handled - tag.handlerStart);
      record.tagRender.push(end - frameStart);
    });
  },
  /** Called when the editor has applied a change (synchronously, in the key's handler). */
  painted(): void {
    if (pendingTag === null) return;
    pendingTag.handled = performance.now();
    pendingTag = null;
  },
  documentChosen(): () => void {
    const start = performance.now();
    return () => afterPaint(() => record.openToPaint.push(performance.now() - start));
  },
};
