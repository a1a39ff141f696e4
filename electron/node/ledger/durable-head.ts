/**
 * How far the ledger node's chain is known to survive a crash. The embedded
 * node saves its chain after each block and knows the highest block saved; a
 * transaction in a later block may vanish if the node is killed, so it must
 * not be shown 已上链 yet. External nodes (the consortium chain) persist
 * before they answer: no limit, `undefined`.
 *
 *   const durableHead: DurableHead | undefined = parts.durableHead
 *   if (isBlockDurable(durableHead, receipt.blockNumber)) markConfirmed()
 */
export type DurableHead = () => bigint | null

/** True when block `n` survives a node restart: no limit given, or `n` at or below the durable head (none yet: false). */
export function isBlockDurable(durableHead: DurableHead | undefined, n: bigint): boolean {
  if (!durableHead) return true
  const head = durableHead()
  return head !== null && n <= head
}
