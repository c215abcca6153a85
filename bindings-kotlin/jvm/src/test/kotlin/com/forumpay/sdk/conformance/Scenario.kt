package com.forumpay.sdk.conformance

import com.forumpay.sdk.Client
import com.forumpay.sdk.Config
import com.forumpay.sdk.ForumPayException
import com.forumpay.sdk.Sandbox
import com.forumpay.sdk.SandboxException
import com.forumpay.sdk.WebhookDeduplicator
import com.forumpay.sdk.Secret
import com.forumpay.sdk.code
import com.forumpay.sdk.info
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.longOrNull
import java.io.File
import java.time.Duration

/** What a scenario may check about an error. */
private data class ErrorFacts(
    val code: String, val httpStatus: Int? = null, val errCode: String? = null,
    val attempts: Int? = null, val cfRay: String? = null, val field: String? = null,
)

private fun facts(e: Throwable): ErrorFacts? = when (e) {
    is ForumPayException -> e.info.let { ErrorFacts(it.code, it.httpStatus, it.errCode, it.attempts, it.cfRay, it.field) }
    is SandboxException -> ErrorFacts(e.code)
    else -> null
}

private fun JsonElement.text(what: String): String =
    (this as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw RunnerError("$what must be a string")

private fun JsonElement.millis(what: String): Duration =
    (this as? JsonPrimitive)?.takeUnless { it.isString }?.longOrNull?.let { Duration.ofMillis(it) } ?: throw RunnerError("$what must be milliseconds")

private fun JsonElement.count(what: String): Int =
    (this as? JsonPrimitive)?.takeUnless { it.isString }?.longOrNull?.takeIf { it in Int.MIN_VALUE..Int.MAX_VALUE }?.toInt()
        ?: throw RunnerError("$what must be a whole number")

private fun buildConfig(sandbox: Sandbox, settings: JsonObject): Config {
    var config = sandbox.config(if ("pos_id" in settings) null else "web")
    for ((k, v) in settings) {
        config = when (k) {
            "api_secret" -> config.copy(apiSecret = Secret(v.text("client.$k")))
            "pos_id" -> if (v is JsonNull) config else config.copy(posId = v.text("client.$k"))
            "request_timeout_ms" -> config.copy(requestTimeout = v.millis("client.$k"))
            "connect_timeout_ms" -> config.copy(connectTimeout = v.millis("client.$k"))
            "deadline_ms" -> config.copy(callDeadline = v.millis("client.$k"))
            "max_attempts" -> config.copy(maxAttempts = v.count("client.$k"))
            "retry_base_delay_ms" -> config.copy(retryBaseDelay = v.millis("client.$k"))
            "retry_max_delay_ms" -> config.copy(retryMaxDelay = v.millis("client.$k"))
            "locale" -> config.copy(locale = v.text("client.$k"))
            "user" -> config.copy(user = v.text("client.$k"))
            else -> throw RunnerError("unknown client setting \"$k\"")
        }
    }
    return config
}

private fun checkError(expected: JsonObject, got: ErrorFacts) {
    for ((k, v) in expected) {
        val p = v as? JsonPrimitive
        val ok = when (k) {
            "code" -> p?.isString == true && p.content == got.code
            "http_status" -> p?.longOrNull == got.httpStatus?.toLong()
            "err_code" -> p?.isString == true && p.content == got.errCode
            "attempts" -> p?.longOrNull == got.attempts?.toLong()
            "has_cf_ray" -> p?.booleanOrNull == (got.cfRay != null)
            "field" -> p?.isString == true && p.content == got.field
            else -> throw RunnerError("unknown expect_error key \"$k\"")
        }
        if (!ok) throw AssertionError("expected error $k = $v, got $got")
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

private val STEP_KEYS = setOf("call", "sandbox", "args", "expect", "expect_error", "save")
private val SCENARIO_KEYS = setOf("name", "description", "client", "steps")

private suspend fun runStep(step: JsonObject, ctx: Ctx, vars: MutableMap<String, JsonElement>) {
    (step.keys - STEP_KEYS).firstOrNull()?.let { throw RunnerError("unknown step key \"$it\"") }
    val call = step["call"]?.text("call")
    val action = step["sandbox"]?.text("sandbox")
    val args = Args(resolve(step["args"] ?: JsonObject(emptyMap()), vars) as? JsonObject ?: throw RunnerError("args must be an object"))
    val expectError = step["expect_error"]?.let { it as? JsonObject ?: throw RunnerError("expect_error must be an object") }
    if (step["expect"] != null && expectError != null) throw RunnerError("a step may not have both expect and expect_error")
    val outcome = runCatching {
        when {
            call != null && action == null -> (CALLS[call] ?: throw RunnerError("unknown call \"$call\""))(ctx, args)
            action != null && call == null -> (SANDBOX_ACTIONS[action] ?: throw RunnerError("unknown sandbox action \"$action\""))(ctx.sandbox, args)
            else -> throw RunnerError("a step needs exactly one of `call` and `sandbox`")
        }
    }
    val error = outcome.exceptionOrNull()
    if (error != null) {
        val got = facts(error) ?: throw error
        if (expectError == null) throw AssertionError("unexpected error: ${error.message}")
        checkError(expectError, got)
        return
    }
    val result = Canonical.of(outcome.getOrNull())
    if (expectError != null) throw AssertionError("expected an error, got $result")
    step["expect"]?.let { Matcher.check(resolve(it, vars), result) }
    val save = step["save"]?.let { it as? JsonObject ?: throw RunnerError("save must be an object") } ?: JsonObject(emptyMap())
    for ((name, path) in save) {
        val found = Matcher.lookup(result, path.text("save path"))?.takeUnless { it is JsonNull }
            ?: throw AssertionError("save: no value at $path")
        vars[name] = found
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
        Client(buildConfig(sandbox, settings)).use { client -> WebhookDeduplicator().use { dedupe ->
            val ctx = Ctx(client, sandbox, dedupe)
            val vars = mutableMapOf<String, JsonElement>()
            steps.forEachIndexed { i, step ->
                try {
                    runStep(step as? JsonObject ?: throw RunnerError("a step must be an object"), ctx, vars)
                } catch (e: Throwable) {
                    if (e is kotlinx.coroutines.CancellationException) throw e
                    val kind = if (e is RunnerError) "cannot execute: " else ""
                    throw AssertionError("step ${i + 1}: $kind${e.message}", e)
                }
            }
        } }
    }
}
