package com.forumpay.sdk.conformance

import com.forumpay.sdk.Client
import com.forumpay.sdk.EndpointSettings
import com.forumpay.sdk.ForumPayException
import com.forumpay.sdk.KnownPayment
import com.forumpay.sdk.Sandbox
import com.forumpay.sdk.Settings
import com.forumpay.sdk.WebhookDeduplicator
import com.forumpay.sdk.WebhookEndpoint
import com.forumpay.sdk.decodeAnswer
import com.forumpay.sdk.httpStatus
import com.forumpay.sdk.json
import com.forumpay.sdk.parseWebhook
import com.forumpay.sdk.text
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.collect
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlin.reflect.full.callSuspend
import kotlin.reflect.full.declaredMemberFunctions
import kotlin.reflect.jvm.jvmErasure

/** What a step may use besides its arguments. */
class Ctx(val sandbox: Sandbox, var client: Client) {
    val dedupe = WebhookDeduplicator()
    var endpoint: WebhookEndpoint? = null
    /** The client the endpoint verifies with, and the settings it was first made with. */
    var endpointClient: Client? = null
    var endpointSettings: JsonObject? = null

    /** What the merchant's lookup does on the current webhook request: answer this payment, or throw. */
    var stored: KnownPayment? = null
    var lookupThrows = false
    var handlerThrows = false
    var handlerCalled = false
}

/** A step's result: the value itself (printed with `toString()`) and its canonical form. */
class Done(val value: Any?, val canonical: JsonElement)

private fun done(value: Any?) = Done(value, Canonical.of(value))

/**
 * A client for the sandbox with the scenario's settings as Kotlin code names them: the sandbox's
 * own settings (credentials, base URL; no base URL when the scenario names an environment),
 * then the scenario's, `pos_id` "web" unless given (`null`: none).
 */
fun newClient(sandbox: Sandbox, settings: JsonObject): Client {
    val named = (Canonical.of(sandbox.settings()) as JsonObject).filterValues { it !is JsonNull }.toMutableMap()
    if ("environment" in settings) named.remove("base_url")
    named.putAll(settings)
    if (named["pos_id"] is JsonNull) named.remove("pos_id") else named.putIfAbsent("pos_id", JsonPrimitive("web"))
    return Client(build(Settings::class, JsonObject(named)) as Settings)
}

/** Runs call [name]: a public method of `Client` by its camelCased name, or one of the runner's own. */
suspend fun call(ctx: Ctx, name: String, args: JsonObject): Done {
    val method = Client::class.declaredMemberFunctions.firstOrNull { it.name == camel(name) && it.parameters.size == 2 }
    if (method == null) return runnerCall(ctx, name, args)
    val request = method.parameters[1].type.jvmErasure
    val onState = args["on_state"] as? JsonObject
    val built = build(request, JsonObject(args - "on_state").let { if (name == "verify_webhook") withBodyText(it) else it })
    val result = unwrap { if (method.isSuspend) method.callSuspend(ctx.client, built) else method.call(ctx.client, built) }
    return when {
        result !is Flow<*> -> done(result)
        onState == null && args["on_state"] != null -> throw RunnerError("on_state must be an object")
        else -> collect(ctx, name, result, onState ?: JsonObject(emptyMap()))
    }
}

/** A stream collected whole: its items, and for a watch the error it ended with. */
private suspend fun collect(ctx: Ctx, name: String, flow: Flow<*>, onState: JsonObject): Done {
    val items = mutableListOf<Any?>()
    val endedWith = try {
        flow.collect { item ->
            items += item
            val state = (item!!.javaClass.getMethod("getState").invoke(item) as? com.forumpay.sdk.PaymentState)?.text
            when (val steps = state?.let { onState[it] }) {
                null -> {}
                is JsonArray -> steps.forEach { sandboxStep(ctx.sandbox, it) }
                else -> sandboxStep(ctx.sandbox, steps)
            }
        }
        null
    } catch (e: ForumPayException) {
        if (name == "transactions") throw e
        e.code
    }
    val key = if (name == "transactions") "transactions" else "updates"
    val canonical = JsonObject(mapOf(key to Canonical.of(items)) + if (key == "updates") mapOf("ended_with" to Canonical.of(endedWith)) else emptyMap())
    return Done(items, canonical)
}

/** A webhook body argument: a string as is, an object as compact JSON text. */
private fun bodyText(json: JsonElement?): String = when {
    json is JsonPrimitive && json.isString -> json.content
    json is JsonObject -> json.toString()
    else -> throw RunnerError("body must be a string or an object")
}

private fun withBodyText(args: JsonObject) = JsonObject(args + ("body" to JsonPrimitive(bodyText(args["body"]))))

