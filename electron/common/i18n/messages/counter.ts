import type { Messages } from '../types'

/** The staff counter. */
export const counterMessages = {
  'counter.signin.title': { zh: '工作人员登录', en: 'Staff sign-in' },
  'counter.signin.hint': { zh: '请刷本人身份证，然后输入密码', en: 'Tap your own ID card, then enter your PIN' },
  'counter.signin.pin': { zh: '密码', en: 'PIN' },
  'counter.signin.submit': { zh: '登录', en: 'Sign in' },
  'counter.config.title': { zh: '终端配置', en: 'Terminal configuration' },
} satisfies Messages
