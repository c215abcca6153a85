package com.forumpay.sdk.conformance

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** Subset matching of a canonical result against a scenario's expectation (see the suite's README). */
object Matcher {
    /** Throws [AssertionError] saying where and why `actual` does not match `expected`. */
    fun check(expected: JsonElement, actual: JsonElement?, path: String = "result") {
        val got = actual ?: JsonNull
        if (expected is JsonObject) {
            expected["\$len"]?.let { n ->
                val len = when (got) {
                    is JsonArray -> got.size
                    is JsonObject -> got.size
                    else -> fail("$path: expected a list, got $got")
                }
                if (n.toString() != len.toString()) fail("$path: expected $n items, got $len")
                return
            }
            expected["\$present"]?.let { p ->
                if (p.toString() != (got !is JsonNull).toString()) fail("$path: presence expected $p, value $got")
                return
            }
            val obj = got as? JsonObject ?: fail("$path: expected an object, got $got")
            for ((k, v) in expected) check(v, obj[k], "$path.$k")
            return
        }
        if (expected is JsonArray) {
            val list = got as? JsonArray ?: fail("$path: expected a list, got $got")
            if (list.size != expected.size) fail("$path: expected ${expected.size} items, got ${list.size}")
            expected.zip(list).forEachIndexed { i, (e, a) -> check(e, a, "$path.$i") }
            return
        }
        if (!primitiveEquals(expected, got)) fail("$path: expected $expected, got $got")
    }

    private fun primitiveEquals(expected: JsonElement, got: JsonElement): Boolean {
        if (expected is JsonNull || got is JsonNull) return expected is JsonNull && got is JsonNull
        val e = expected as? JsonPrimitive ?: return false
        val a = got as? JsonPrimitive ?: return false
        if (e.isString || a.isString) return e.isString && a.isString && e.content == a.content
        val en = e.content.toBigDecimalOrNull()
        val an = a.content.toBigDecimalOrNull()
        return if (en != null && an != null) en.compareTo(an) == 0 else e.content == a.content
    }

    /** The value at a dotted path (`currencies.0.currency`). */
    fun lookup(value: JsonElement, path: String): JsonElement? =
        path.split('.').fold(value as JsonElement?) { v, part ->
            when (v) {
                is JsonObject -> v[part]
                is JsonArray -> part.toIntOrNull()?.let { v.getOrNull(it) }
                else -> null
            }
        }

    private fun fail(message: String): Nothing = throw AssertionError(message)
}
