import type { JobContext } from '../jobs/context';

/**
 * A JobContext for the command line: progress on one rewritten line of stderr when it is a
 * terminal (nothing otherwise, so pipes and --json stay clean), and Ctrl+C asks the work to stop
 * (it then ends cleanly, leaving nothing half-written) instead of killing it mid-file.
 */
export function terminalJob(show: boolean): JobContext & { end(): void } {
  const controller = new AbortController();
  const interactive = show && process.stderr.isTTY;
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl+C does not wait
    if (interactive) process.stderr.write('\r\x1b[Kstopping…');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    progress: ({ done, total, phase, item }) => {
      if (!interactive || controller.signal.aborted) return;
      const count = total > 0 ? ` ${done}/${total}` : '';
      process.stderr.write(`\r${phase}${count}${item ? ` ${item}` : ''}\x1b[K`);
    },
    end: () => {
      process.off('SIGINT', onInterrupt);
      if (interactive) process.stderr.write('\r\x1b[K');
    },
  };
}
