import type { Messages } from '../types'

/** Shared words: app name, faces, generic states and errors. */
export const appMessages = {
  'app.name': { zh: '惠民终端', en: 'Huimin Kiosk' },
  'app.face.kiosk': { zh: '自助终端', en: 'Self-service kiosk' },
  'app.face.counter': { zh: '柜台', en: 'Staff counter' },
  'app.face.audit': { zh: '公示屏', en: 'Public audit display' },
  'app.language.toggle': { zh: 'English', en: '中文' },
  'app.loading': { zh: '正在启动…', en: 'Starting…' },
  'app.demo': { zh: '演示模式', en: 'Demo mode' },
  'app.token.title': { zh: '请输入{face}访问令牌', en: 'Enter the access token of the {face}' },
  'app.token.hint': {
    zh: '本机启动时设定了访问令牌，页面不再显示它。请向管理员索取，粘贴到下面。',
    en: 'This machine was started with an access token that the page does not show. Ask the administrator for it and paste it below.',
  },
  'app.token.field': { zh: '访问令牌', en: 'Access token' },
  'app.token.submit': { zh: '确定', en: 'Continue' },
  'app.token.wrong': { zh: '令牌不正确，请重新输入', en: 'That token is not right: enter it again' },
  'error.CALL_BAD_INPUT': { zh: '输入有误，请检查后重试', en: 'The input is not valid' },
  'error.CALL_FORBIDDEN': { zh: '此终端无权进行该操作', en: 'This screen may not do that' },
  'error.CALL_UNKNOWN': { zh: '不支持的操作', en: 'Unknown operation' },
  'error.SYSTEM_INTERNAL': { zh: '系统内部错误，请联系工作人员', en: 'Internal error, please ask staff' },
  'error.STORAGE_FULL': { zh: '存储空间不足，请联系工作人员', en: 'The storage is full, please ask staff' },
  'error.SYSTEM_UNAVAILABLE': { zh: '服务暂不可用，请稍后再试', en: 'Service unavailable, please try later' },
  'error.CALL_TOO_LARGE': { zh: '内容太大，无法提交', en: 'Too large to send' },
  'error.HOST_UNREACHABLE': { zh: '无法连接终端服务', en: 'Cannot reach the kiosk service' },
  'error.CONFIG_INVALID': { zh: '终端配置有误，请联系技术人员', en: 'The terminal is misconfigured; ask a technician' },
} satisfies Messages
