//! A model's known fields, declared once with [`model_fields!`]: the macro writes the struct of
//! slots that one pass over the object fills ([`read_entries`]: a key is matched to its slot by
//! the order keys came in before, else by a `match` on its text; the value read in the kind its
//! field needs), and everything else goes to `extra`. The model then
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
    /// The keys of the known fields, in the order of their slots.
    const KEYS: &'static [&'static str];
    /// Every slot empty.
    fn empty() -> Self;
    /// The slot of `key` (an index into [`FieldSet::KEYS`]); `None` when the model does not
    /// know it.
    fn slot_of(key: &str) -> Option<usize>;
    /// Reads the next value into slot `slot`.
    fn read_slot(&mut self, slot: usize, r: &mut Reader<'de>) -> ReadResult<()>;
    /// Reads the next value into `extra`, under a key the model does not know.
    fn read_extra(&mut self, key: Cow<'de, str>, r: &mut Reader<'de>) -> ReadResult<()>;
    /// Whether the object had an `err` key (an error answer, when it is the whole answer).
    fn saw_err(&self) -> bool;
}

/// The most known fields a model may have (a [`KeyOrder`] keeps a byte per field).
pub(crate) const MAX_FIELDS: usize = 63;

/// The order in which objects list their known keys, learnt while reading them: which key
/// followed each one last time. The items of a list (and the answers of one service) list
/// their keys in one order, so the next key is nearly always the one guessed, and it is matched
/// by comparing its bytes in the text with the guess, instead of reading it as a string and
/// then looking it up among the model's keys (measured in decision 0025).
pub(crate) struct KeyOrder {
    /// `after[slot]`: the slot guessed to come next; `after[START]`, the first.
    after: [u8; MAX_FIELDS + 1],
}

impl KeyOrder {
    /// Where an object starts, before its first key.
    const START: usize = MAX_FIELDS;

    /// A first guess: the model's own order.
    pub(crate) fn new() -> Self {
        let mut after = [0u8; MAX_FIELDS + 1];
        for (slot, next) in after.iter_mut().enumerate().take(MAX_FIELDS) {
            *next = slot as u8 + 1;
        }
        after[Self::START] = 0;
        KeyOrder { after }
    }
}

/// Reads the entries of an object just opened into `fields`: each known key's value into its
/// slot, the rest into `extra`.
#[inline]
pub(crate) fn read_entries<'de, F: FieldSet<'de>>(
    fields: &mut F,
    r: &mut Reader<'de>,
    order: &mut KeyOrder,
) -> ReadResult<()> {
    let mut first = true;
    let mut previous = KeyOrder::START;
    while r.next_entry(&mut first)? {
        let guess = usize::from(order.after[previous]);
        let slot = match F::KEYS.get(guess) {
            Some(key) if r.key_is(key) => Some(guess),
            _ => {
                let key = r.key()?;
                match F::slot_of(&key) {
                    Some(slot) => Some(slot),
                    None => {
                        r.colon()?;
                        fields.read_extra(key, r)?;
                        None
                    }
                }
            }
        };
        if let Some(slot) = slot {
            r.colon()?;
            fields.read_slot(slot, r)?;
            // `slot < KEYS.len() <= MAX_FIELDS`, checked where the model's fields are declared.
            order.after[previous] = slot as u8;
            previous = slot;
        }
    }
    Ok(())
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

/// Puts a value read into its slot. The slot is nearly always empty (a key sent twice is rare:
/// then the last one wins, as in `serde_json`); assigning over it called the slot's drop, out of
/// line, on every field of a page, though it held nothing to drop.
#[inline(always)]
pub(crate) fn fill<T>(slot: &mut Option<T>, value: T) {
    match slot {
        Some(held) => *held = value,
        // Nothing to drop: what is replaced is `None`.
        None => std::mem::forget(slot.replace(value)),
    }
}

/// Declares the known fields of a model and the kind each is read as:
///
/// ```text
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

        const _: () = assert!(
            [$( $crate::decode::fields::model_fields!(@key $field $($key)?) ),*].len()
                <= $crate::decode::fields::MAX_FIELDS,
            "too many fields for a KeyOrder"
        );

        impl<'de> $crate::decode::fields::FieldSet<'de> for $fields<'de> {
            const KEYS: &'static [&'static str] = &[$( $crate::decode::fields::model_fields!(@key $field $($key)?) ),*];

            fn empty() -> Self {
                $fields { $( $field: None, )* extra: $crate::decode::Extra::new(), saw_err: false }
            }

            fn slot_of(key: &str) -> Option<usize> {
                // The slots are numbered in declaration order, as `KEYS` lists them.
                #[allow(non_camel_case_types, dead_code)]
                enum Slots { $( $field, )* }
                match key {
                    $( $crate::decode::fields::model_fields!(@key $field $($key)?) => Some(Slots::$field as usize), )*
                    _ => None,
                }
            }

            #[allow(non_upper_case_globals)]
            fn read_slot(
                &mut self,
                slot: usize,
                r: &mut $crate::decode::reader::Reader<'de>,
            ) -> $crate::decode::reader::Result<()> {
                #[allow(non_camel_case_types, dead_code)]
                enum Slots { $( $field, )* }
                // Each slot's number under the field's own name, so that the arms below match it.
                $( const $field: usize = Slots::$field as usize; )*
                // Whether each slot is `text`: those all read a `Scalar`, through one reader
                // inlined here once, then stored in their slot (a call per value, 1,450 a page,
                // was 4% of its decoding; inlined in every arm instead, it grew the Node addon
                // by 384 kB for the same gain).
                const TEXT: &[bool] = &[$( $crate::decode::fields::model_fields!(@is_text $kind) ),*];
                if TEXT.get(slot).copied().unwrap_or(false) {
                    let value = <$crate::decode::scalar::Scalar<'de> as $crate::decode::json::FromReader>::from_reader(r)?;
                    match slot {
                        $( $field => $crate::decode::fields::model_fields!(@put_text $kind, self.$field, value), )*
                        _ => {}
                    }
                } else {
                    match slot {
                        $( $field => $crate::decode::fields::model_fields!(@read_other $kind, self.$field, r), )*
                        _ => r.skip()?,
                    }
                }
                Ok(())
            }

            fn read_extra(
                &mut self,
                key: std::borrow::Cow<'de, str>,
                r: &mut $crate::decode::reader::Reader<'de>,
            ) -> $crate::decode::reader::Result<()> {
                self.saw_err |= key == "err";
                self.extra.insert(key.into_owned(), r.json()?);
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
    (@is_text text) => { true };
    (@is_text $kind:ident) => { false };
    (@put_text text, $slot:expr, $value:ident) => { $crate::decode::fields::fill(&mut $slot, $value) };
    // Never reached: `TEXT` sends only text slots here.
    (@put_text $kind:ident, $slot:expr, $value:ident) => { drop($value) };
    // Never reached: text slots are read above.
    (@read_other text, $slot:expr, $r:ident) => { () };
    (@read_other $kind:ident, $slot:expr, $r:ident) => {
        $crate::decode::fields::fill(&mut $slot, $crate::decode::json::FromReader::from_reader($r)?)
    };
    (@kind text) => { $crate::decode::scalar::Scalar<'de> };
    (@kind json) => { serde_json::Value };
    (@kind object($arg:ty)) => { $crate::decode::json::Shape<$arg> };
    (@kind list($arg:ty)) => { $crate::decode::json::ListShape<$arg> };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
}

pub(crate) use model_fields;
