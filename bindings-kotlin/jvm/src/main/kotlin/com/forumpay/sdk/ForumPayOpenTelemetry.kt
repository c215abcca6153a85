package com.forumpay.sdk

import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.common.AttributesBuilder
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanContext
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.api.trace.TraceFlags
import io.opentelemetry.api.trace.TraceState
import io.opentelemetry.context.Context
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * OpenTelemetry spans of the SDK's calls, through `io.opentelemetry:opentelemetry-api` (an
 * optional dependency: only an application that has it calls this). Each call becomes a span
 * (`forumpay get_rate`) in the trace of the span active where the call was made, with a
 * `CLIENT` child per HTTP attempt named by its method and the HTTP client attributes; the
 * requests carry that span's `traceparent` (setting `sendTraceparent = false` turns the header
 * off).
 */
object ForumPayOpenTelemetry {
    /**
     * Makes spans with [openTelemetry]'s tracer (with the Java agent or a global SDK:
     * `GlobalOpenTelemetry.get()`); `null` stops.
     */
    @JvmStatic
    fun install(openTelemetry: OpenTelemetry?) {
        Tracing.spans = openTelemetry?.let(::Bridge)
        Tracing.refresh()
    }
}

private class Bridge(openTelemetry: OpenTelemetry) : SpanListener {
    private val tracer = openTelemetry.getTracer("forumpay")
    private val spans = ConcurrentHashMap<ULong, Span>()

    override fun currentTraceparent(): String? {
        val sc = Span.current().spanContext
        if (!sc.isValid) return null
        return "00-${sc.traceId}-${sc.spanId}-${sc.traceFlags.asHex()}"
    }

    override fun open(record: TraceRecord, fields: Map<String, Any>) {
        val id = record.id ?: return
        val parent = record.parent?.let { spans[it] }
        val context = when {
            parent != null -> Context.root().with(parent)
            record.traceparent != null -> remote(record.traceparent)?.let { Context.root().with(Span.wrap(it)) } ?: Context.root()
            else -> Context.root()
        }
        val kind = if (fields["otel.kind"] == "client") SpanKind.CLIENT else SpanKind.INTERNAL
        spans[id] = tracer.spanBuilder(fields["otel.name"] as? String ?: record.name)
            .setParent(context)
            .setSpanKind(kind)
            .setStartTimestamp(record.timeUnixNano, TimeUnit.NANOSECONDS)
            .setAllAttributes(attributes(fields))
            .startSpan()
    }

    override fun close(record: TraceRecord, fields: Map<String, Any>) {
        val span = record.id?.let { spans.remove(it) } ?: return
        span.setAllAttributes(attributes(fields))
        if (fields["otel.status_code"] == "ERROR") span.setStatus(StatusCode.ERROR)
        span.end(record.timeUnixNano, TimeUnit.NANOSECONDS)
    }

    override fun event(record: TraceRecord, fields: Map<String, Any>) {
        val span = record.id?.let { spans[it] } ?: return
        span.addEvent(record.name, attributes(fields), record.timeUnixNano, TimeUnit.NANOSECONDS)
    }

    /** The span context of a W3C `traceparent` (core checked its form). */
    private fun remote(traceparent: String): SpanContext? {
        val parts = traceparent.split('-')
        if (parts.size != 4) return null
        return SpanContext.create(parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault())
    }

    private fun attributes(fields: Map<String, Any>): Attributes {
        val b: AttributesBuilder = Attributes.builder()
        for ((k, v) in fields) {
            if (k.startsWith("otel.")) continue
            when (v) {
                is Long -> b.put(k, v)
                is Boolean -> b.put(k, v)
                else -> b.put(k, v.toString())
            }
        }
        return b.build()
    }
}
