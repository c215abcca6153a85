package com.forumpay.sdk.conformance

import com.forumpay.sdk.ForumPayException
import com.forumpay.sdk.Sandbox
import com.forumpay.sdk.SandboxException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import java.io.File

/** A refusal a scenario may expect: the SDK's or the sandbox's, in canonical form, and how Kotlin prints it. */
private class Outcome(val canonical: JsonObject, val printed: String)

private fun outcome(e: Throwable): Outcome? = when (e) {
    is ForumPayException -> Outcome(Canonical.of(e.fields) as JsonObject, "$e ${e.message}")
    is SandboxException -> Outcome(JsonObject(mapOf("code" to JsonPrimitive(e.code), "message" to JsonPrimitive(e.message))), "$e")
    else -> null
}

private fun JsonElement.text(what: String): String =
    (this as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw RunnerError("$what must be a string")

private val ERROR_KEYS = setOf("code", "http_status", "err", "err_code", "additional", "attempts", "field", "action", "retry_after_ms")

private fun checkError(expected: JsonObject, got: JsonObject) {
    for ((k, v) in expected) {
        when (k) {
            "has_cf_ray" -> if ((v as? JsonPrimitive)?.booleanOrNull != (got["cf_ray"] !is JsonNull && got["cf_ray"] != null)) throw AssertionError("expected error $k = $v, got $got")
            // The argument as the caller spelled it: camelCase in Kotlin.
            "field" -> Matcher.check(JsonPrimitive(camel(v.text("field"))), got["field"], "error.field")
            in ERROR_KEYS -> Matcher.check(v, got[k], "error.$k")
            else -> throw RunnerError("unknown expect_error key \"$k\"")
        }
    }
}

/** Replaces every `"$var"` string in `value` by the saved value. */
private fun resolve(value: JsonElement, vars: Map<String, JsonElement>): JsonElement = when {
    value is JsonPrimitive && value.isString && value.content.startsWith("$") && value.content.length > 1 ->
        vars[value.content.substring(1)] ?: throw RunnerError("variable ${value.content} was never saved")
    value is JsonArray -> JsonArray(value.map { resolve(it, vars) })
    value is JsonObject -> JsonObject(value.mapValues { resolve(it.value, vars) })
    else -> value
}

/** `printed.hides`: none of these texts in any form Kotlin prints the result or error in (`toString()`, an exception's message), each in its canonical form. */
private fun checkPrinted(hides: JsonElement, canonical: String, printed: String, vars: Map<String, JsonElement>) {
    val texts = (hides as? JsonObject)?.get("hides") as? JsonArray ?: throw RunnerError("printed needs hides")
    for (hidden in texts.map { resolve(it, vars).text("printed.hides") }) {
        if (hidden !in canonical) throw AssertionError("printed: \"$hidden\" is not in the result, so hiding it proves nothing")
        if (hidden in printed) throw AssertionError("printed: a secret shows: $printed")
    }
}

private val STEP_KEYS = setOf("call", "sandbox", "args", "expect", "expect_error", "save", "printed")
private val SCENARIO_KEYS = setOf("name", "description", "client", "steps")

private suspend fun runStep(step: JsonObject, ctx: Ctx, vars: MutableMap<String, JsonElement>) {
    (step.keys - STEP_KEYS).firstOrNull()?.let { throw RunnerError("unknown step key \"$it\"") }
    val call = step["call"]?.text("call")
    val action = step["sandbox"]?.text("sandbox")
    val args = resolve(step["args"] ?: JsonObject(emptyMap()), vars) as? JsonObject ?: throw RunnerError("args must be an object")
    val expectError = step["expect_error"]?.let { it as? JsonObject ?: throw RunnerError("expect_error must be an object") }
    if (step["expect"] != null && expectError != null) throw RunnerError("a step may not have both expect and expect_error")
    val result = runCatching {
        when {
            call != null && action == null -> call(ctx, call, args)
            action != null && call == null -> control(ctx.sandbox, action, args)
            else -> throw RunnerError("a step needs exactly one of `call` and `sandbox`")
        }
    }
    val error = result.exceptionOrNull()
    val done = result.getOrNull()
    if (done != null && expectError == null) {
        val save = step["save"]?.let { it as? JsonObject ?: throw RunnerError("save must be an object") } ?: JsonObject(emptyMap())
        for ((name, path) in save) {
            vars[name] = Matcher.lookup(done.canonical, path.text("save path"))?.takeUnless { it is JsonNull }
                ?: throw AssertionError("save: no value at $path")
        }
    }
    val refused = error?.let { outcome(it) ?: throw it }
    step["printed"]?.let { hides ->
        if (refused != null) checkPrinted(hides, refused.canonical.toString(), refused.printed, vars)
        else checkPrinted(hides, done!!.canonical.toString(), done.value.toString(), vars)
    }
    when {
        refused != null && expectError != null -> checkError(expectError, refused.canonical)
        refused != null -> throw AssertionError("unexpected error: ${refused.canonical}")
        expectError != null -> throw AssertionError("expected an error, got ${done!!.canonical}")
        else -> step["expect"]?.let { Matcher.check(resolve(it, vars), done!!.canonical) }
    }
}

/** Runs the scenario in `file` against a fresh in-process sandbox; throws on the first failing step. */
suspend fun runScenario(file: File, names: MutableSet<String>) {
    val scenario = runCatching { Json.parseToJsonElement(file.readText()) as JsonObject }
        .getOrElse { throw RunnerError("malformed scenario: ${it.message}") }
    (scenario.keys - SCENARIO_KEYS).firstOrNull()?.let { throw RunnerError("unknown scenario key \"$it\"") }
    val name = scenario["name"]?.text("name") ?: throw RunnerError("a scenario needs a name")
    if (!names.add(name)) throw RunnerError("duplicate scenario name \"$name\"")
    val steps = scenario["steps"] as? JsonArray ?: throw RunnerError("a scenario needs steps")
    if (steps.isEmpty()) throw RunnerError("a scenario needs steps")
    val settings = scenario["client"]?.let { it as? JsonObject ?: throw RunnerError("client must be an object") } ?: JsonObject(emptyMap())
    Sandbox().use { sandbox ->
        val ctx = Ctx(sandbox, newClient(sandbox, settings))
        try {
            val vars = mutableMapOf<String, JsonElement>()
            steps.forEachIndexed { i, step ->
                try {
                    runStep(step as? JsonObject ?: throw RunnerError("a step must be an object"), ctx, vars)
                } catch (e: Throwable) {
                    if (e is kotlinx.coroutines.CancellationException) throw e
                    val kind = if (e is RunnerError) "cannot execute: " else ""
                    throw AssertionError("step ${i + 1}: $kind${e.message ?: e}", e)
                }
            }
        } finally {
            ctx.endpoint?.close()
            ctx.dedupe.close()
        }
    }
}
