//! The Python binding's type surface (`bindings-python/python/forumpay/`): the result models and
//! the plan the native module builds them by, the exception classes, the `TypedDict`s of every
//! call's arguments and of the client's settings, and the two client classes whose methods are
//! the calls and streams. Names are core's, snake_case as Python wants them (decision 0019).

use crate::model::{pascal, reachable, Call, Field, Struct, Surface, Ty, TypeDef};
use crate::output::Output;

const PACKAGE: &str = "bindings-python/python/forumpay";

/// Error classes kept under the names they had before decision 0019, as aliases of the
/// rule-named class: `(code, old name)`.
const OLD_ERROR_NAMES: &[(&str, &str)] = &[("unauthorized", "AuthenticationError"), ("rate_limited", "RateLimitError")];

/// Error classes that are also a builtin exception, so that `except TimeoutError` and
/// `except ValueError` catch them: `(code, builtin)`.
const ERROR_BASES: &[(&str, &str)] = &[("timeout", "builtins.TimeoutError"), ("validation", "ValueError")];

/// Every generated file of the Python binding.
pub fn outputs(surface: &Surface) -> Vec<Output> {
    vec![
        Output::new(format!("{PACKAGE}/models.py"), "#", &models(surface)),
        Output::new(format!("{PACKAGE}/_errors.py"), "#", &errors(surface)),
        Output::new(format!("{PACKAGE}/_arguments.py"), "#", &arguments(surface)),
        Output::new(format!("{PACKAGE}/_client.py"), "#", &clients(surface)),
    ]
}

/// `doc` as a docstring indented by `indent` (empty docs give none).
fn docstring(doc: &str, indent: &str) -> String {
    let doc = doc.trim();
    if doc.is_empty() {
        return String::new();
    }
    let text = doc.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let text = wrap(&text, 96 - indent.len());
    let lines: Vec<String> = text.lines().enumerate().map(|(i, l)| if i == 0 || l.is_empty() { l.to_string() } else { format!("{indent}{l}") }).collect();
    let closing = if text.ends_with('"') { " " } else { "" };
    format!("{indent}\"\"\"{}{closing}\"\"\"\n", lines.join("\n"))
}

/// `text` with every line longer than `width` broken at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.len() + 1 + word.len() > width {
                out.push(std::mem::take(&mut current));
            } else if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}

/// The result types: what calls, streams and the webhook endpoint give.
fn result_types(surface: &Surface) -> Vec<&Struct> {
    let mut roots: Vec<&str> = surface.calls.iter().chain(&surface.streams).map(|c| c.result.as_str()).collect();
    roots.push(&surface.webhook_answer);
    structs(surface, &roots)
}

/// The argument types: what calls and streams take, the settings of a client and of a webhook
/// endpoint.
fn argument_types(surface: &Surface) -> Vec<&Struct> {
    let mut roots: Vec<&str> = surface.calls.iter().chain(&surface.streams).map(|c| c.request.as_str()).collect();
    roots.push(&surface.settings);
    roots.push(&surface.endpoint_settings);
    structs(surface, &roots)
}

/// The object types reachable from `roots`, by name.
fn structs<'a>(surface: &'a Surface, roots: &[&str]) -> Vec<&'a Struct> {
    let mut names = reachable(surface, roots);
    names.sort();
    names
        .iter()
        .filter_map(|n| match surface.types.get(n) {
            Some(TypeDef::Struct(s)) => Some(s),
            _ => None,
        })
        .collect()
}

/// The Python type of a result field.
fn result_type(surface: &Surface, ty: &Ty) -> String {
    match ty {
        Ty::Text => "str".into(),
        Ty::Decimal => "Decimal".into(),
        Ty::Timestamp => "datetime".into(),
        Ty::Bool => "bool".into(),
        Ty::Int(_) => "int".into(),
        Ty::Float => "float".into(),
        Ty::Json => "Any".into(),
        Ty::Extra => "Mapping[str, Any]".into(),
        Ty::List(item) => format!("Tuple[{}, ...]", result_type(surface, item)),
        Ty::Named(name) => match surface.types.get(name) {
            Some(TypeDef::Struct(_)) => name.clone(),
            Some(TypeDef::Enum(_) | TypeDef::OpenEnum(_)) => "str".into(),
            _ => "Any".into(),
        },
    }
}

