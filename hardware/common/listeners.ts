/**
 * A tiny typed listener set: add returns the unsubscribe function, emit calls
 * every listener and isolates their exceptions so one bad listener cannot break
 * a driver's receive loop.
 */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>()

  add(listener: (...args: A) => void): () => void {
    this.set.add(listener)
    return () => this.set.delete(listener)
  }

  emit(...args: A): void {
    for (const listener of [...this.set]) {
      try {
        listener(...args)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  get size(): number {
    return this.set.size
  }

  clear(): void {
    this.set.clear()
  }
}
