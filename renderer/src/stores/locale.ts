import { defineStore } from 'pinia'
import { ref } from 'vue'
import { type Locale, translate, translateError } from '../../../electron/common/i18n'

/** The display language: Simplified Chinese by default, English on request. */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>('zh')
  const toggle = () => {
    locale.value = locale.value === 'zh' ? 'en' : 'zh'
    document.documentElement.lang = locale.value === 'zh' ? 'zh-CN' : 'en'
  }
  const t = (key: string, params?: Record<string, string | number>) => translate(key, locale.value, params)
  const tError = (code: string) => translateError(code, locale.value)
  return { locale, toggle, t, tError }
})
