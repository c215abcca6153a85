//! A struct's fields as they serialize ([`super::build`]): a model's, set on its object slot by
//! slot by the plan of its class; a JSON number's text; or a plain struct's, as a dict.

use super::build::{Builder, Built, Entries, Failed, Out};
use super::{set, Given, Plan};
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::sync::Arc;

/// The fields of a struct: a model (by its plan), a JSON number, or free-form entries.
pub(super) enum Fields<'a, 'py> {
    /// `set` marks the plan's fields given a value so far (the others are `None` at the end),
    /// `at` counts the fields given; `learning` notes their order until the plan knows it.
    Model { builder: Builder<'a, 'py>, plan: Arc<Plan>, obj: Bound<'py, PyAny>, set: u128, at: usize, learning: Option<Vec<Given>> },
    /// A number's text, once given.
    Number(Builder<'a, 'py>, Option<String>),
    Map(Entries<'a, 'py>),
}

impl<'py> ser::SerializeStruct for Fields<'_, 'py> {
    type Ok = Built<'py>;
    type Error = Failed;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Failed> {
        match self {
            Fields::Model { builder, plan, obj, set: marked, at, learning } => {
                let found = plan.find(*at, key);
                *at += 1;
                if let Some(order) = learning {
                    order.push(((key.as_ptr() as usize, key.len()), found));
                }
                // A field the model does not declare is not shown: the plan decides.
                let Some(i) = found else { return Ok(()) };
                let (attr, _, kind) = &plan.fields[i];
                *marked |= 1u128 << i;
                match value.serialize(builder.with(kind))? {
                    Built::Object(v) => set(obj, attr.bind(builder.py).as_any(), &v)?,
                    Built::Secret(index) => {
                        // Only built when secrets are noted (`Builder::secrets`).
                        let noted = builder.secrets.ok_or_else(|| <Failed as ser::Error>::custom("a secret in plain JSON"))?;
                        noted.borrow_mut().push((obj.clone(), attr.clone_ref(builder.py), index));
                    }
                }
                Ok(())
            }
            Fields::Number(_, text) => match serde_json::to_value(value) {
                Ok(serde_json::Value::String(t)) => {
                    *text = Some(t);
                    Ok(())
                }
                _ => Err(ser::Error::custom("a number without its text")),
            },
            Fields::Map(entries) => entries.insert(key, value),
        }
    }

    fn end(self) -> Out<'py> {
        match self {
            Fields::Model { builder, plan, obj, set: marked, learning, .. } => {
                if let Some(order) = learning {
                    let _ = plan.order.set(order);
                }
                let none = builder.py.None().into_bound(builder.py);
                for (i, (attr, _, _)) in plan.fields.iter().enumerate() {
                    if marked & (1u128 << i) == 0 {
                        set(&obj, attr.bind(builder.py).as_any(), &none)?;
                    }
                }
                Ok(Built::Object(obj))
            }
            Fields::Number(builder, text) => {
                let text = text.ok_or_else(|| <Failed as ser::Error>::custom("a number without its text"))?;
                // An integer is an `int`; any other number a `Decimal` of its exact text.
                let obj = match (text.parse::<i64>(), text.parse::<u64>()) {
                    (Ok(i), _) => i.into_bound_py_any(builder.py)?,
                    (_, Ok(u)) => u.into_bound_py_any(builder.py)?,
                    _ => builder.types.decimal.bind(builder.py).call1((text,))?,
                };
                Ok(Built::Object(obj))
            }
            Fields::Map(entries) => entries.finish(),
        }
    }
}

impl<'py> ser::SerializeStructVariant for Fields<'_, 'py> {
    type Ok = Built<'py>;
    type Error = Failed;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Failed> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Out<'py> {
        ser::SerializeStruct::end(self)
    }
}
