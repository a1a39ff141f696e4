import { type KioskView } from '../../../electron/common/contract/kiosk'
import { VOICE_EVENT, promptsFor } from '../../../electron/common/speech/voice-prompts'

/**
 * Speaks the kiosk's prompts from the pre-generated clips, one after another.
 * A new set of prompts cuts off whatever is still playing.
 */
export class VoicePlayer {
  private queue: string[] = []
  private audio: HTMLAudioElement | null = null
  private previous: KioskView | null = null

  constructor(private readonly baseUrl: string) {}

  show(view: KioskView): void {
    const clips = promptsFor(view, this.previous)
    this.previous = view
    this.say(clips)
  }

  /** Speaks clips that no view change asks for (an error answered to a touch). */
  say(clips: string[]): void {
    if (clips.length === 0) return
    this.stop()
    this.queue = clips.map((c) => this.baseUrl + c)
    window.dispatchEvent(new CustomEvent(VOICE_EVENT, { detail: clips }))
    this.next()
  }

  stop(): void {
    this.queue = []
    this.audio?.pause()
    this.audio = null
  }

  private next(): void {
    const src = this.queue.shift()
    if (!src) return
    const audio = new Audio(src)
    this.audio = audio
    audio.onended = () => this.audio === audio && this.next()
    audio.onerror = () => this.audio === audio && this.next()
    // Autoplay may be refused before the first touch; the screen still shows every prompt.
    audio.play().catch(() => this.audio === audio && this.next())
  }
}