/// The Python type an argument accepts.
fn argument_type(surface: &Surface, ty: &Ty) -> String {
    match ty {
        Ty::Decimal => "Amount".into(),
        Ty::List(item) if matches!(**item, Ty::Int(ref f) if f == "uint8") => "bytes".into(),
        Ty::List(item) => format!("Sequence[{}]", argument_type(surface, item)),
        Ty::Extra => "Mapping[str, Any]".into(),
        Ty::Named(name) => match surface.types.get(name) {
            Some(TypeDef::Struct(_)) => name.clone(),
            Some(TypeDef::Enum(e)) => {
                let values: Vec<String> = e.variants.iter().map(|v| format!("{:?}", v.name)).collect();
                format!("Literal[{}]", values.join(", "))
            }
            Some(TypeDef::Union(u)) => {
                let shapes: Vec<String> = u.shapes.iter().map(|(t, _)| argument_type(surface, t)).collect();
                format!("Union[{}]", shapes.join(", "))
            }
            _ => "str".into(),
        },
        other => result_type(surface, other),
    }
}

/// How the native module reads a result field (see `forumpay/_model.py`).
fn kind(surface: &Surface, ty: &Ty) -> String {
    match ty {
        Ty::Decimal => "\"decimal\"".into(),
        Ty::Timestamp => "\"datetime\"".into(),
        Ty::Extra => "\"mapping\"".into(),
        Ty::List(item) => format!("(\"list\", {})", kind(surface, item)),
        Ty::Named(name) if matches!(surface.types.get(name), Some(TypeDef::Struct(_))) => format!("(\"model\", {name:?})"),
        _ => "\"plain\"".into(),
    }
}

/// A Python tuple of `items` (a one-item tuple keeps its comma).
fn tuple(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
}

fn optional(ty: String, nullable: bool) -> String {
    if nullable { format!("Optional[{ty}]") } else { ty }
}

fn models(surface: &Surface) -> String {
    let types = result_types(surface);
    let mut out = String::from(
        "\"\"\"Typed, immutable results of the ForumPay API: one class per result type of core, its fields\n\
         snake_case, amounts ``Decimal``, timestamps aware UTC ``datetime``, secrets readable but masked\n\
         in ``repr``, ``str`` and ``to_dict()`` (see ``forumpay._model.Model``).\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from datetime import datetime\n\
         from decimal import Decimal\n\
         from typing import Any, Mapping, Optional, Tuple\n\n\
         from ._model import Model, Secret\n\n",
    );
    let names: Vec<String> = types.iter().map(|s| format!("    {:?},\n", s.name)).collect();
    out.push_str(&format!("__all__ = [\n    \"Model\",\n    \"Secret\",\n{}]\n", names.concat()));
    for s in types {
        out.push_str(&format!("\n\nclass {}(Model):\n{}", s.name, docstring(&s.doc, "    ")));
        out.push_str(&format!("\n    __slots__ = {}\n", tuple(s.fields.iter().map(|f| format!("{:?}", f.name)))));
        let plan: Vec<String> = s.fields.iter().map(|f| format!("        ({:?}, {}),\n", f.name, kind(surface, &f.ty))).collect();
        out.push_str(&format!("    _fields = (\n{}    )\n", plan.concat()));
        for f in &s.fields {
            let mut doc = f.doc.clone();
            if f.secret {
                doc.push_str(" A secret: readable here, ``***`` in every printed form.");
            }
            out.push_str(&format!("\n    {}: {}\n{}", f.name, optional(result_type(surface, &f.ty), f.nullable), docstring(&doc, "    ")));
        }
    }
    out
}

