// What a start has set going so far (loops, listeners), to be stopped in reverse order when a later step fails.
export class UndoStack {
  private readonly steps: Array<() => Promise<void>> = [];

  push(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** Runs every step, last first; a step that fails does not keep the others from running. */
  async unwind(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch(() => undefined);
    this.steps.length = 0;
  }
}
