//! The Kotlin API over the uniffi exports (package `com.forumpay.sdk`): `Client` (a suspend
//! function per call, a `Flow` per stream), `BlockingClient` for Java, `ForumPayException` with
//! one subclass per error code, and `fromNamed` builders. Every name comes from the schema, cased
//! by rule (decision 0019); the hand-written Kotlin only converts errors and pulls streams.

use super::{declared, doc_lines};
use crate::model::{camel, pascal, Call, Field, Struct, Surface, Ty, TypeDef};
use std::fmt::Write;

const HEAD: &str = "package com.forumpay.sdk\n\n";

/// The generated Kotlin files, by file name.
pub fn files(surface: &Surface) -> Vec<(String, String)> {
    vec![
        ("Client.kt".into(), client(surface)),
        ("BlockingClient.kt".into(), blocking(surface)),
        ("ForumPayException.kt".into(), exception(surface)),
        ("Named.kt".into(), named(surface)),
        ("DecodeAnswer.kt".into(), decode_answer(surface)),
    ]
}

/// A KDoc block indented by `indent` spaces.
fn kdoc(doc: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let body = doc_lines(&doc.replace("*/", "* /"), &format!("{pad} *"));
    if body.is_empty() {
        return String::new();
    }
    format!("{pad}/**\n{body}{pad} */\n")
}

/// Whether a request can be left out (every field optional): the parameter then defaults.
fn all_optional(surface: &Surface, request: &str) -> bool {
    surface.record(request).fields.iter().all(|f| !f.required)
}

fn parameter(surface: &Surface, c: &Call) -> String {
    let default = if all_optional(surface, &c.request) { format!(" = {}()", c.request) } else { String::new() };
    format!("request: {}{default}", c.request)
}

fn result_kt(c: &Call) -> String {
    if c.list {
        format!("List<{}>", c.result)
    } else {
        c.result.clone()
    }
}

/// `decodeAnswer(call, body)`: the native decoder's variant unwrapped to the call's own result.
fn decode_answer(surface: &Surface) -> String {
    let mut out = format!(
        "@file:JvmName(\"DecodeAnswer\")\n\n{HEAD}{}@Throws(ForumPayException::class)\nfun decodeAnswer(call: String, body: ByteArray): Any =\n    when (val answer = guard(body) {{ nativeDecodeAnswer(call, body) }}) {{\n",
        kdoc(
            "Decodes [body], an answer of [call]'s API action that you hold (fetched or archived by other\n\
             means), into the result the call returns (`decodeAnswer(\"getTransactions\", bytes) as\n\
             TransactionPage`), exactly as the call decodes it: the same tolerances,\n\
             [ForumPayException.InvalidRequest] for a body carrying the API's `err` (as on an HTTP\n\
             200), [ForumPayException.Decode] for one that is not JSON or not this answer,\n\
             [ForumPayException.Validation] for an unknown call or one without an answer of its own\n\
             (`verifyWebhook`). Calls are named as [Client]'s methods; `waitForSettlement` reads a\n\
             CheckPayment answer.",
            0
        )
    );
    for c in surface.calls.iter().filter(|c| c.decodes) {
        let _ = writeln!(out, "        is DecodedAnswer.{} -> answer.value", pascal(&c.name));
    }
    out.push_str("    }\n");
    out
}

const STREAM_NOTE: &str = "The request is checked at this call (`ForumPayException.Validation`), before anything is collected.";

