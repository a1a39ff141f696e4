import { defineStore } from 'pinia'
import { ref } from 'vue'
import { type Locale, messages, translate, translateError } from '../../../electron/common/i18n'

/** The display language: Simplified Chinese by default, English on request. */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>('zh')
  const toggle = () => {
    locale.value = locale.value === 'zh' ? 'en' : 'zh'
    document.documentElement.lang = locale.value === 'zh' ? 'zh-CN' : 'en'
  }
  const t = (key: string, params?: Record<string, string | number>) => translate(key, locale.value, params)
  /** The text of a key that may not exist (a code from the host): null when the table has no such key. */
  const tKnown = (key: string, params?: Record<string, string | number>) => (key in messages ? t(key, params) : null)
  const tError = (code: string) => translateError(code, locale.value)
  return { locale, toggle, t, tKnown, tError }
})
