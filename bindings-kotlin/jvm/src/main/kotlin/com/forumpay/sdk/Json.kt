package com.forumpay.sdk

import java.lang.reflect.Modifier
import java.math.BigDecimal
import java.time.Instant

/**
 * A JSON value as its text: the API's `additional` and unknown fields (`extra`), a sandbox
 * control's result. `toString()` is the text; [parse] reads it into Kotlin values.
 */
class JsonText(
    /** The JSON text. */
    val text: String,
) {
    /** The value as maps, lists, text, `Long` or `BigDecimal` numbers, booleans and null. */
    fun parse(): Any? = JsonReader(text).document()

    override fun toString(): String = text

    override fun equals(other: Any?): Boolean = other is JsonText && other.text == text

    override fun hashCode(): Int = text.hashCode()
}

/**
 * Named values as core reads them: a JSON map with core's names (camelCase keys become
 * snake_case), amounts (`BigDecimal`) as text, moments in RFC 3339, secrets as their value.
 * A float is written as the number it is, which core refuses wherever text or a whole number is due.
 */
internal fun namedJson(value: Any?): String = StringBuilder().also { write(it, value) }.toString()

private fun write(out: StringBuilder, value: Any?) {
    when (value) {
        null -> out.append("null")
        is String -> quote(out, value)
        is Boolean, is Byte, is Short, is Int, is Long -> out.append(value)
        is Double -> if (value.isFinite()) out.append(value) else quote(out, value.toString())
        is Float -> if (value.isFinite()) out.append(value) else quote(out, value.toString())
        is BigDecimal -> quote(out, value.toPlainString())
        is Number -> out.append(value)
        is Secret -> quote(out, value.expose())
        is JsonText -> out.append(value.text)
        is Instant -> quote(out, value.toString())
        is PaymentState -> quote(out, value.text)
        is Enum<*> -> quote(out, value.name.lowercase())
        is ByteArray -> items(out, value.map { it.toInt() and 0xff })
        is Map<*, *> -> entries(out, value.entries.map { (k, v) -> k.toString() to v })
        is Iterable<*> -> items(out, value)
        is Array<*> -> items(out, value.asIterable())
        else -> entries(out, recordFields(value))
    }
}

private fun items(out: StringBuilder, values: Iterable<*>) {
    out.append('[')
    values.forEachIndexed { i, v -> if (i > 0) out.append(','); write(out, v) }
    out.append(']')
}

private fun entries(out: StringBuilder, values: List<Pair<String, Any?>>) {
    out.append('{')
    values.forEachIndexed { i, (k, v) -> if (i > 0) out.append(','); quote(out, coreName(k)); out.append(':'); write(out, v) }
    out.append('}')
}

private fun quote(out: StringBuilder, text: String) {
    out.append('"')
    for (c in text) {
        when {
            c == '"' || c == '\\' -> out.append('\\').append(c)
            c < ' ' -> out.append("\\u%04x".format(c.code))
            else -> out.append(c)
        }
    }
    out.append('"')
}

/** A record's fields by name (a data class of this package, or any object's own fields). */
internal fun recordFields(value: Any): List<Pair<String, Any?>> =
    value.javaClass.declaredFields.filter { !Modifier.isStatic(it.modifiers) }.map { f ->
        f.isAccessible = true
        f.name to f.get(value)
    }

/** A small JSON reader: the one document in [text]. */
private class JsonReader(private val text: String) {
    private var at = 0

    fun document(): Any? = value().also { space(); if (at != text.length) fail() }

    private fun value(): Any? {
        space()
        return when (text.getOrNull(at)) {
            '{' -> obj()
            '[' -> list()
            '"' -> string()
            't' -> word("true", true)
            'f' -> word("false", false)
            'n' -> word("null", null)
            else -> number()
        }
    }

    private fun obj(): Map<String, Any?> = buildMap {
        at++
        if (peek('}')) return@buildMap
        do {
            space()
            val key = string()
            space()
            expect(':')
            put(key, value())
        } while (peek(','))
        expect('}')
    }

    private fun list(): List<Any?> = buildList {
        at++
        if (peek(']')) return@buildList
        do { add(value()) } while (peek(','))
        expect(']')
    }

    private fun string(): String = buildString {
        expect('"')
        while (true) {
            val c = text.getOrNull(at++) ?: fail()
            when (c) {
                '"' -> return@buildString
                '\\' -> when (val e = text.getOrNull(at++)) {
                    'u' -> append(text.substring(at, at + 4).toInt(16).toChar()).also { at += 4 }
                    'n' -> append('\n')
                    't' -> append('\t')
                    'r' -> append('\r')
                    'b' -> append('\b')
                    'f' -> append('\u000c')
                    null -> fail()
                    else -> append(e)
                }
                else -> append(c)
            }
        }
    }

    private fun number(): Any {
        val start = at
        while (at < text.length && text[at] in "+-0123456789.eE") at++
        val digits = text.substring(start, at).ifEmpty { fail() }
        return digits.toLongOrNull() ?: digits.toBigDecimalOrNull() ?: fail()
    }

    private fun word(word: String, value: Any?): Any? = if (text.startsWith(word, at)) value.also { at += word.length } else fail()

    private fun space() { while (at < text.length && text[at].isWhitespace()) at++ }

    private fun peek(c: Char): Boolean { space(); return (text.getOrNull(at) == c).also { if (it) at++ } }

    private fun expect(c: Char) { if (!peek(c)) fail() }

    private fun fail(): Nothing = throw IllegalArgumentException("not JSON at offset $at")
}
