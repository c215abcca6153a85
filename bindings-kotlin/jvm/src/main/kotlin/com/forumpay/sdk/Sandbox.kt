package com.forumpay.sdk

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * The ForumPay API emulator, in-process and offline, on a loopback port the OS chooses (its
 * own thread), so an app's tests need no network. Point a client at it with [settings]; drive
 * it with [control]. `close()` stops it.
 */
class Sandbox : AutoCloseable {
    private val native: NativeSandbox = refusals { NativeSandbox() }

    /** The settings of a client of this emulator: `Client(sandbox.settings().copy(posId = "web"))`. */
    @Throws(ForumPayException::class)
    fun settings(): Settings = guard(null) { native.settings() }

    /** The dashboard in a browser (`http://127.0.0.1:PORT/sandbox/`); each payment's access URL opens its payment page. */
    val dashboardUrl: String get() = native.dashboardUrl()

    /**
     * Runs one control [action] of the emulator (its list: `forumpay_sandbox::ACTIONS`, also in
     * the conformance suite's README) with its named [args] (names as Kotlin code spells them);
     * its result as JSON. A refusal is a [SandboxException] with the emulator's code. Blocks
     * while the action waits (flushing webhooks): use [controlAsync] from a coroutine.
     */
    @JvmOverloads
    @Throws(SandboxException::class)
    fun control(action: String, args: Map<String, Any?> = emptyMap()): JsonText =
        refusals { native.control(action, JsonText(namedJson(args))) }

    /** [control] without blocking the calling coroutine's thread. */
    suspend fun controlAsync(action: String, args: Map<String, Any?> = emptyMap()): JsonText =
        withContext(Dispatchers.IO) { control(action, args) }

    override fun close() = native.close()
}

/** A sandbox control the emulator refused: [code] is the emulator's stable code for it. */
class SandboxException(
    /** The emulator's stable code. */
    val code: String,
    message: String,
) : Exception(message)

private inline fun <T> refusals(call: () -> T): T =
    try {
        call()
    } catch (e: SandboxRefusal.Refused) {
        throw SandboxException(e.code, e.detail)
    }
