package com.forumpay.sdk

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import io.opentelemetry.api.common.AttributeKey
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.slf4j.LoggerFactory
import java.math.BigDecimal
import java.util.Base64

/**
 * Core's spans and events on the JVM (issue 16, decision 0030): OpenTelemetry spans in the
 * SDK's in-memory exporter (a retried read is one call span with two attempt children, in the
 * application's trace), SLF4J records of a retried read, a reconciled write and a handled
 * webhook with their fields as key-value pairs; no secret or personal datum anywhere; nothing
 * recorded when nobody listens.
 */
class TracingTest {
    private val payerEmail = "payer.person@example.org"
    private val payerIp = "198.51.100.77"
    private val rate = GetRate(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("10.00"), currency = "BTC")

    private fun fastClient(t: TestSandbox) = Client(t.sandbox.web().copy(retryBaseDelayMs = 1, retryMaxDelayMs = 2))

    @AfterEach
    fun quiet() {
        ForumPayOpenTelemetry.install(null)
        (LoggerFactory.getLogger("forumpay") as Logger).level = Level.OFF
        Tracing.refresh()
    }

    /** OpenTelemetry installed for the SDK, its spans kept in memory. */
    private fun installOpenTelemetry(): Pair<OpenTelemetrySdk, InMemorySpanExporter> {
        val exporter = InMemorySpanExporter.create()
        val otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .build()
        ForumPayOpenTelemetry.install(otel)
        return otel to exporter
    }

    @Test
    fun `a retried read is one OpenTelemetry span with two attempt children in the application trace`() = runBlocking {
        val (otel, exporter) = installOpenTelemetry()
        TestSandbox().use { t ->
            fastClient(t).use { client ->
                t.sandbox.fault("GetRate", "status", 1, "status" to 503)
                val app = otel.getTracer("shop").spanBuilder("checkout").startSpan()
                app.makeCurrent().use { client.getRate(rate) }
                app.end()
                Tracing.flush()

                val spans = exporter.finishedSpanItems
                val call = spans.single { it.name == "forumpay get_rate" }
                assertEquals(app.spanContext.traceId, call.traceId, "joins the application trace")
                assertEquals(app.spanContext.spanId, call.parentSpanId)
                assertEquals(2L, call.attributes.get(AttributeKey.longKey("forumpay.attempts")))
                assertEquals("ok", call.attributes.get(AttributeKey.stringKey("forumpay.outcome")))
                assertEquals("BTC", call.attributes.get(AttributeKey.stringKey("forumpay.currency")))
                val attempts = spans.filter { it.parentSpanId == call.spanId }
                assertEquals(listOf("GET", "GET"), attempts.map { it.name })
                assertEquals(listOf(503L, 200L), attempts.map { it.attributes.get(AttributeKey.longKey("http.response.status_code")) })
                for (a in attempts) {
                    assertEquals(SpanKind.CLIENT, a.kind)
                    assertEquals("GET", a.attributes.get(AttributeKey.stringKey("http.request.method")))
                    assertEquals("127.0.0.1", a.attributes.get(AttributeKey.stringKey("server.address")))
                }
                val first = attempts.first()
                assertEquals("server", first.attributes.get(AttributeKey.stringKey("error.type")))
                assertEquals(StatusCode.ERROR, first.status.statusCode)
                assertEquals("server", first.attributes.get(AttributeKey.stringKey("forumpay.retry.reason")))
                assertTrue(first.events.any { it.name == "retrying" })
                assertEquals(1L, attempts.last().attributes.get(AttributeKey.longKey("http.request.resend_count")))
                secretScan(spans.map(::describe), t.sandbox)
            }
        }
    }

    @Test
    fun `each step of a stream joins the application trace`() = runBlocking {
        val (otel, exporter) = installOpenTelemetry()
        TestSandbox().use { t ->
            t.start(reference = "traced-stream")
            val app = otel.getTracer("shop").spanBuilder("export").startSpan()
            val seen = app.makeCurrent().use { t.client.transactions(ListTransactions()).toList() }
            app.end()
            Tracing.flush()

            assertEquals(listOf("traced-stream"), seen.map { it.referenceNo })
            val pages = exporter.finishedSpanItems.filter { it.name == "forumpay get_transactions" }
            assertTrue(pages.isNotEmpty(), "the stream fetched its pages")
            for (page in pages) {
                assertEquals(app.spanContext.traceId, page.traceId, "a page's call joins the application trace")
                assertEquals(app.spanContext.spanId, page.parentSpanId)
            }
        }
    }

