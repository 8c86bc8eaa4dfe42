import type { Logger } from 'pino';

/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped. A failed run is logged
 * and the next one tries again; stopping waits for the run in progress.
 */
export function every(name: string, intervalMs: number, work: () => Promise<number>, logger: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const done = await work();
        if (done > 0) logger.debug({ job: name, done }, 'background job ran');
      } catch (error) {
        logger.warn({ err: error, job: name }, 'background job failed; it will run again');
      }
    });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