fn error_class(code: &str) -> String {
    format!("{}Error", pascal(code))
}

fn errors(surface: &Surface) -> String {
    let fields = &surface.record(&surface.error).fields;
    let mut out = String::from(
        "\"\"\"Every exception of the SDK: ``ForumPayError`` and one subclass per error code of core. Branch on\n\
         the class or on ``.code``, never on the message.\"\"\"\n\n\
         from __future__ import annotations\n\n\
         import builtins\n\
         from typing import Any, Dict, Optional, Type\n\n",
    );
    let mut all: Vec<String> = vec!["ForumPayError".into()];
    all.extend(surface.error_codes.iter().map(|c| error_class(&c.name)));
    all.extend(OLD_ERROR_NAMES.iter().map(|(_, old)| old.to_string()));
    all.sort();
    let listed: Vec<String> = all.iter().map(|n| format!("    {n:?},\n")).collect();
    out.push_str(&format!("__all__ = [\n{}    \"BY_CODE\",\n]\n\n\n", listed.concat()));
    out.push_str("class ForumPayError(Exception):\n");
    out.push_str(&docstring(&surface.record(&surface.error).doc, "    "));
    out.push_str(&format!("\n    _fields = {}\n", tuple(fields.iter().map(|f| format!("{:?}", f.name)))));
    for f in fields {
        let default = match (&f.ty, f.nullable) {
            (Ty::Named(_), false) => " = \"error\"".to_string(),
            (_, true) => " = None".to_string(),
            (Ty::Int(_), false) => " = 0".to_string(),
            _ => String::new(),
        };
        let ty = optional(result_type(surface, &f.ty), f.nullable);
        out.push_str(&format!("    {}: {ty}{default}\n{}", f.name, docstring(&f.doc, "    ")));
    }
    let params: Vec<String> = fields
        .iter()
        .filter(|f| f.name != "message")
        .map(|f| format!(", {}: Optional[{}] = None", f.name, result_type(surface, &f.ty)))
        .collect();
    out.push_str(&format!("\n    def __init__(self, message: str, *{}) -> None:\n", params.concat()));
    out.push_str("        super().__init__(message)\n        self.message = message\n");
    for f in fields.iter().filter(|f| f.name != "message") {
        out.push_str(&format!("        if {0} is not None:\n            self.{0} = {0}\n", f.name));
    }
    out.push_str(
        "\n    def to_dict(self) -> Dict[str, Any]:\n        \"\"\"The canonical form of the error (the same fields in every language).\"\"\"\n        \
         return {name: getattr(self, name) for name in self._fields}\n\n    \
         def __str__(self) -> str:\n        return f\"[{self.code}] {self.message}\"\n\n    \
         def __repr__(self) -> str:\n        \
         shown = \", \".join(f\"{k}={v!r}\" for k, v in self.to_dict().items() if v is not None)\n        \
         return f\"{type(self).__name__}({shown})\"\n",
    );
    for code in &surface.error_codes {
        let base = ERROR_BASES.iter().find(|(c, _)| *c == code.name).map(|(_, b)| format!(", {b}")).unwrap_or_default();
        out.push_str(&format!("\n\nclass {}(ForumPayError{base}):\n{}\n    code = {:?}\n", error_class(&code.name), docstring(&code.doc, "    "), code.name));
    }
    out.push('\n');
    for (code, old) in OLD_ERROR_NAMES {
        out.push_str(&format!("\n{old} = {}\n\"\"\"The name before decision 0019, kept for existing code.\"\"\"\n", error_class(code)));
    }
    let by_code: Vec<String> = surface.error_codes.iter().map(|c| format!("    {:?}: {},\n", c.name, error_class(&c.name))).collect();
    out.push_str(&format!("\nBY_CODE: Dict[str, Type[ForumPayError]] = {{\n{}}}\n\"\"\"The exception class of each code.\"\"\"\n", by_code.concat()));
    out
}

