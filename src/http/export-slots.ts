/**
 * Admission for whole-journal reads (the export and the verify): at most `overallMax` at
 * once, and `perKeyMax` for any one API key. Each holds memory for its pages and a share of
 * the database for as long as its client reads, so past the cap a caller is told to come
 * back (Retry-After) before anything is streamed, rather than slowing every other request.
 */
export class ExportSlots {
  private running = 0;
  private readonly byKey = new Map<string, number>();

  constructor(
    readonly overallMax: number,
    readonly perKeyMax: number,
  ) {}

  /** A slot for this key, released once by `release`; or which cap refused it. */
  enter(keyId: string): { release: () => void } | { refused: 'key' | 'overall' } {
    const mine = this.byKey.get(keyId) ?? 0;
    if (mine >= this.perKeyMax) return { refused: 'key' };
    if (this.running >= this.overallMax) return { refused: 'overall' };
    this.running += 1;
    this.byKey.set(keyId, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        const left = (this.byKey.get(keyId) ?? 1) - 1;
        if (left > 0) this.byKey.set(keyId, left);
        else this.byKey.delete(keyId);
      },
    };
  }
}
