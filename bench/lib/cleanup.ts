/**
 * Undo steps registered as resources are made (a database, a child process, a folder) and
 * run in reverse order exactly once: at the end of the run, on failure, or on Ctrl-C.
 */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  add(label: string, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  /** Runs the steps registered so far, newest first; a failing step does not stop the others. */
  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const step = this.steps.pop();
        if (!step) break;
        try {
          await step.run();
        } catch (error) {
          process.stderr.write(`cleanup: ${step.label} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT or SIGTERM: clean up, then exit with the conventional code. */
  onSignals(): void {
    const handle = (signal: NodeJS.Signals, code: number) => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      this.run().finally(() => process.exit(code));
    };
    process.once('SIGINT', () => handle('SIGINT', 130));
    process.once('SIGTERM', () => handle('SIGTERM', 143));
  }
}
