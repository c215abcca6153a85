package com.forumpay.sdk

import java.net.ServerSocket

/**
 * A real Redis server for a test: Debian's `redis-server` (`make redis-server` installs it) on a
 * loopback port the OS chose, without persistence; `close()` kills it.
 */
class RedisServer : AutoCloseable {
    /** The port the OS chose (released just before redis-server binds it). */
    val port: Int = ServerSocket(0).use { it.localPort }
    private var process: Process? = null

    /** `redis://127.0.0.1:PORT`. */
    val url: String get() = "redis://127.0.0.1:$port"

    init {
        restart()
    }

    /** Starts it (again) on its port; returns once its log says it accepts connections. */
    fun restart() {
        check(process == null) { "redis-server is already running" }
        val binary = System.getenv("FORUMPAY_REDIS_SERVER") ?: "redis-server"
        val started = try {
            ProcessBuilder(binary, "--port", "$port", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start()
        } catch (e: java.io.IOException) {
            throw IllegalStateException("cannot run $binary (${e.message}): `make redis-server` installs Debian's redis-server", e)
        }
        val lines = started.inputStream.bufferedReader()
        val ready = generateSequence { lines.readLine() }.any { "Ready to accept connections" in it }
        check(ready) { "redis-server on port $port exited before it was ready" }
        // Keep draining its log so that it never blocks on a full pipe.
        Thread { lines.useLines { it.forEach { } } }.apply { isDaemon = true }.start()
        process = started
    }

    /** Kills it (as if its host went away) and waits until it is gone. */
    fun stop() {
        process?.let { it.destroyForcibly().waitFor() }
        process = null
    }

    override fun close() = stop()
}
