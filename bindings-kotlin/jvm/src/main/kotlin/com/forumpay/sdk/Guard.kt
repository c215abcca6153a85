@file:JvmName("ForumPay")

package com.forumpay.sdk

import java.math.BigDecimal
import java.nio.charset.CharacterCodingException
import java.nio.charset.StandardCharsets
import java.time.Instant

/**
 * Runs one native call for [request] and turns every failure into the SDK's exception: the
 * native error becomes [ForumPayException]'s subclass for its code, and a value that cannot
 * cross at all (text with a lone UTF-16 surrogate, which uniffi refuses to encode; an `Instant`
 * past the range of milliseconds; an amount with more digits than core holds) becomes
 * [ForumPayException.Validation] naming the argument, found by walking [request].
 */
internal inline fun <T> guard(request: Any?, call: () -> T): T =
    try {
        Tracing.beforeCall()
        call()
    } catch (e: NativeException.Failed) {
        throw ForumPayException.of(e.fields)
    } catch (e: NativeException.Argument) {
        throw unrepresentable(request) ?: ForumPayException.of(e.fields)
    } catch (e: CharacterCodingException) {
        throw unrepresentable(request) ?: e
    } catch (e: ArithmeticException) {
        throw unrepresentable(request) ?: e
    }

/** Builds a value from named values through core (see the `fromNamed` builders). */
internal inline fun <T> fromNamedValues(named: Map<String, Any?>, build: (JsonText) -> T): T =
    guard(named) { build(JsonText(namedJson(named))) }

/** The first value of [request] that cannot cross, as a `validation` error naming it. */
@PublishedApi
internal fun unrepresentable(request: Any?): ForumPayException? = find(request, "")

private fun find(value: Any?, path: String): ForumPayException? = when (value) {
    null, is Boolean, is Enum<*>, is JsonText, is PaymentState -> null
    is String -> if (encodable(value)) null else refused(path, "is not valid text (it holds a lone UTF-16 surrogate)")
    is Secret -> if (encodable(value.expose())) null else refused(path, "is not valid text (it holds a lone UTF-16 surrogate)")
    is Instant -> if (runCatching { value.toEpochMilli() }.isSuccess) null else refused(path, "is out of range")
    is BigDecimal -> runCatching { parseAmount(path, value.toPlainString()) }.exceptionOrNull() as? ForumPayException
    is Number -> null
    is Map<*, *> -> value.entries.firstNotNullOfOrNull { (k, v) -> find(v, join(path, callerName(k.toString()))) }
    is Iterable<*> -> value.firstNotNullOfOrNull { find(it, path) }
    else -> recordFields(value).firstNotNullOfOrNull { (name, v) -> find(v, if (UNNAMED.matches(name)) path else join(path, name)) }
}

/** The fields uniffi gives a variant's unnamed values (`v1`): they take their owner's name. */
private val UNNAMED = Regex("v[0-9]+")

private fun join(path: String, name: String) = if (path.isEmpty()) name else "$path.$name"

private fun encodable(text: String) = StandardCharsets.UTF_8.newEncoder().canEncode(text)

private fun refused(path: String, why: String) = ForumPayException.of(nativeValidationError(path, "$path: $why"))

/**
 * Reads an amount written as plain decimal text (`48.25`), keeping its scale; refuses an
 * exponent (`4.825E1`), separators (`1,234.56`) and spaces with
 * [ForumPayException.Validation] naming [field]. `BigDecimal` values need not go through it.
 */
@Throws(ForumPayException::class)
fun parseAmount(field: String, text: String): BigDecimal = guard(text) { nativeParseAmount(field, text) }

/**
 * Reads a raw webhook body (JSON, or a form with the same keys): [ForumPayException.Webhook]
 * when it is not a notification. [WebhookEndpoint] does this and everything after it.
 */
@Throws(ForumPayException::class)
fun parseWebhook(body: ByteArray): WebhookNotification = guard(body) { nativeParseWebhook(body) }
