package com.forumpay.sdk

import org.slf4j.Logger
import org.slf4j.LoggerFactory
import org.slf4j.event.Level
import java.util.concurrent.ConcurrentHashMap

/**
 * Core's spans and events on the JVM (decisions 0029, 0030). Core records each call (a span per
 * call, a child per HTTP attempt, events for retries, the reconciliation of a lost write, a
 * watch's changes and the webhook endpoint's steps); they arrive here through one sink and go
 * on to:
 * - **SLF4J**: the loggers `forumpay.call`, `forumpay.http`, `forumpay.reconcile`,
 *   `forumpay.watch` and `forumpay.webhook` (children of `forumpay`), one event per log line,
 *   its fields (and those of the call and attempt it happened in) as SLF4J key-value pairs;
 * - **OpenTelemetry**, once [ForumPayOpenTelemetry.install] was given the application's
 *   `OpenTelemetry` (an optional dependency).
 *
 * Nothing is recorded while nobody listens: no `forumpay` logger enabled at `WARN` or below and
 * no OpenTelemetry. Whether anyone does is checked before each call.
 */
object Tracing {
    /** The loggers by core's target (`forumpay::http` → `forumpay.http`). */
    private val loggers = ConcurrentHashMap<String, Logger>()
    private val areas = listOf("call", "http", "reconcile", "watch", "webhook").map { logger("forumpay::$it") }

    /** The OpenTelemetry side, when installed. */
    @Volatile
    internal var spans: SpanListener? = null

    @Volatile
    private var listening = false

    /** Core's open spans by id: their fields, for the events inside them. */
    private val open = ConcurrentHashMap<ULong, OpenSpan>()

    private class OpenSpan(val parent: ULong?, val fields: Map<String, Any>)

    private val installed: Boolean by lazy { traceInstall(Sink) }

    private fun logger(target: String): Logger = loggers.getOrPut(target) { LoggerFactory.getLogger(target.replace("::", ".")) }

    /** Turns core's recording on or off to match whether anyone listens now; true when on. */
    @JvmStatic
    fun refresh(): Boolean {
        installed
        val on = spans != null || areas.any { it.isWarnEnabled }
        if (on != listening) {
            listening = on
            traceListening(on)
        }
        return on
    }

    /**
     * Waits until every record made so far reached SLF4J and OpenTelemetry (they are handed
     * over by a thread of their own, in order): for tests, and before an application exits.
     */
    @JvmStatic
    fun flush() {
        if (listening) traceFlush()
    }

    /** Before each call: the listening switch, and the call's trace context (the active span's). */
    internal fun beforeCall() {
        if (!refresh()) return
        val listener = spans ?: return
        traceCallContext(listener.currentTraceparent())
    }

    private object Sink : TraceSink {
        override fun record(record: TraceRecord) {
            // Never let a logger's or exporter's failure reach core's threads.
            runCatching { receive(record) }
        }
    }

    private fun receive(r: TraceRecord) {
        val fields = r.fields.associate { it.key to it.plain() }
        when (r.kind) {
            "open" -> {
                r.id?.let { open[it] = OpenSpan(r.parent, fields) }
                spans?.open(r, fields)
            }
            "close" -> {
                r.id?.let { open.remove(it) }
                spans?.close(r, fields)
            }
            else -> {
                spans?.event(r, fields)
                log(r, fields)
            }
        }
    }

    private fun log(r: TraceRecord, fields: Map<String, Any>) {
        val level = when (r.level) {
            "error" -> Level.ERROR
            "warn" -> Level.WARN
            "info" -> Level.INFO
            "debug" -> Level.DEBUG
            else -> Level.TRACE
        }
        val logger = logger(r.target)
        if (!logger.isEnabledForLevel(level)) return
        var builder = logger.atLevel(level)
        for ((k, v) in context(r.id) + fields) {
            if (!k.startsWith("otel.")) builder = builder.addKeyValue(k, v)
        }
        builder.log(r.name)
    }

    /** The fields of span [id] and its ancestors (nearer ones win). */
    private fun context(id: ULong?): Map<String, Any> {
        val chain = generateSequence(id?.let { open[it] }) { s -> s.parent?.let { open[it] } }.toList()
        return chain.asReversed().fold(emptyMap()) { acc, s -> acc + s.fields }
    }

    private fun TraceField.plain(): Any = when (kind) {
        "number" -> value.toLongOrNull() ?: value
        "boolean" -> value == "true"
        else -> value
    }
}

/** What the OpenTelemetry side does with core's records (`ForumPayOpenTelemetry.kt`). */
internal interface SpanListener {
    /** The `traceparent` of the application's active span, if any. */
    fun currentTraceparent(): String?

    fun open(record: TraceRecord, fields: Map<String, Any>)

    fun close(record: TraceRecord, fields: Map<String, Any>)

    fun event(record: TraceRecord, fields: Map<String, Any>)
}
