import { readFile } from 'node:fs/promises'
import { deviceFault } from '../../common/device-error'
import { FingerprintPad } from '../../fingerprint/fingerprint-pad'
import { SerialTransport } from '../../transport/serial-transport'
import { EXIT, intOption, parseArgs, UsageError, type CliCommand } from '../command'

const USAGE = `device fingerprint verify --port PATH --card-template FILE [--baud 57600] [--threshold 50] [--timeout MS]
  Captures a finger on an AS608/R30x pad and matches it against a card's fingerprint block
  (FILE: the 1024-byte block from the card, or one 512-byte template). Prints the score as JSON.`

export const fingerprintCommand: CliCommand = {
  name: 'fingerprint',
  summary: 'match a live finger against a card fingerprint template on an AS608/R30x pad',
  usage: USAGE,
  async run(args, io) {
    const { values, words } = parseArgs(args, { values: ['port', 'baud', 'card-template', 'threshold', 'timeout'] })
    if (words[0] !== 'verify' || words.length !== 1) throw new UsageError(USAGE)
    if (!values.port) throw new UsageError('--port is required')
    if (!values['card-template']) throw new UsageError('--card-template is required')
    const template = new Uint8Array(
      await readFile(values['card-template']).catch(() => {
        throw new UsageError(`cannot read ${values['card-template']}`)
      }),
    )
    if (template.length !== 512 && template.length !== 1024) throw new UsageError(`the template file has ${template.length} bytes; expected 512 or 1024`)

    const transport = new SerialTransport({ path: values.port, baudRate: intOption(values, 'baud', 57600) })
    const pad = new FingerprintPad(transport, {
      spec: transport.description,
      threshold: intOption(values, 'threshold', 50),
      captureTimeoutMs: intOption(values, 'timeout', 10_000),
      heartbeatMs: 0,
    })
    try {
      await pad.open()
      const { state, reason } = pad.status
      if (state !== 'online') throw deviceFault(reason, `the pad did not complete the handshake on ${transport.description}`)
      const result = await pad.verify(template)
      io.out(JSON.stringify(result, null, 2))
      return EXIT.ok
    } finally {
      await pad.close()
    }
  },
}
