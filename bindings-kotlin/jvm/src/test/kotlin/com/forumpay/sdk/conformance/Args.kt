package com.forumpay.sdk.conformance

import com.forumpay.sdk.parseAmount
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.longOrNull
import java.math.BigDecimal

/** The runner could not execute a step: a bug in the scenario or the runner, never a skip. */
class RunnerError(message: String) : Exception(message)

/** The arguments of one step, consumed by name; any left unused fail the step. */
class Args(args: JsonObject) {
    private val map = args.toMutableMap()

    private fun take(key: String): JsonElement? = map.remove(key)?.takeUnless { it is JsonNull }

    fun optStr(key: String): String? = when (val v = take(key)) {
        null -> null
        is JsonPrimitive -> if (v.isString) v.content else throw RunnerError("argument $key must be a string")
        else -> throw RunnerError("argument $key must be a string")
    }

    fun str(key: String): String = optStr(key) ?: throw RunnerError("argument $key is required")

    fun optBool(key: String): Boolean? = when (val v = take(key)) {
        null -> null
        is JsonPrimitive -> v.takeUnless { it.isString }?.booleanOrNull ?: throw RunnerError("argument $key must be a boolean")
        else -> throw RunnerError("argument $key must be a boolean")
    }

    fun optLong(key: String): Long? = when (val v = take(key)) {
        null -> null
        is JsonPrimitive -> v.takeUnless { it.isString }?.longOrNull ?: throw RunnerError("argument $key must be an integer")
        else -> throw RunnerError("argument $key must be an integer")
    }

    fun long(key: String): Long = optLong(key) ?: throw RunnerError("argument $key is required")

    fun int(key: String): Int = long(key).let {
        if (it in Int.MIN_VALUE..Int.MAX_VALUE) it.toInt() else throw RunnerError("argument $key is too large")
    }

    fun strings(key: String): List<String> {
        val v = take(key) as? JsonArray ?: throw RunnerError("argument $key must be a list of strings")
        return v.map { (it as? JsonPrimitive)?.takeIf { p -> p.isString }?.content ?: throw RunnerError("argument $key must be a list of strings") }
    }

    /** Any JSON value but null, as given. */
    fun optElement(key: String): JsonElement? = take(key)

    /** An object argument. */
    fun optObject(key: String): JsonObject? = when (val v = take(key)) {
        null -> null
        is JsonObject -> v
        else -> throw RunnerError("argument $key must be an object")
    }

    /** An amount: text read by the binding's own amount parser (a bad one is a `validation` outcome). */
    fun optAmount(key: String): BigDecimal? = optStr(key)?.let { parseAmount(key, it) }

    fun amount(key: String): BigDecimal = optAmount(key) ?: throw RunnerError("argument $key is required")

    /** Fails when an argument was given that the step did not use. */
    fun finish() {
        if (map.isNotEmpty()) throw RunnerError("unknown argument(s) ${map.keys}")
    }
}
