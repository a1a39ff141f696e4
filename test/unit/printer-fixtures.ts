import type { ClaimReceiptData, ComplaintTicketData, DayCloseData } from '../../electron/common/receipt'

/** Fixed receipt inputs shared by the printer tests and the benchmark (fictitious people). */
export const TX_HASH = `0x${'9f3c'.repeat(16)}` as const

export const CLAIM: ClaimReceiptData = {
  claimNo: 'C20250301-000123',
  program: '城乡居民最低生活保障金',
  amountFen: 12345,
  name: '张建国',
  idNumber: '41012219560312003X',
  township: '官渡镇',
  terminalId: 'HM-ZM-0001',
  confirmedAt: Date.UTC(2025, 2, 1, 6, 5, 9), // 14:05:09 in Beijing
  txHash: TX_HASH,
  ledger: { state: 'confirmed', blockNumber: 123456 },
}

export const COMPLAINT: ComplaintTicketData = {
  ticketNo: 'T20250301-0007',
  createdAt: Date.UTC(2025, 2, 1, 7, 30, 0),
  township: '官渡镇',
  terminalId: 'HM-ZM-0001',
  category: '补贴未到账',
  description: '三月份的养老补贴在终端显示已领取，但本人未收到款项，请核实。',
  name: '李秀英',
  idNumber: '410122195808150021',
  relatedClaimNo: 'C20250301-000123',
  staffNo: 'S0012',
}

export const DAY_CLOSE: DayCloseData = {
  township: '官渡镇',
  terminalId: 'HM-ZM-0001',
  businessDate: '2025-03-01',
  closedAt: Date.UTC(2025, 2, 1, 9, 0, 0),
  staffNo: 'S0012',
  programs: [
    { program: '城乡居民最低生活保障金', count: 12, totalFen: 1481400 },
    { program: '高龄津贴', count: 3, totalFen: 30000 },
  ],
  confirmedCount: 14,
  pendingCount: 1,
  reprintCount: 2,
  complaintCount: 1,
}
