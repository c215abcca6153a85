//! The packer as a serde `Serializer`: scalars written here, lists, maps and structs by
//! `compound` (see the parent module for the format).

use super::compound::{Entries, Fields, Items};
use super::{push_json_str, PackError, Packer, MARKED, NUMBER_TOKEN};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Serializer methods that write their number as a wider one.
macro_rules! widened {
    ($($name:ident($t:ty) as $wide:ident),*) => {$(
        fn $name(self, v: $t) -> std::result::Result<(), PackError> {
            self.$wide(v.into())
        }
    )*};
}

impl<'p, 'k> Serializer for &'p mut Packer<'k> {
    type Ok = ();
    type Error = PackError;
    type SerializeSeq = Items<'p, 'k>;
    type SerializeTuple = Items<'p, 'k>;
    type SerializeTupleStruct = Items<'p, 'k>;
    type SerializeTupleVariant = Items<'p, 'k>;
    type SerializeMap = Entries<'p, 'k>;
    type SerializeStruct = Fields<'p, 'k>;
    type SerializeStructVariant = Fields<'p, 'k>;

    fn serialize_bool(self, v: bool) -> std::result::Result<(), PackError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> std::result::Result<(), PackError> {
        if v < 0 {
            self.out.push('-');
        }
        self.number(v.unsigned_abs());
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> std::result::Result<(), PackError> {
        self.display(v)
    }

    fn serialize_u64(self, v: u64) -> std::result::Result<(), PackError> {
        self.number(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> std::result::Result<(), PackError> {
        self.display(v)
    }

    widened!(serialize_i8(i8) as serialize_i64, serialize_i16(i16) as serialize_i64, serialize_i32(i32) as serialize_i64);
    widened!(serialize_u8(u8) as serialize_u64, serialize_u16(u16) as serialize_u64, serialize_u32(u32) as serialize_u64);

    fn serialize_f32(self, v: f32) -> std::result::Result<(), PackError> {
        self.serialize_f64(v.into())
    }

    /// As serde_json writes it: a number JSON cannot hold (NaN, an infinity) is null.
    fn serialize_f64(self, v: f64) -> std::result::Result<(), PackError> {
        self.free_form(&v)
    }

    fn serialize_char(self, v: char) -> std::result::Result<(), PackError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    #[inline]
    fn serialize_str(self, v: &str) -> std::result::Result<(), PackError> {
        push_json_str(&mut self.out, v);
        Ok(())
    }

    /// As serde_json writes bytes: a list of numbers.
    fn serialize_bytes(self, v: &[u8]) -> std::result::Result<(), PackError> {
        let mut items = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|b| items.serialize_element(b))?;
        SerializeSeq::end(items)
    }

    #[inline]
    fn serialize_none(self) -> std::result::Result<(), PackError> {
        self.serialize_unit()
    }

    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> std::result::Result<(), PackError> {
        value.serialize(self)
    }

    #[inline]
    fn serialize_unit(self) -> std::result::Result<(), PackError> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> std::result::Result<(), PackError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> std::result::Result<(), PackError> {
        self.serialize_str(variant)
    }

    /// A secret (marked so, see `SecretMode::Marked`) is written as its text; what holds it
    /// learns that it was one.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> std::result::Result<(), PackError> {
        value.serialize(&mut *self)?;
        // A newtype of ours around a secret leaves the mark for what holds it.
        self.secret |= name == MARKED;
        Ok(())
    }

    /// `{variant: value}`, as serde_json writes it: a map of one entry.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> std::result::Result<(), PackError> {
        let mut entries = self.serialize_map(Some(1))?;
        entries.serialize_entry(variant, value)?;
        SerializeMap::end(entries)
    }

    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Items<'p, 'k>, PackError> {
        Ok(Items::open(self, None))
    }

    fn serialize_tuple(self, len: usize) -> std::result::Result<Items<'p, 'k>, PackError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> std::result::Result<Items<'p, 'k>, PackError> {
        self.serialize_seq(Some(len))
    }

    /// `{variant: [items]}`, as serde_json writes it.
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> std::result::Result<Items<'p, 'k>, PackError> {
        Ok(Items::open(self, Some(variant)))
    }

    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Entries<'p, 'k>, PackError> {
        Ok(Entries::open(self))
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> std::result::Result<Fields<'p, 'k>, PackError> {
        Ok(Fields::open(self, name == NUMBER_TOKEN, None))
    }

    /// `{variant: {fields}}`, as serde_json writes it.
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> std::result::Result<Fields<'p, 'k>, PackError> {
        Ok(Fields::open(self, false, Some(variant)))
    }
}
