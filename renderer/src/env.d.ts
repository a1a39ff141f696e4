/// <reference types="vite/client" />
import type { HuiminApi } from '../../electron/common/contract'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host, where the HTTP bridge is used. */
    huimin?: HuiminApi
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
