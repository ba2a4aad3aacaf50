/** One step of long work: does a bounded piece and returns true when nothing is left. */
export type SliceStep = () => boolean;

/**
 * Runs long work (live catch-ups) a step at a time between everything else the hub does: each
 * turn of the event loop gives all the work together at most `sliceMs`, taking steps round-robin,
 * so a hundred screens catching up at once delay a desk's call by one slice, not by their sum.
 */
export class SliceScheduler {
  private readonly steps: SliceStep[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly sliceMs = 4,
  ) {}

  add(step: SliceStep): void {
    this.steps.push(step);
    this.schedule();
  }

  /** Drops every step still waiting (the server is closing). */
  clear(): void {
    this.steps.length = 0;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
  }

  private schedule(): void {
    if (this.scheduled || this.steps.length === 0) return;
    this.scheduled = setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = null;
    const until = performance.now() + this.sliceMs;
    while (this.steps.length > 0 && performance.now() < until) {
      const step = this.steps.shift()!;
      let done = true;
      try {
        done = step();
      } catch (err) {
        this.onError(err);
      }
      if (!done) this.steps.push(step);
    }
    this.schedule();
  }
}
