import type { Messages } from '../types'

/** The public audit display. */
export const auditMessages = {
  'audit.title': { zh: '扶贫资金公示', en: 'Relief funds: public record' },
  'audit.ledger.height': { zh: '账本区块高度', en: 'Ledger block height' },
  'audit.ledger.chain': { zh: '链标识', en: 'Chain id' },
  'audit.ledger.nodes': { zh: '账本节点', en: 'Ledger nodes' },
  'audit.ledger.online': { zh: '在线', en: 'online' },
  'audit.ledger.offline': { zh: '离线', en: 'offline' },
  'audit.ledger.unknown': { zh: '正在连接账本…', en: 'Connecting to the ledger…' },
  'audit.ledger.updated': { zh: '更新于', en: 'Updated' },
} satisfies Messages
