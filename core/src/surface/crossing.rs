//! The canonical form of a result as it crosses into another language: its JSON value with every
//! [`Secret`](crate::Secret) moved apart, so that a binding can hand secrets to the caller
//! without putting them where printing, inspecting or JSON output would show them. Which values
//! are secret is known from core's types (a `Secret` field), never from a list of names.

use crate::error::{Error, ErrorCode, Result};
use crate::secret::{self, SecretMode};
use serde::Serialize;
use serde_json::Value;

/// One step of the way to a value inside a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Step {
    /// A field of an object.
    Key(String),
    /// An item of a list.
    Index(usize),
}

/// A secret taken out of a result: the object it belonged to (`path`), its field (`key`) and
/// its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretField {
    /// The way from the result to the object holding the secret (empty: the result itself).
    pub path: Vec<Step>,
    /// The secret's field in that object.
    pub key: String,
    /// The secret.
    pub value: String,
}

/// A result in canonical form, its secrets apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    /// The canonical JSON value, without its secret fields.
    pub value: Value,
    /// The secret fields, in the order they appear.
    pub secrets: Vec<SecretField>,
}

impl Crossing {
    /// The canonical form of `result` with its secrets apart.
    pub fn of<T: Serialize + ?Sized>(result: &T) -> Result<Crossing> {
        let (value, taken) = secret::with_mode(SecretMode::Apart(Vec::new()), || serde_json::to_value(result));
        let mut value = value.map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
        let mut secrets = Vec::new();
        if !taken.is_empty() {
            move_apart(&mut value, &mut Vec::new(), &taken, &mut secrets);
        }
        Ok(Crossing { value, secrets })
    }

    /// The canonical form with every secret put back: what `to_dict`/`toJSON` with secrets
    /// asked for explicitly, and what the conformance suite compares.
    pub fn with_secrets(mut self) -> Value {
        for s in self.secrets {
            if let Some(Value::Object(map)) = locate(&mut self.value, &s.path) {
                map.insert(s.key, Value::String(s.value));
            }
        }
        self.value
    }
}

/// What a binding makes of a result that crosses into its language: core's [`Crossing`], or
/// a form of its own made straight from the typed result (Node's packed JSON text, see
/// [`super::crossing_json`]; Python's objects, with [`secrets_apart`]), so that no `Value` is
/// built on the way.
pub trait Crossed: Sized {
    /// `result` in this form. It is given whole, so that a form may keep the typed result and
    /// build from it later (Python builds its objects once it holds the GIL).
    fn cross<T: Serialize + Send + 'static>(result: T) -> Result<Self>;
}

impl Crossed for Crossing {
    fn cross<T: Serialize + Send + 'static>(result: T) -> Result<Crossing> {
        Crossing::of(&result)
    }
}

/// Runs `f`, which serializes results into a binding's own objects, with every
/// [`Secret`](crate::Secret) written as a placeholder (a text [`secret_placeholder`] reads) and
/// its value kept apart: the list `f` indexes, given back beside its result. For a binding that
/// builds its objects straight from a typed result (Python) and holds secrets its own way.
pub fn secrets_apart<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    secret::with_mode(SecretMode::Apart(Vec::new()), f)
}

/// The index in [`secrets_apart`]'s list that `text` stands for, if it is a placeholder.
pub fn secret_placeholder(text: &str) -> Option<usize> {
    secret::placeholder_index(text)
}

/// The canonical form with every secret printed as `***`: for output meant to be read
/// (a CLI's `--json`, a log line).
pub fn masked<T: Serialize + ?Sized>(result: &T) -> Result<Value> {
    serde_json::to_value(crate::Masked(result)).map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))
}

fn locate<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match (step, v) {
        (Step::Key(k), Value::Object(map)) => map.get_mut(k),
        (Step::Index(i), Value::Array(items)) => items.get_mut(*i),
        _ => None,
    })
}

/// Finds the placeholders `Secret` wrote and moves each value into `out` with where it was.
fn move_apart(value: &mut Value, path: &mut Vec<Step>, taken: &[String], out: &mut Vec<SecretField>) {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map
                .iter()
                .filter_map(|(k, v)| v.as_str().and_then(secret::placeholder_index).map(|_| k.clone()))
                .collect();
            for key in keys {
                if let Some(Value::String(p)) = map.remove(&key) {
                    if let Some(value) = secret::placeholder_index(&p).and_then(|i| taken.get(i)) {
                        out.push(SecretField { path: path.clone(), key, value: value.clone() });
                    }
                }
            }
            for (k, v) in map.iter_mut() {
                if v.is_object() || v.is_array() {
                    path.push(Step::Key(k.clone()));
                    move_apart(v, path, taken, out);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                if v.is_object() || v.is_array() {
                    path.push(Step::Index(i));
                    move_apart(v, path, taken, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use serde_json::json;

    #[derive(Serialize)]
    struct Inner {
        token: Option<Secret>,
        plain: &'static str,
    }

    #[derive(Serialize)]
    struct Outer {
        access_url: Secret,
        items: Vec<Inner>,
    }

    fn sample() -> Outer {
        Outer {
            access_url: Secret::new("https://pay/x#tok"),
            items: vec![Inner { token: Some(Secret::new("t-1")), plain: "a" }, Inner { token: None, plain: "b" }],
        }
    }

    #[test]
    fn secrets_move_apart_with_their_place() {
        let c = Crossing::of(&sample()).unwrap();
        assert_eq!(c.value, json!({"items": [{"plain": "a"}, {"token": null, "plain": "b"}]}));
        assert_eq!(c.secrets.len(), 2);
        assert_eq!((c.secrets[0].key.as_str(), c.secrets[0].value.as_str()), ("access_url", "https://pay/x#tok"));
        assert_eq!(c.secrets[1].path, vec![Step::Key("items".into()), Step::Index(0)]);
        let back = c.with_secrets();
        assert_eq!(back["items"][0]["token"], "t-1");
        assert_eq!(back["access_url"], "https://pay/x#tok");
    }

    #[test]
    fn secrets_apart_gives_placeholders_and_values() {
        let (text, taken) = secrets_apart(|| serde_json::to_string(&sample().access_url));
        let text: String = serde_json::from_str(&text.unwrap()).unwrap();
        assert_eq!(secret_placeholder(&text).map(|i| taken[i].as_str()), Some("https://pay/x#tok"));
        assert_eq!(secret_placeholder("https://pay/x#tok"), None);
    }

    #[test]
    fn masked_prints_stars_and_plain_serde_prints_values() {
        assert_eq!(masked(&sample()).unwrap()["items"][0]["token"], "***");
        assert_eq!(serde_json::to_value(sample()).unwrap()["access_url"], "https://pay/x#tok");
    }
}
