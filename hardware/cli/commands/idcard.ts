import { DeviceError, deviceFault } from '../../common/device-error'
import { maskIdNumber } from '../../../electron/common/receipt/masking'
import { IdCardReader, type CardRead } from '../../idcard/idcard-reader'
import { SerialTransport } from '../../transport/serial-transport'
import { EXIT, intOption, parseArgs, UsageError, type CliCommand } from '../command'

const USAGE = `device idcard read --port PATH [--baud 115200] [--wait MS] [--no-fingerprint] [--reveal]
  Reads the card on a SAM reader and prints the identity as JSON (photo length only).
  The ID number is masked unless --reveal is given. --wait: how long to wait for a card (default 5000).`

export const idcardCommand: CliCommand = {
  name: 'idcard',
  summary: 'read a second-generation ID card from a SAM reader on a serial port',
  usage: USAGE,
  async run(args, io) {
    const { values, flags, words } = parseArgs(args, { values: ['port', 'baud', 'wait'], flags: ['reveal', 'no-fingerprint'] })
    if (words[0] !== 'read' || words.length !== 1) throw new UsageError(USAGE)
    const path = values.port
    if (!path) throw new UsageError('--port is required')
    const baudRate = intOption(values, 'baud', 115200)
    const waitMs = intOption(values, 'wait', 5000)

    const transport = new SerialTransport({ path, baudRate })
    await transport.open()
    const reader = new IdCardReader(transport, { spec: transport.description, pollMs: 100, readFingerprint: !flags.has('no-fingerprint') })
    try {
      await reader.open()
      await untilReady(reader, 2000)
      const card = await Promise.race([reader.waitForCard(waitMs), readFailure(reader)])
      io.out(JSON.stringify(present(card, reader.samId, flags.has('reveal')), null, 2))
      return card.problem ? EXIT.protocol : EXIT.ok
    } finally {
      await reader.close()
    }
  },
}

/** Waits for the reader to answer status and SAM id; a silent port is "no device". */
async function untilReady(reader: IdCardReader, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (reader.status.state !== 'online') {
    const { state, reason } = reader.status
    if (state === 'error' && reason !== 'DEVICE_TIMEOUT') throw deviceFault(reason, 'the reader reported a fault')
    if (Date.now() > end) throw new DeviceError('DEVICE_TIMEOUT', `no SAM reader answered on ${reader.transport.description}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

function readFailure(reader: IdCardReader): Promise<never> {
  return new Promise((_, reject) => {
    reader.onCard((e) => {
      if (e.type === 'read-failed') reject(deviceFault(e.code, 'the card could not be read'))
    })
  })
}

function present(card: CardRead, samId: string | null, reveal: boolean) {
  const { fingerprint, idNumber, ...rest } = card.identity
  return {
    samId,
    problem: card.problem,
    readMs: Math.round(card.readMs),
    identity: { ...rest, idNumber: reveal ? idNumber : maskIdNumber(idNumber), fingerprintLength: fingerprint?.length ?? 0 },
  }
}