    @Test
    fun `SLF4J records a retried read, a reconciled write and a handled webhook`() = runBlocking {
        val root = LoggerFactory.getLogger("forumpay") as Logger
        val appender = ListAppender<ILoggingEvent>().apply { start() }
        root.addAppender(appender)
        root.level = Level.DEBUG
        try {
            TestSandbox().use { t ->
                fastClient(t).use { client ->
                    t.sandbox.fault("GetRate", "status", 1, "status" to 503)
                    client.getRate(rate)
                    t.sandbox.fault("StartPayment", "drop_after")
                    val p = client.startPayment(
                        StartPayment(invoiceCurrency = "EUR", invoiceAmount = BigDecimal("48.25"), currency = "BTC", payerEmail = payerEmail, payerIpAddress = payerIp),
                    )
                    assertTrue(p.recovered)
                    val body = """{"payment_id":"${p.paymentId}","currency":"BTC","address":"${p.address}"}"""
                    val known = KnownPayment(paymentId = p.paymentId, currency = "BTC", address = p.address)
                    WebhookEndpoint(client, { known }, { }, EndpointSettings(allowList = listOf(payerIp))).use { endpoint ->
                        assertEquals(200, endpoint.handle(body.toByteArray(), payerIp).httpStatus)
                    }
                    Tracing.flush()
                    val events = appender.list.toList()
                    fun kv(e: ILoggingEvent) = (e.keyValuePairs ?: emptyList()).associate { it.key to it.value }
                    val retry = events.single { it.message == "retrying" }
                    assertEquals("forumpay.http", retry.loggerName)
                    assertEquals(ch.qos.logback.classic.Level.INFO, retry.level)
                    assertEquals("server", kv(retry)["forumpay.retry.reason"])
                    assertEquals("get_rate", kv(retry)["forumpay.call"], "an event carries its call's fields")
                    val reconciled = events.filter { it.loggerName == "forumpay.reconcile" }.map { kv(it)["forumpay.reconcile.result"] ?: "asked" }
                    assertEquals(listOf("asked", "recovered"), reconciled)
                    val webhook = events.filter { it.loggerName == "forumpay.webhook" }.map { kv(it)["forumpay.webhook.step"] }
                    assertEquals(listOf("lookup", "handle", "handle"), webhook)
                    assertEquals(200L, kv(events.last { it.loggerName == "forumpay.webhook" })["http.response.status_code"])
                    val calls = events.filter { it.loggerName == "forumpay.call" }.map { kv(it)["forumpay.call"] }
                    assertTrue(calls.containsAll(listOf("get_rate", "start_payment", "verify_webhook")), "$calls")
                    secretScan(events.map { "${it.loggerName} ${it.level} ${it.formattedMessage} ${kv(it)}" }, t.sandbox, body)
                }
            }
        } finally {
            root.detachAppender(appender)
        }
    }

    @Test
    fun `nothing is recorded when nobody listens`() = runBlocking {
        TestSandbox().use { t ->
            fastClient(t).use { client ->
                t.sandbox.fault("GetRate", "status", 1, "status" to 503)
                client.getRate(rate)
                assertFalse(traceIsListening(), "core records nothing")
                (LoggerFactory.getLogger("forumpay.webhook") as Logger).level = Level.WARN
                client.getRate(rate)
                assertTrue(traceIsListening(), "a logger enabled for warnings turns it on")
                (LoggerFactory.getLogger("forumpay.webhook") as Logger).level = null
                client.getRate(rate)
                assertFalse(traceIsListening(), "and off again")
            }
        }
    }

    private fun describe(s: SpanData) = "${s.name} ${s.attributes} ${s.events.map { "${it.name} ${it.attributes}" }}"

    /** No record holds a secret, a credential, a payer's e-mail or address, or a body. */
    private fun secretScan(records: List<String>, sandbox: Sandbox, vararg bodies: String) {
        assertTrue(records.isNotEmpty())
        val secret = sandbox.settings().apiSecret.expose()
        val basic = Base64.getEncoder().encodeToString("${sandbox.settings().apiUser}:$secret".toByteArray())
        val text = records.joinToString("\n")
        for (bad in listOf(secret, basic, payerEmail, payerIp, "uthorization") + bodies) {
            assertFalse(text.contains(bad), "a record holds $bad")
        }
    }
}
