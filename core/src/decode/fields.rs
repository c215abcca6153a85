//! A model's known fields, declared once with [`model_fields!`]: the macro writes the struct of
//! slots that one pass over the object fills (a key is matched by a `match` on its text, the
//! value read in the kind its field needs), and everything else goes to `extra`. The model then
//! builds itself from the slots with the tolerant readers of [`super::scalar`].

use super::json::{ListShape, Shape};
use super::reader::{Reader, Result as ReadResult};
use super::scalar::Slot;
use crate::error::Result;
use std::borrow::Cow;

/// A model read from one JSON object.
pub(crate) trait Model: Sized {
    /// The call its errors name (`GetTransactions`, ...).
    const CONTEXT: &'static str;
    /// Its slots.
    type Fields<'de>: FieldSet<'de>;
    /// Builds the model from filled slots (taking their values out).
    fn build(fields: &mut Self::Fields<'_>) -> Result<Self>;
}

/// The slots of one model, filled key by key.
pub(crate) trait FieldSet<'de>: Sized {
    /// Every slot empty.
    fn empty() -> Self;
    /// Reads the value of `key` into its slot, or into `extra` when the model does not know it.
    fn read(&mut self, key: Cow<'de, str>, r: &mut Reader<'de>) -> ReadResult<()>;
    /// Whether the object had an `err` key (an error answer, when it is the whole answer).
    fn saw_err(&self) -> bool;
}

impl<T: Model> Slot<Shape<T>> {
    /// A nested object read as `T`; `None` when absent, null, `""` or `[]` (all mean none).
    pub(crate) fn opt_object(mut self) -> Result<Option<T>> {
        match self.value.take() {
            None | Some(Shape::Null | Shape::EmptyText | Shape::EmptyList) => Ok(None),
            Some(Shape::Object(built, _)) => built.map(Some),
            Some(Shape::Other(_)) => Err(self.bad("an object")),
        }
    }
}

impl<T: Model> Slot<ListShape<T>> {
    /// A list of `T`; empty for absent, null or `""`.
    pub(crate) fn list(mut self) -> Result<Vec<T>> {
        match self.value.take() {
            None | Some(ListShape::Null | ListShape::EmptyText) => Ok(Vec::new()),
            Some(ListShape::Items(items)) => items,
            Some(ListShape::Other(_)) => Err(self.bad("a list")),
        }
    }
}

impl Slot<serde_json::Value> {
    /// The value as sent; `None` for absent or null.
    pub(crate) fn json(self) -> Option<serde_json::Value> {
        self.value.filter(|v| !v.is_null())
    }
}

/// Declares the known fields of a model and the kind each is read as:
///
/// ```ignore
/// model_fields! {
///     Underpayment for "CheckPayment" as UnderpaymentFields {
///         address: text, missing_amount: text, details: json,
///         notices: list(Notice), webhook: object(WebhookResponse), kind("type"): text,
///     }
/// }
/// ```
///
/// `text` is any scalar (read by the slot's readers: `opt_string`, `opt_decimal`, ...), `json`
/// a `serde_json::Value` kept as sent, `object(T)` and `list(T)` nested models. A field whose key
/// is not its name gives the key in parentheses. The model implements
/// `fn from_fields(f: &mut UnderpaymentFields<'_>) -> Result<Underpayment>`, reading each field
/// through its accessor (`f.address().opt_string()?`) and the rest with `f.extra()`.
macro_rules! model_fields {
    ($model:ident for $context:literal as $fields:ident {
        $( $field:ident $(($key:literal))? : $kind:ident $(($arg:ty))? ),* $(,)?
    }) => {
        #[doc = concat!("The known fields of [`", stringify!($model), "`], as sent.")]
        pub(crate) struct $fields<'de> {
            $( $field: Option<$crate::decode::fields::model_fields!(@kind $kind $(($arg))?)>, )*
            /// Fields this version does not know.
            extra: $crate::decode::Extra,
            saw_err: bool,
        }

        #[allow(dead_code)]
        impl<'de> $fields<'de> {
            $(
                #[doc = concat!("The field `", $crate::decode::fields::model_fields!(@key $field $($key)?), "`, taken out to be read.")]
                fn $field(&mut self) -> $crate::decode::scalar::Slot<$crate::decode::fields::model_fields!(@kind $kind $(($arg))?)> {
                    $crate::decode::scalar::Slot::new(
                        $crate::decode::fields::model_fields!(@key $field $($key)?), $context, self.$field.take())
                }
            )*

            /// The fields this version does not know, taken out.
            fn extra(&mut self) -> $crate::decode::Extra {
                std::mem::take(&mut self.extra)
            }
        }

        impl<'de> $crate::decode::fields::FieldSet<'de> for $fields<'de> {
            fn empty() -> Self {
                $fields { $( $field: None, )* extra: $crate::decode::Extra::new(), saw_err: false }
            }

            fn read(
                &mut self,
                key: std::borrow::Cow<'de, str>,
                r: &mut $crate::decode::reader::Reader<'de>,
            ) -> $crate::decode::reader::Result<()> {
                match key.as_ref() {
                    $( $crate::decode::fields::model_fields!(@key $field $($key)?) => {
                        self.$field = Some($crate::decode::json::FromReader::from_reader(r)?);
                    } )*
                    _ => {
                        self.saw_err |= key == "err";
                        self.extra.insert(key.into_owned(), r.json()?);
                    }
                }
                Ok(())
            }

            fn saw_err(&self) -> bool {
                self.saw_err
            }
        }

        impl $crate::decode::fields::Model for $model {
            const CONTEXT: &'static str = $context;
            type Fields<'de> = $fields<'de>;
            fn build(fields: &mut $fields<'_>) -> $crate::error::Result<Self> {
                $model::from_fields(fields)
            }
        }
    };
    (@kind text) => { $crate::decode::scalar::Scalar<'de> };
    (@kind json) => { serde_json::Value };
    (@kind object($arg:ty)) => { $crate::decode::json::Shape<$arg> };
    (@kind list($arg:ty)) => { $crate::decode::json::ListShape<$arg> };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}

pub(crate) use model_fields;
