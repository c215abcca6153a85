// Types of `forumpay/testing`: the in-process ForumPay API emulator.
import type { Settings } from './generated/surface'

/** A control action the sandbox refused. */
export declare class SandboxError extends Error {
  /** The sandbox's own stable code. */
  readonly code: string
}

/** The sandbox's control actions (`forumpay_sandbox::ACTIONS`), each also a method of `Sandbox`. */
export type SandboxAction =
  | 'pay' | 'confirm' | 'block' | 'setRate' | 'advanceClock' | 'fault' | 'reset' | 'webhookSink' | 'setWebhookUrl'
  | 'failWebhookSink' | 'flushWebhooks' | 'receivedWebhooks' | 'webhookDeliveries' | 'payment' | 'payments' | 'requestCount'

/** `sandbox.pay(args)` and the like: `control(action, args)`. */
export type SandboxActions = { [A in SandboxAction]: (args?: Record<string, unknown>) => Promise<any> }

/** A local ForumPay API on a loopback port, for offline tests. Call `close()` when done. */
export declare class Sandbox {
  constructor()
  readonly baseUrl: string
  /** The dashboard, to open in a browser (every payment's `accessUrl` opens its payment page). */
  readonly dashboardUrl: string
  readonly apiUser: string
  readonly apiSecret: string
  /** Settings for a `Client` of this sandbox (point of sale `web`), merged with `more`. */
  clientSettings(more?: Partial<Settings>): Settings
  /** Runs a control action with its named arguments; rejects with a `SandboxError` when refused. */
  control(action: SandboxAction | (string & {}), args?: Record<string, unknown>): Promise<any>
  close(): void
}
export interface Sandbox extends SandboxActions {}
