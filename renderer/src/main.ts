import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import './styles/base.css'

// eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- lint reads .vue modules without types; vue-tsc checks this call
createApp(App).use(createPinia()).mount('#app')
