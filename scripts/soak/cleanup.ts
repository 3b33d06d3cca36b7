/**
 * What the soak must undo however it ends (temp folders, mounts): registered as it is made,
 * run in reverse order at the end, or at once on Ctrl+C.
 */
const tasks: { what: string; run: () => Promise<void> }[] = [];

/** Registers an undo step; the returned function runs it now and unregisters it. */
export function onCleanup(what: string, run: () => Promise<void>): () => Promise<void> {
  const task = { what, run };
  tasks.push(task);
  return async () => {
    const i = tasks.indexOf(task);
    if (i < 0) return;
    tasks.splice(i, 1);
    await run();
  };
}

/** Runs every step still registered, newest first; says what could not be undone. */
export async function cleanUpAll(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (e) {
      console.error(`soak: could not clean up ${task.what}: ${(e as Error).message}`);
    }
  }
}