fn client(surface: &Surface) -> String {
    let mut out = format!(
        "{HEAD}import kotlinx.coroutines.flow.Flow\n\n{}class Client private constructor(\n    \
         /** The native client underneath (the webhook endpoint verifies with it). */\n    \
         internal val native: NativeClient,\n\
         ) : AutoCloseable {{\n    \
         /** A client with these settings (`ForumPayException.Validation` names a bad one). */\n    \
         @Throws(ForumPayException::class)\n    \
         constructor(settings: Settings) : this(guard(settings) {{ NativeClient(settings) }})\n\n    \
         /**\n     \
         * A client keeping its webhook claims and payment states in [store] (a store of the shop's own,\n     \
         * shared by every worker using it) instead of where `storeUrl` says.\n     \
         */\n    \
         @Throws(ForumPayException::class)\n    \
         constructor(settings: Settings, store: Store) : this(guard(settings) {{ NativeClient.withStore(settings, store) }})\n",
        kdoc(
            "The ForumPay API client: one suspend function per call, each taking its request record; the streams as `Flow`s.\n\
             Safe to share between coroutines and threads. Every call checks its arguments before sending and fails with a\n\
             `ForumPayException` subclass per stable code. `close()` frees the native client.",
            0
        )
    );
    for c in &surface.calls {
        let _ = write!(
            out,
            "\n{}    suspend fun {}({}): {} = guard(request) {{ native.{}(request) }}\n",
            kdoc(&c.doc, 4),
            camel(&c.name),
            parameter(surface, c),
            result_kt(c),
            camel(&c.name)
        );
    }
    for s in &surface.streams {
        let name = camel(&s.name);
        let _ = write!(
            out,
            "\n{}    fun {name}({}): Flow<{}> =\n        pullFlow({{ guard(request) {{ native.{name}(request) }} }}) {{ guard(request) {{ it.next() }} }}\n",
            kdoc(&format!("{} {STREAM_NOTE} Each collection is a stream of its own; cancelling the collector stops it at once.", s.doc), 4),
            parameter(surface, s),
            s.result
        );
    }
    out.push_str("\n    /** Frees the native client; calls after this fail. */\n    override fun close() = native.close()\n}\n");
    out
}

fn blocking(surface: &Surface) -> String {
    let mut out = format!(
        "{HEAD}import kotlinx.coroutines.runBlocking\n\n{}class BlockingClient @Throws(ForumPayException::class) constructor(settings: Settings) : AutoCloseable {{\n    \
         /** The suspend client underneath, for code that mixes both styles. */\n    val client: Client = Client(settings)\n",
        kdoc(
            "The same client for Java and other blocking callers: every call waits for its answer on the calling thread,\n\
             the streams are closeable iterators. Not for Android's main thread or coroutines (use `Client`).",
            0
        )
    );
    for c in &surface.calls {
        let overloads = if all_optional(surface, &c.request) { "    @JvmOverloads\n" } else { "" };
        let _ = write!(
            out,
            "\n{}    @Throws(ForumPayException::class)\n{overloads}    fun {name}({}): {} = runBlocking {{ client.{name}(request) }}\n",
            kdoc(&c.doc, 4),
            parameter(surface, c),
            result_kt(c),
            name = camel(&c.name)
        );
    }
    for s in &surface.streams {
        let overloads = if all_optional(surface, &s.request) { "    @JvmOverloads\n" } else { "" };
        let _ = write!(
            out,
            "\n{}    @Throws(ForumPayException::class)\n{overloads}    fun {name}({}): PullIterator<{}> =\n        \
             pullIterator(guard(request) {{ client.native.{name}(request) }}) {{ guard(request) {{ it.next() }} }}\n",
            kdoc(&format!("{} {STREAM_NOTE} Close the iterator to stop early.", s.doc), 4),
            parameter(surface, s),
            s.result,
            name = camel(&s.name)
        );
    }
    out.push_str("\n    /** Frees the native client. */\n    override fun close() = client.close()\n}\n");
    out
}