/// One `TypedDict` (two when some keys are required and some not: Python 3.9 has no
/// `NotRequired`).
fn typed_dict(surface: &Surface, s: &Struct) -> String {
    let entry = |f: &Field| {
        let nullable = f.nullable || !f.required;
        let mut doc = f.doc.clone();
        if f.secret {
            doc.push_str(" (A secret: never printed.)");
        }
        format!("    {}: {}\n{}", f.name, optional(argument_type(surface, &f.ty), nullable), docstring(&doc, "    "))
    };
    let (required, optional_fields): (Vec<&Field>, Vec<&Field>) = s.fields.iter().partition(|f| f.required);
    let body = |fields: &[&Field]| fields.iter().map(|f| entry(f)).collect::<String>();
    let doc = docstring(&s.doc, "    ");
    match (required.is_empty(), optional_fields.is_empty()) {
        (true, _) => format!("\n\nclass {}(TypedDict, total=False):\n{doc}\n{}", s.name, body(&optional_fields)),
        (false, true) => format!("\n\nclass {}(TypedDict):\n{doc}\n{}", s.name, body(&required)),
        (false, false) => format!(
            "\n\nclass _{0}Required(TypedDict):\n{1}\n\nclass {0}(_{0}Required, total=False):\n{doc}\n{2}",
            s.name,
            body(&required),
            body(&optional_fields)
        ),
    }
}

fn arguments(surface: &Surface) -> String {
    let types = argument_types(surface);
    let mut out = String::from(
        "\"\"\"The keyword arguments of every call and the settings of a client, as ``TypedDict``s (the\n\
         clients' methods take them as ``**arguments``). Core checks them: an unknown or ill-typed one is\n\
         a ``ValidationError`` naming it.\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from datetime import datetime\n\
         from decimal import Decimal\n\
         from typing import Any, Literal, Mapping, Optional, Sequence, TypedDict, Union\n\n",
    );
    let names: Vec<String> = types.iter().map(|s| format!("    {:?},\n", s.name)).collect();
    out.push_str(&format!("__all__ = [\n    \"Amount\",\n{}]\n\n", names.concat()));
    out.push_str("Amount = Union[Decimal, str]\n\"\"\"An amount: a ``Decimal`` or its plain text (``\"48.25\"``); a ``float`` is refused.\"\"\"\n");
    for s in types {
        out.push_str(&typed_dict(surface, s));
    }
    out
}

/// One method of a client class.
fn method(surface: &Surface, call: &Call, stream: bool, asynchronous: bool) -> String {
    let item = result_type(surface, &Ty::Named(call.result.clone()));
    let result = match (stream, call.list) {
        (true, _) if asynchronous => format!("AsyncIterator[{item}]"),
        (true, _) => format!("Iterator[{item}]"),
        (false, true) => format!("List[{item}]"),
        (false, false) => item,
    };
    let result = if asynchronous && !stream { format!("Coroutine[Any, Any, {result}]") } else { result };
    // The native entries give `Any`: the model of the call's result, or an iterator of them.
    let (entry, ignore) = (if stream { "_stream" } else { "_call" }, "  # type: ignore[no-any-return]");
    format!(
        "\n    def {0}(self, **arguments: Unpack[{1}]) -> {result}:\n{2}        return self.{entry}({0:?}, arguments){ignore}\n",
        call.name,
        call.request,
        docstring(&call.doc, "        ")
    )
}

