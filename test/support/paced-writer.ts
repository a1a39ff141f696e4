// The paced writer lives with the transports because the embedded simulators
// pace their replies too; tests import it from here for discoverability.
export { PacedWriter, byteTimeMs, wireTimeMs, writePaced } from '../../hardware/transport/paced-writer'
