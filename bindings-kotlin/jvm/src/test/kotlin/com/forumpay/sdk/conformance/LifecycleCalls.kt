package com.forumpay.sdk.conformance

import com.forumpay.sdk.Client
import com.forumpay.sdk.ForumPayException
import com.forumpay.sdk.KnownPayment
import com.forumpay.sdk.Sandbox
import com.forumpay.sdk.SourceAllowList
import com.forumpay.sdk.WebhookDeduplicator
import com.forumpay.sdk.WebhookNotification
import com.forumpay.sdk.code
import com.forumpay.sdk.parseWebhook
import com.forumpay.sdk.paymentStateParse
import com.forumpay.sdk.settled
import com.forumpay.sdk.text
import com.forumpay.sdk.unlisted
import com.forumpay.sdk.watchPayment
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

// The calls that need more than the client (mirrors core/tests/conformance/lifecycle_calls.rs):
// `watch_payment` drives the sandbox as updates arrive; the webhook calls share one
// deduplicator for the whole scenario.

/** What a call may use besides its arguments. */
class Ctx(val client: Client, val sandbox: Sandbox, val dedupe: WebhookDeduplicator)

/** `body`: a raw string, or an object sent as compact JSON text; read by the binding's parser. */
private fun Args.notification(): WebhookNotification = when (val body = optElement("body")) {
    is JsonPrimitive -> if (body.isString) parseWebhook(body.content.toByteArray()) else null
    is JsonObject -> parseWebhook(body.toString().toByteArray())
    else -> null
} ?: throw RunnerError("argument body must be a string or an object")

private fun Args.known(): KnownPayment? = optObject("known")?.let { Args(it) }?.call {
    KnownPayment(str("payment_id"), str("currency"), str("address"), optStr("pos_id"), optStr("last_state")?.let { paymentStateParse(it) })
}

/** One `{"sandbox": .., "args": {..}}` step of `on_state`. */
private fun runSandboxStep(sandbox: Sandbox, step: JsonElement) {
    val o = step as? JsonObject ?: throw RunnerError("on_state steps must be objects")
    val action = (o["sandbox"] as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw RunnerError("on_state steps need `sandbox`")
    val args = o["args"]?.let { it as? JsonObject ?: throw RunnerError("on_state args must be an object") } ?: JsonObject(emptyMap())
    (SANDBOX_ACTIONS[action] ?: throw RunnerError("unknown sandbox action \"$action\""))(sandbox, Args(args))
}

/** Every update until the watch ends; `on_state` runs sandbox steps when a state is reported. */
private suspend fun watch(x: Ctx, a: Args): Any {
    val (ref, options, onState) = a.call { Triple(paymentRef(), watchOptions(), optObject("on_state") ?: JsonObject(emptyMap())) }
    val updates = mutableListOf<Map<String, Any?>>()
    val watch = x.client.watchPayment(ref, options) // options out of range throw here
    val endedWith = try {
        watch.collect { u ->
            updates += mapOf(
                "previous" to u.previous, "state" to u.state, "transition" to u.transition,
                "unlisted" to u.unlisted, "settled" to u.settled, "status" to u.status,
            )
            when (val steps = onState[u.state.text]) {
                null -> {}
                is JsonArray -> steps.forEach { runSandboxStep(x.sandbox, it) }
                else -> runSandboxStep(x.sandbox, steps)
            }
        }
        null
    } catch (e: ForumPayException) {
        e.code
    }
    return mapOf("updates" to updates, "ended_with" to endedWith)
}

/** Calls needing the sandbox or the scenario's deduplicator, by the suite's name. */
val LIFECYCLE_CALLS: Map<String, suspend (Ctx, Args) -> Any?> = mapOf(
    "watch_payment" to ::watch,
    "parse_webhook" to { _, a -> a.call { notification() } },
    "verify_webhook" to { x, a ->
        val (notification, known) = a.call { notification() to known() }
        x.client.verifyWebhook(notification, known)
    },
    "webhook_first_time" to { x, a -> mapOf("first_time" to x.dedupe.firstTimeKey(a.call { str("key") })) },
    "webhook_source_allowed" to { _, a ->
        val (allow, source) = a.call { strings("allow") to str("source") }
        SourceAllowList(allow).use { mapOf("allowed" to it.allows(source)) }
    },
)
