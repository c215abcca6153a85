// Types of the `forumpay` package: core's surface (generated: the Client, every result and
// argument type, the errors) and the hand-written helpers.
export * from './generated/surface'
export * from './webhooks'
export type { Store } from './store'

/**
 * The canonical form of a result, a list of results or any part of one, as every language of
 * the SDK names it: snake_case keys, free-form maps as they are. Secrets are left out
 * unless `{ secrets: true }` asks for them: the one way to have them in a plain object.
 */
export declare function toCanonical(value: unknown, options?: { secrets?: boolean }): any
