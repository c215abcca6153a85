@file:JvmName("ForumPayErrors")

package com.forumpay.sdk

// The fields every ForumPayException carries, whatever its subclass. Each subclass holds an
// `info: ErrorInfo`; these properties read it from the base type. Java: `ForumPayErrors.getCode(e)`.

/** Everything known about the failure. */
val ForumPayException.info: ErrorInfo
    get() = when (this) {
        is ForumPayException.Unauthorized -> info
        is ForumPayException.InvalidRequest -> info
        is ForumPayException.NotFound -> info
        is ForumPayException.RateLimited -> info
        is ForumPayException.Server -> info
        is ForumPayException.Timeout -> info
        is ForumPayException.Network -> info
        is ForumPayException.Decode -> info
        is ForumPayException.Validation -> info
        is ForumPayException.InvalidState -> info
        is ForumPayException.Webhook -> info
        is ForumPayException.OutcomeUnknown -> info
    }

/** The stable code (`not_found`, `validation`, ...), the same in every language. */
val ForumPayException.code: String get() = info.code

/** The HTTP status of the answer, when one arrived. */
val ForumPayException.httpStatus: Int? get() = info.httpStatus

/** The API's `err` message. */
val ForumPayException.err: String? get() = info.err

/** The API's `err_code` (e.g. `payerKYCNeeded`). */
val ForumPayException.errCode: String? get() = info.errCode

/** The `Cf-Ray` request id the provider's support asks for. */
val ForumPayException.cfRay: String? get() = info.cfRay

/** How many attempts were made (0 when refused before sending). */
val ForumPayException.attempts: Int get() = info.attempts

/** The argument a `validation` error is about. */
val ForumPayException.field: String? get() = info.field

/** The stable code of a sandbox refusal: `not_found`, `invalid_state`, `invalid_argument`,
 * `timeout`, `io`. */
val SandboxException.code: String
    get() = when (this) {
        is SandboxException.NotFound -> "not_found"
        is SandboxException.InvalidState -> "invalid_state"
        is SandboxException.InvalidArgument -> "invalid_argument"
        is SandboxException.Timeout -> "timeout"
        is SandboxException.Io -> "io"
    }
