package com.forumpay.sdk.conformance

import com.forumpay.sdk.JsonText
import com.forumpay.sdk.Secret
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.lang.reflect.Modifier
import java.math.BigDecimal
import java.time.Instant

/**
 * Reads a binding result back into the suite's canonical JSON, by rule: a record's properties
 * by their snake_case names, amounts as plain text with their scale, moments in RFC 3339, enum
 * values as their snake_case text, secrets through `Secret.expose()`, JSON text parsed.
 */
object Canonical {
    fun of(value: Any?): JsonElement = when (value) {
        null, Unit -> JsonNull
        is String -> JsonPrimitive(value)
        is Boolean -> JsonPrimitive(value)
        is BigDecimal -> JsonPrimitive(value.toPlainString())
        is Number -> JsonPrimitive(value)
        is UByte -> JsonPrimitive(value.toLong())
        is UShort -> JsonPrimitive(value.toLong())
        is UInt -> JsonPrimitive(value.toLong())
        is ULong -> JsonPrimitive(value.toString().toBigDecimal())
        is Instant -> JsonPrimitive(value.toString())
        is Secret -> JsonPrimitive(value.expose())
        is JsonText -> Json.parseToJsonElement(value.text)
        is Enum<*> -> JsonPrimitive(value.name.lowercase())
        is ByteArray -> JsonArray(value.map { JsonPrimitive(it.toInt() and 0xff) })
        is List<*> -> JsonArray(value.map(::of))
        is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k.toString() to of(v) })
        else -> record(value)
    }

    /** A record's fields; an object of a sealed class is its snake_case name, a variant holding one value is that value. */
    private fun record(value: Any): JsonElement {
        val fields = value.javaClass.declaredFields.filter { !Modifier.isStatic(it.modifiers) }.onEach { it.isAccessible = true }
        if (value.javaClass.kotlin.objectInstance != null) return JsonPrimitive(snake(value.javaClass.simpleName.replaceFirstChar(Char::lowercaseChar)))
        if (fields.singleOrNull()?.name == "v1") return of(fields.single().get(value))
        return JsonObject(fields.associate { snake(it.name) to of(it.get(value)) })
    }
}
