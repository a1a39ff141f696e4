import { DeviceSpecError, formatDeviceSpec, type DeviceSpec } from './common/device-spec'
import type { HidFraming } from './common/hid-framing'
import { HidTransport } from './transport/hid-transport'
import { ReconnectingTransport, type BackoffOptions } from './transport/reconnecting-transport'
import { SerialTransport } from './transport/serial-transport'

/**
 * The host-side transport for a real identity device (serial or HID), wrapped
 * so an unplugged device is reopened with backoff. `sim` is built by the
 * device manager itself; tcp and lp are printer-only.
 */
export function identityDeviceTransport(spec: DeviceSpec, options: { backoff?: BackoffOptions; hidFraming?: Partial<HidFraming> } = {}): ReconnectingTransport {
  const description = formatDeviceSpec(spec)
  switch (spec.kind) {
    case 'serial':
      return new ReconnectingTransport(() => new SerialTransport({ path: spec.path, baudRate: spec.baudRate }), description, options.backoff)
    case 'hid':
      return new ReconnectingTransport(
        () => new HidTransport({ vendorId: spec.vendorId, productId: spec.productId, framing: options.hidFraming }),
        description,
        options.backoff,
      )
    default:
      throw new DeviceSpecError(`${description}: ID-card readers and fingerprint pads connect by serial or hid`)
  }
}
