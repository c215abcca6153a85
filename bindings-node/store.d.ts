// Types of a store written in JavaScript (store.js, decision 0028).

/**
 * Where a client keeps its webhook claims and payment states, shared by every worker using the
 * same one: `new Client({ ...settings, store })`. Core names the keys (with `storeKeyPrefix`)
 * and encodes the values; a store keeps text with an expiry. Each method may return its result
 * or a Promise of it; one that throws or rejects makes the webhook endpoint answer 503 (the
 * handler never runs unclaimed) and a write's state check fail with a `NetworkError`.
 */
export interface Store {
  /** Sets `key` to `value` for `ttlMs` only if it holds nothing, atomically (Redis `SET NX PX`): true when this call set it. */
  claim(key: string, value: string, ttlMs: number): boolean | Promise<boolean>
  /** Sets `key` to `value` for `ttlMs`, whatever it held. */
  put(key: string, value: string, ttlMs: number): unknown
  /** The value of `key`, or null (never set, deleted or expired). */
  get(key: string): string | null | Promise<string | null>
  /** Removes `key`. */
  delete(key: string): unknown
}