fn clients(surface: &Surface) -> String {
    let mut imports: Vec<String> = surface.calls.iter().chain(&surface.streams).map(|c| c.request.clone()).collect();
    imports.push(surface.settings.clone());
    imports.sort();
    imports.dedup();
    let mut results: Vec<String> =
        surface.calls.iter().chain(&surface.streams).filter_map(|c| matches!(surface.types.get(&c.result), Some(TypeDef::Struct(_))).then(|| c.result.clone())).collect();
    results.sort();
    results.dedup();
    let mut out = format!(
        "\"\"\"The clients: ``Client`` (sync) and ``AsyncClient`` (asyncio), each call of the API a method that\n\
         takes its arguments by keyword and hands them to core as they are.\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from typing import TYPE_CHECKING, Any, AsyncIterator, Coroutine, Iterator, List, Literal, Union, overload\n\n\
         from . import _native\n\n\
         if TYPE_CHECKING:\n    from typing import Optional\n\n    from typing_extensions import Unpack\n\n    from ._arguments import {}\n    from .models import {}\n    from .stores import Store\n\n\
         __all__ = [\"AsyncClient\", \"Client\", \"decode_answer\"]\n",
        imports.join(", "),
        results.join(", ")
    );
    let settings_doc = "Its settings are keyword arguments (``forumpay._arguments.Settings``: ``api_user`` and\n``api_secret``, then any of the others), checked by core: an unknown or invalid one is a\n``ValidationError`` naming it. Durations are whole milliseconds (``_ms``). ``store`` (a
``forumpay.stores.Store`` written in Python) keeps the webhook claims and payment states there
instead of where ``store_url`` says.";
    for (class, doc, asynchronous) in [
        ("Client", "The ForumPay API client (sync). Safe to share between threads: a call releases the GIL while\nit waits, and does its I/O on the calling thread.", false),
        ("AsyncClient", "The ForumPay API client for asyncio: the same calls, each returning a coroutine (its\narguments are checked when it is made), and streams as async iterators.", true),
    ] {
        out.push_str(&format!("\n\nclass {class}(_native.Client):\n{}\n    __slots__ = ()\n", docstring(&format!("{doc}\n\n{settings_doc}"), "    ")));
        if asynchronous {
            // The native base makes an async client when told so first.
            out.push_str(&format!("\n    def __new__(cls, *, store: Optional[Store] = None, **settings: Unpack[{}]) -> AsyncClient:\n        return super().__new__(cls, True, store=store, **settings)\n", surface.settings));
        } else {
            out.push_str(&format!("\n    if TYPE_CHECKING:\n\n        def __init__(self, *, store: Optional[Store] = None, **settings: Unpack[{}]) -> None: ...\n", surface.settings));
        }
        for call in &surface.calls {
            out.push_str(&method(surface, call, false, asynchronous));
        }
        for stream in &surface.streams {
            out.push_str(&method(surface, stream, true, asynchronous));
        }
    }
    out.push_str(&decode_answer(surface));
    out
}

/// `decode_answer(call, body)`: one overload per call whose answers it reads, typed by the
/// call's result (a call name it does not know types as `Any`, and is refused by core).
fn decode_answer(surface: &Surface) -> String {
    let body = "Union[bytes, bytearray, memoryview, str]";
    let mut out = String::from("\n");
    for call in surface.calls.iter().filter(|c| c.decodes) {
        let item = result_type(surface, &Ty::Named(call.result.clone()));
        let result = if call.list { format!("List[{item}]") } else { item };
        out.push_str(&format!("\n\n@overload\ndef decode_answer(call: Literal[{:?}], body: {body}) -> {result}: ...\n", call.name));
    }
    out.push_str(&format!("\n\n@overload\ndef decode_answer(call: str, body: {body}) -> Any: ...\n\n\ndef decode_answer(call: str, body: {body}) -> Any:\n"));
    out.push_str(&docstring(
        "Decodes ``body``, an answer of call ``call``'s API action that you hold (fetched or archived\n\
         by other means), into the model the call returns, exactly as the call decodes it: the same\n\
         tolerances, ``InvalidRequestError`` for a body carrying the API's ``err`` (as on an HTTP\n\
         200), ``DecodeError`` for one that is not JSON or not this answer, ``ValidationError``\n\
         for an unknown call or one without an answer of its own (``verify_webhook``).\n\
         ``wait_for_settlement`` reads a CheckPayment answer.",
        "    ",
    ));
    out.push_str("    return _native.decode_answer(call, body)\n");
    out
}

#[cfg(test)]
mod tests;