/// How an error field reads on the exception: its Kotlin type and the conversion from the record.
fn error_property(surface: &Surface, f: &Field) -> (String, String) {
    let (ty, conv) = match &f.ty {
        Ty::Text => ("String", ""),
        Ty::Int(format) if format.ends_with("64") => ("Long", ".toLong()"),
        Ty::Int(_) => ("Int", ".toInt()"),
        Ty::Json => ("JsonText", ""),
        Ty::Named(n) if matches!(surface.types.get(n), Some(TypeDef::Enum(_))) => ("String", ".name.lowercase()"),
        other => panic!("no Kotlin property for an error field of {other:?}"),
    };
    let name = camel(&f.name);
    if f.nullable {
        (format!("{ty}?"), if conv.is_empty() { format!("fields.{name}") } else { format!("fields.{name}?{conv}") })
    } else {
        (ty.to_string(), format!("fields.{name}{conv}"))
    }
}

fn exception(surface: &Surface) -> String {
    let error: &Struct = surface.record(&surface.error);
    let mut out = format!(
        "{HEAD}{}sealed class ForumPayException(\n    /** Everything known about the failure, in canonical form (`field` as Kotlin code spells it). */\n    \
         val fields: ErrorFields,\n) : Exception(fields.message) {{\n",
        kdoc(
            "An SDK error: one subclass per stable code (catch the one you handle, or this class and branch on `code`).\n\
             `message` is for people and may change; it never contains the api secret or a token.",
            0
        )
    );
    for f in error.fields.iter().filter(|f| f.name != "message") {
        let (ty, value) = error_property(surface, f);
        let _ = write!(out, "{}    val {}: {ty} get() = {value}\n\n", kdoc(&f.doc, 4), camel(&f.name));
    }
    for code in &surface.error_codes {
        let _ = write!(out, "{}    class {}(fields: ErrorFields) : ForumPayException(fields)\n\n", kdoc(&code.doc, 4), pascal(&code.name));
    }
    out.push_str(
        "    companion object {\n        /** The subclass for `fields.code`, with `field` and the message naming arguments as Kotlin code does. */\n        \
         @JvmStatic\n        fun of(fields: ErrorFields): ForumPayException {\n            \
         val cased = fields.copy(field = fields.field?.let(::callerName), message = callerMessage(fields.message, fields.field))\n            \
         return when (cased.code) {\n",
    );
    for code in &surface.error_codes {
        let _ = writeln!(out, "                ErrorCode.{} -> {}(cased)", code.name.to_uppercase(), pascal(&code.name));
    }
    out.push_str("            }\n        }\n    }\n}\n");
    out
}

fn named(surface: &Surface) -> String {
    let mut out = format!("@file:JvmName(\"Named\")\n\n{HEAD}");
    for name in declared(surface) {
        let Some(TypeDef::Struct(s)) = surface.types.get(&name) else { continue };
        if !s.closed {
            continue;
        }
        let _ = write!(
            out,
            "{}@Throws(ForumPayException::class)\nfun {name}.Companion.fromNamed(named: Map<String, Any?>): {name} = fromNamedValues(named) {{ {}FromNamed(it) }}\n\n",
            kdoc(
                &format!(
                    "A [{name}] from named values (names as Kotlin code spells them; values as Kotlin values), checked by core:\n\
                     `ForumPayException.Validation` names a missing, unknown or mistyped one."
                ),
                0
            ),
            camel(&super::snake(&name))
        );
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_and_code_is_there() {
        let surface = Surface::read(&forumpay::surface::schema());
        let files = files(&surface);
        let client = &files[0].1;
        assert!(client.contains("suspend fun getRate(request: GetRate): Rate"), "{client}");
        assert!(client.contains("suspend fun ping(request: Ping = Ping()): Pong"));
        assert!(client.contains("fun watchPayment(request: WatchPayment): Flow<PaymentUpdate>"));
        let errors = &files[2].1;
        assert!(errors.contains("class OutcomeUnknown(fields: ErrorFields)"));
        assert!(errors.contains("ErrorCode.OUTCOME_UNKNOWN -> OutcomeUnknown(cased)"));
        assert!(!errors.contains("val message"));
    }
}