private fun text(args: JsonObject, key: String): String =
    (args[key] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw RunnerError("$key must be a string")

private fun onlyKeys(args: JsonObject, vararg keys: String) {
    (args.keys - keys.toSet()).firstOrNull()?.let { throw RunnerError("unknown argument \"$it\"") }
}

private suspend fun runnerCall(ctx: Ctx, name: String, args: JsonObject): Done = when (name) {
    "new_client" -> {
        // The old client is left to the collector: the scenario's webhook endpoint may hold it.
        ctx.client = newClient(ctx.sandbox, args)
        Done(null, JsonNull)
    }
    "parse_webhook" -> {
        onlyKeys(args, "body")
        done(parseWebhook(bodyText(args["body"]).toByteArray()))
    }
    "decode_answer" -> {
        onlyKeys(args, "call", "body")
        // Bytes, as another HTTP client or an archive holds an answer; the call named as a method.
        done(decodeAnswer(camel(text(args, "call")), bodyText(args["body"]).toByteArray()))
    }
    "webhook_first_time" -> {
        onlyKeys(args, "key")
        Done(null, JsonObject(mapOf("first_time" to JsonPrimitive(ctx.dedupe.firstTimeKey(text(args, "key"))))))
    }
    "webhook_source_allowed" -> {
        onlyKeys(args, "allow", "source")
        // The allow list is the webhook endpoint's: a source it refuses is answered 403.
        val settings = build(EndpointSettings::class, JsonObject(mapOf("allow_list" to (args["allow"] ?: JsonNull)))) as EndpointSettings
        val answer = WebhookEndpoint(ctx.client, { null }, {}, settings).use { it.handle("{}".toByteArray(), text(args, "source")) }
        Done(null, JsonObject(mapOf("allowed" to JsonPrimitive(answer.httpStatus != 403))))
    }
    "webhook_endpoint" -> endpoint(ctx, args)
    else -> throw RunnerError("unknown call \"$name\"")
}

/**
 * One request to the scenario's webhook endpoint (made on its first request with `settings`,
 * and made again with them on the current client after a `new_client` step):
 * the merchant's lookup answers `lookup` (a stored payment, null, or `"throws"`), its handler
 * succeeds or `"throws"`.
 */
private suspend fun endpoint(ctx: Ctx, args: JsonObject): Done {
    onlyKeys(args, "body", "source", "lookup", "handler", "settings")
    val lookup = args["lookup"] ?: JsonNull
    ctx.lookupThrows = lookup == JsonPrimitive("throws")
    ctx.stored = (lookup as? JsonObject)?.let { build(KnownPayment::class, it) as KnownPayment }
    ctx.handlerThrows = args["handler"] == JsonPrimitive("throws")
    ctx.handlerCalled = false
    ctx.endpointSettings = ctx.endpointSettings ?: (args["settings"] as? JsonObject ?: JsonObject(emptyMap()))
    if (ctx.endpointClient !== ctx.client) {
        ctx.endpoint?.close()
        ctx.endpoint = null
    }
    ctx.endpointClient = ctx.client
    val endpoint = ctx.endpoint ?: WebhookEndpoint(
        ctx.client,
        lookup = { if (ctx.lookupThrows) throw IllegalStateException("the shop's database is down") else ctx.stored },
        handler = {
            ctx.handlerCalled = true
            if (ctx.handlerThrows) throw IllegalStateException("the shop's handler failed")
        },
        settings = build(EndpointSettings::class, ctx.endpointSettings!!) as EndpointSettings,
    ).also { ctx.endpoint = it }
    val source = (args["source"] as? JsonPrimitive)?.takeIf { it.isString }?.content
    val answer = endpoint.handle(bodyText(args["body"]).toByteArray(), source)
    val body = Json.parseToJsonElement(answer.json)
    return Done(answer, JsonObject(mapOf("status" to JsonPrimitive(answer.httpStatus), "body" to body, "handler_called" to JsonPrimitive(ctx.handlerCalled))))
}

/** One `{"sandbox": .., "args": {..}}` step of `on_state`. */
private fun sandboxStep(sandbox: Sandbox, step: JsonElement) {
    val o = step as? JsonObject ?: throw RunnerError("on_state steps must be objects")
    val action = (o["sandbox"] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw RunnerError("on_state steps need `sandbox`")
    control(sandbox, action, o["args"] as? JsonObject ?: JsonObject(emptyMap()))
}

/** A sandbox control through the binding's one entry, arguments named as a Kotlin caller names them. */
@Suppress("UNCHECKED_CAST")
fun control(sandbox: Sandbox, action: String, args: JsonObject): Done {
    val result = sandbox.control(action, native(args) as Map<String, Any?>)
    return Done(result, Json.parseToJsonElement(result.text))
}
