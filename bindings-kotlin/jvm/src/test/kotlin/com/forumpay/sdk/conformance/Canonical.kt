package com.forumpay.sdk.conformance

import com.forumpay.sdk.PaymentState
import com.forumpay.sdk.Secret
import com.forumpay.sdk.text
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.lang.reflect.Modifier
import java.math.BigDecimal
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

/**
 * Turns a binding result (generated data classes) back into the suite's canonical JSON:
 * snake_case names, amounts as strings with their scale, timestamps as `YYYY-MM-DD HH:MM:SS`,
 * states as their API text, secrets as their value.
 */
object Canonical {
    /** Kotlin names that are not the camelCase of the canonical name. */
    private val RENAMED = mapOf("payment_type" to "type")

    /** Fields holding JSON text (a typealias of String, invisible at run time). */
    private val JSON_TEXT = setOf("beneficiary_vasp_details", "customer_details", "double_spending_alert", "additional")

    private val TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)

    fun of(value: Any?): JsonElement = when (value) {
        null, Unit -> JsonNull
        is String -> JsonPrimitive(value)
        is Boolean -> JsonPrimitive(value)
        is Int -> JsonPrimitive(value)
        is Long -> JsonPrimitive(value)
        is BigDecimal -> JsonPrimitive(value.toPlainString())
        is Instant -> JsonPrimitive(TIMESTAMP.format(value))
        is Secret -> JsonPrimitive(value.expose())
        is PaymentState -> JsonPrimitive(value.text)
        is Enum<*> -> JsonPrimitive(value.name.lowercase())
        is List<*> -> JsonArray(value.map(::of))
        is Map<*, *> -> JsonObject(value.entries.associate { (k, v) -> k.toString() to of(v) })
        else -> record(value)
    }

    private fun record(value: Any): JsonObject {
        val fields = value.javaClass.declaredFields.filter { !Modifier.isStatic(it.modifiers) }
        return JsonObject(fields.associate { f ->
            f.isAccessible = true
            val name = snake(f.name).let { RENAMED[it] ?: it }
            val raw = f.get(value)
            name to when {
                name == "extra" -> JsonObject((raw as Map<*, *>).entries.associate { (k, v) -> k.toString() to Json.parseToJsonElement(v as String) })
                name in JSON_TEXT && raw != null -> Json.parseToJsonElement(raw as String)
                else -> of(raw)
            }
        })
    }

    private fun snake(camel: String): String = camel.replace(Regex("([A-Z])")) { "_" + it.value.lowercase() }
}
