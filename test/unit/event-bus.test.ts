/**
 * The event bus gives a new subscriber (a page whose event stream reconnected)
 * the latest payload of each state event its face may receive, and nothing of
 * the events that are happenings. Before this, a disk that filled while the
 * counter page's stream was reconnecting stayed 空间不足 on screen.
 */
import { describe, expect, it } from 'vitest'
import type { StorageStatus } from '../../electron/common/contract/devices'
import type { EventName } from '../../electron/common/contract'
import { EventBus } from '../../electron/node/ipc/event-bus'

const storage = (state: StorageStatus['state']): StorageStatus => ({
  dataDir: '/data',
  freeBytes: state === 'full' ? 0 : 600 * 1024 * 1024,
  totalBytes: 1024 * 1024 * 1024,
  state,
  logProblem: null,
  checkedAt: 1,
})

describe('event bus', () => {
  it('gives a late subscriber the latest state event of its face, once, and then the live ones', () => {
    const bus = new EventBus()
    bus.emit('devices.storage', storage('low'))
    bus.emit('devices.storage', storage('full'))
    const seen: [EventName, unknown][] = []
    bus.subscribe('counter', (name, payload) => seen.push([name, payload]))
    expect(seen).toEqual([['devices.storage', storage('full')]])
    bus.emit('devices.storage', storage('ok'))
    expect(seen.at(-1)).toEqual(['devices.storage', storage('ok')])
  })

  it('keeps state events from the faces that may not see them, and never replays a happening', () => {
    const bus = new EventBus()
    bus.emit('devices.storage', storage('full'))
    bus.emit('counter.progress', { task: 'validate', id: 'i1', done: 1, total: 2 })
    const kiosk: EventName[] = []
    const counter: EventName[] = []
    bus.subscribe('kiosk', (name) => kiosk.push(name))
    bus.subscribe('counter', (name) => counter.push(name))
    expect(kiosk).toEqual([])
    expect(counter).toEqual(['devices.storage'])
  })
})
