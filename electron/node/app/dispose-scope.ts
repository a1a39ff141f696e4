/**
 * Everything that opens a port, a file, a child process or a timer registers
 * how to close it here; dispose() closes them in reverse order and keeps going
 * when one fails, so nothing is left running.
 */
export class DisposeScope {
  private readonly disposers: (() => unknown)[] = []

  add(dispose: () => unknown): void {
    this.disposers.push(dispose)
  }

  async dispose(): Promise<void> {
    while (this.disposers.length) {
      const d = this.disposers.pop()!
      try {
        await d()
      } catch {
        // Keep tearing down: one failing disposer must not leave children running.
      }
    }
  }
}
