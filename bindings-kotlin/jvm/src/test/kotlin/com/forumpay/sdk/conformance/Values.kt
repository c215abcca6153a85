package com.forumpay.sdk.conformance

import com.forumpay.sdk.Secret
import com.forumpay.sdk.parseAmount
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.longOrNull
import java.lang.reflect.InvocationTargetException
import java.math.BigDecimal
import java.time.Instant
import kotlin.reflect.KClass
import kotlin.reflect.KType
import kotlin.reflect.full.companionObject
import kotlin.reflect.full.companionObjectInstance
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.jvm.jvmErasure

/** The runner could not execute a step: a bug in the scenario or the runner, never a skip. */
class RunnerError(message: String) : Exception(message)

/** A JSON value that no Kotlin caller could pass as this parameter (a wrong kind, an unknown name). */
private class Unfit : Exception()

/** `invoice_amount` → `invoiceAmount`: names as a Kotlin caller spells them. */
fun camel(name: String): String =
    name.split('.').joinToString(".") { part -> part.split('_').let { w -> w.first() + w.drop(1).joinToString("") { it.replaceFirstChar(Char::uppercaseChar) } } }

/** `invoiceAmount` → `invoice_amount`. */
fun snake(name: String): String = buildString { name.forEach { if (it.isUpperCase()) append('_').append(it.lowercaseChar()) else append(it) } }

/**
 * Builds a request (or settings) record of [type] from a scenario's named arguments, as a Kotlin
 * caller would: the record's constructor, each argument by its camelCased name, amounts through
 * the binding's `parseAmount`. Arguments no Kotlin caller could write (an unknown name, a value
 * of the wrong kind: the compiler refuses them) go through the binding's `fromNamed` builder
 * instead, so core refuses them with `validation` naming the argument, as it does in every language.
 */
fun build(type: KClass<*>, args: JsonObject): Any =
    try {
        construct(type, args, "")
    } catch (e: Unfit) {
        fromNamed(type, args)
    }

private fun construct(type: KClass<*>, args: JsonObject, path: String): Any {
    val ctor = type.primaryConstructor ?: throw RunnerError("${type.simpleName} has no constructor")
    val params = ctor.parameters.associateBy { it.name }
    val values = args.entries.associate { (key, json) ->
        val param = params[camel(key)] ?: throw Unfit()
        param to value(param.type, json, join(path, camel(key)))
    }
    if (ctor.parameters.any { !it.isOptional && it !in values }) throw Unfit()
    return unwrap { ctor.callBy(values) }
}

private fun join(path: String, name: String) = if (path.isEmpty()) name else "$path.$name"

/** The Kotlin value of [json] for a parameter of [type]. */
private fun value(type: KType, json: JsonElement, path: String): Any? {
    if (json is JsonNull) return if (type.isMarkedNullable) null else throw Unfit()
    val kind = type.jvmErasure
    val p = json as? JsonPrimitive
    return when {
        kind == String::class -> p?.takeIf { it.isString }?.content
        kind == Secret::class -> p?.takeIf { it.isString }?.content?.let(::Secret)
        kind == Boolean::class -> p?.takeUnless { it.isString }?.booleanOrNull
        kind == Long::class -> p?.takeUnless { it.isString }?.longOrNull
        kind == Int::class -> p?.takeUnless { it.isString }?.longOrNull?.takeIf { it in Int.MIN_VALUE..Int.MAX_VALUE }?.toInt()
        kind == BigDecimal::class -> p?.takeIf { it.isString }?.content?.let { parseAmount(path, it) }
        kind == Instant::class -> p?.takeIf { it.isString }?.content?.let { runCatching { Instant.parse(it) }.getOrNull() }
        kind == ByteArray::class -> (json as? JsonArray)?.map { (it as? JsonPrimitive)?.longOrNull?.toByte() ?: throw Unfit() }?.toByteArray()
        kind == List::class -> (json as? JsonArray)?.map { value(type.arguments.single().type!!, it, path) }
        kind == Map::class -> (json as? JsonObject)?.mapValues { (k, v) -> value(type.arguments[1].type!!, v, join(path, k)) }
        kind.java.isEnum -> p?.takeIf { it.isString }?.content?.let { v -> kind.java.enumConstants.firstOrNull { (it as Enum<*>).name == v.uppercase() } }
        kind.isSealed -> p?.let { sealed(kind, it, path) }
        kind.isData -> (json as? JsonObject)?.let { construct(kind, it, path) }
        else -> throw RunnerError("no conversion to ${kind.simpleName} at $path")
    } ?: throw Unfit()
}

/** A value of a sealed class: the object named by the text (`zero_confirmed` → `ZeroConfirmed`), else the variant that holds it. */
private fun sealed(kind: KClass<*>, json: JsonPrimitive, path: String): Any? {
    val named = camel(json.content).replaceFirstChar(Char::uppercaseChar)
    kind.sealedSubclasses.firstOrNull { it.simpleName == named }?.objectInstance?.let { return it }
    for (variant in kind.sealedSubclasses) {
        val ctor = variant.primaryConstructor ?: continue
        val only = ctor.parameters.singleOrNull() ?: continue
        val inner = try { value(only.type, json, path) } catch (e: Unfit) { continue }
        return ctor.call(inner)
    }
    return null
}

/** The binding's `fromNamed` builder of [type] (`GetRate.fromNamed(map)`), found by reflection. */
private fun fromNamed(type: KClass<*>, args: JsonObject): Any {
    val companion = type.companionObject ?: throw RunnerError("${type.simpleName} has no companion")
    val builder = Class.forName("com.forumpay.sdk.Named").methods
        .firstOrNull { it.name == "fromNamed" && it.parameterTypes.first() == companion.java }
        ?: throw RunnerError("no fromNamed builder for ${type.simpleName}")
    return unwrap { builder.invoke(null, type.companionObjectInstance, native(args)) }
}

/** A JSON value as the plain Kotlin values a caller would put in a map (camelCased names). */
fun native(json: JsonElement): Any? = when (json) {
    is JsonNull -> null
    is JsonObject -> json.entries.associate { (k, v) -> camel(k) to native(v) }
    is JsonArray -> json.map(::native)
    is JsonPrimitive -> when {
        json.isString -> json.content
        json.booleanOrNull != null -> json.booleanOrNull
        json.longOrNull != null -> json.longOrNull
        else -> json.content.toDouble()
    }
}

/** Runs a reflective call and throws what the called code threw. */
inline fun <T> unwrap(call: () -> T): T =
    try {
        call()
    } catch (e: InvocationTargetException) {
        throw e.targetException
    }
