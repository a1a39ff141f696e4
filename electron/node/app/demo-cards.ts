import type { TestCard } from '../../../hardware/common/test-cards'

/**
 * The fictitious demo identities (staff and beneficiaries), loaded only when
 * demo mode is on: a production start never imports the demo data.
 */
export async function demoCards(demo: boolean): Promise<readonly TestCard[]> {
  if (!demo) return []
  return (await import('../../../hardware/common/test-cards')).TEST_CARDS
}
