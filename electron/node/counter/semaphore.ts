/**
 * At most `limit` tasks at once, at most `maxWaiting` more in line; a task
 * beyond that is refused at once (COUNTER_BUSY) instead of piling up memory.
 *
 *   const hashing = new Semaphore(2, 8)
 *   const ok = await hashing.run(() => verifyPin(pin, stored, pepper))
 */
import { AppError } from '../../common/result'

export class Semaphore {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++
    else {
      if (this.waiting.length >= this.maxWaiting) throw new AppError('COUNTER_BUSY', 'too many PIN checks at once; try again')
      await new Promise<void>((resolve) => this.waiting.push(resolve)) // the finishing task hands over its slot
    }
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
