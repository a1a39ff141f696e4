import { type EventName, type EventPayload, type Face, events } from '../../common/contract'

export type EventListener = (name: EventName, payload: unknown) => void

/**
 * Fans main-side events out to the faces allowed to receive them. The Electron
 * glue and the browser host each subscribe one listener per window/page. The
 * latest payload of each state event (`latest` in the contract) is kept and
 * given to every new subscriber: a page whose event stream reconnected is
 * told the disk filled up while it was away, not left showing the old state.
 */
export class EventBus {
  private readonly listeners = new Map<Face, Set<EventListener>>()
  private readonly latest = new Map<EventName, unknown>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (events[name].latest) this.latest.set(name, payload)
    for (const face of events[name].faces) for (const listener of this.listeners.get(face) ?? []) listener(name, payload)
  }

  subscribe(face: Face, listener: EventListener): () => void {
    let set = this.listeners.get(face)
    if (!set) this.listeners.set(face, (set = new Set()))
    set.add(listener)
    for (const [name, payload] of this.latest) if (events[name].faces.includes(face)) listener(name, payload)
    return () => set.delete(listener)
  }

  get listenerCount(): number {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }
}
