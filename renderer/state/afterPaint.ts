/**
 * Runs `fn` once the next frame has been painted. The side panels (counts, selected span, save
 * state) follow each edit through this, so their React renders never delay the frame that
 * shows the edit in the text. Calls made before that frame are merged into one.
 */
let queued: Array<() => void> | null = null;

export function afterPaint(fn: () => void): void {
  if (queued) {
    queued.push(fn);
    return;
  }
  queued = [fn];
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const run = queued ?? [];
      queued = null;
      for (const f of run) f();
    };
    channel.port2.postMessage(null);
  });
}
