//! The packer's lists, maps and structs (see the parent module for what each is written as).

use super::{push_json_str, KeyText, PackError, Packer, LIST, MAP, MASKED};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple, SerializeTupleStruct, SerializeTupleVariant};

type Done = Result<(), PackError>;

/// Opens the one-entry map serde_json writes a variant with data as: `[variant,`.
fn open_variant(p: &mut Packer<'_>, variant: Option<&'static str>) {
    if let Some(variant) = variant {
        let key = p.cased(variant);
        p.out.push('[');
        push_json_str(&mut p.out, &key);
        p.out.push(',');
    }
}

/// Closes what [`open_variant`] opened.
fn close_variant(p: &mut Packer<'_>, variant: Option<&'static str>) {
    if variant.is_some() {
        p.out.push(',');
        p.out.push_str(MAP);
        p.out.push(']');
    }
}

/// A list being written: `[i1,…,in,0]`.
pub(crate) struct Items<'p, 'k> {
    p: &'p mut Packer<'k>,
    count: usize,
    variant: Option<&'static str>,
}

impl<'p, 'k> Items<'p, 'k> {
    pub(super) fn open(p: &'p mut Packer<'k>, variant: Option<&'static str>) -> Self {
        open_variant(p, variant);
        p.out.push('[');
        Items { p, count: 0, variant }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        if self.count > 0 {
            self.p.out.push(',');
        }
        self.count += 1;
        let start = self.p.out.len();
        if self.p.entry(false, value)? {
            self.p.out.truncate(start);
            self.p.out.push_str(MASKED);
        }
        Ok(())
    }

    fn close(self) -> Done {
        if self.count > 0 {
            self.p.out.push(',');
        }
        self.p.out.push_str(LIST);
        self.p.out.push(']');
        close_variant(self.p, self.variant);
        Ok(())
    }
}

/// serde's four kinds of list, all written by `Items` (`$add`: the name of each one's adder).
macro_rules! lists {
    ($($kind:ident::$add:ident),*) => {$(
        impl $kind for Items<'_, '_> {
            type Ok = ();
            type Error = PackError;

            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.item(value)
            }

            fn end(self) -> Done {
                self.close()
            }
        }
    )*};
}

lists!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

/// A map being written: `[key1,v1,…,keyn,vn,-1]`, keys re-cased, a secret's as `[key]`.
pub(crate) struct Entries<'p, 'k> {
    p: &'p mut Packer<'k>,
    written: bool,
    key: Option<String>,
}

impl<'p, 'k> Entries<'p, 'k> {
    pub(super) fn open(p: &'p mut Packer<'k>) -> Self {
        p.out.push('[');
        Entries { p, written: false, key: None }
    }
}

impl SerializeMap for Entries<'_, '_> {
    type Ok = ();
    type Error = PackError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.key = Some(KeyText::of(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        let name = self.key.take().ok_or_else(|| PackError("a map's value came before its key".into()))?;
        if self.written {
            self.p.out.push(',');
        }
        self.written = true;
        let key = self.p.cased(&name);
        let key_at = self.p.out.len();
        push_json_str(&mut self.p.out, &key);
        let key_end = self.p.out.len();
        self.p.out.push(',');
        let free_form = self.p.opaque(&name);
        if self.p.entry(free_form, value)? {
            self.p.out.insert(key_end, ']');
            self.p.out.insert(key_at, '[');
        }
        Ok(())
    }

    fn end(self) -> Done {
        if self.written {
            self.p.out.push(',');
        }
        self.p.out.push_str(MAP);
        self.p.out.push(']');
        Ok(())
    }
}

/// A struct being written: `[v1,…,vn,shape]`; or serde_json's exact number, written as its
/// text.
pub(crate) struct Fields<'p, 'k> {
    p: &'p mut Packer<'k>,
    number: bool,
    /// Where this struct's keys start in the packer's `keys_held`.
    from: usize,
    written: bool,
    variant: Option<&'static str>,
}

impl<'p, 'k> Fields<'p, 'k> {
    pub(super) fn open(p: &'p mut Packer<'k>, number: bool, variant: Option<&'static str>) -> Self {
        if !number {
            open_variant(p, variant);
            p.out.push('[');
        }
        let from = p.keys_held.len();
        Fields { p, number, from, written: false, variant }
    }

    // Inlined into each struct's `serialize` with `serialize_field` and `Packer::entry`: a call
    // per field cost a tenth of packing a page (its frame saved and restored 35 times a record).
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        if self.number {
            // The number's text, given as a string: written without its quotes.
            let start = self.p.out.len();
            self.p.free_form(value)?;
            if self.p.out[start..].starts_with('"') {
                self.p.out.remove(start);
                self.p.out.pop();
            }
            return Ok(());
        }
        if self.written {
            self.p.out.push_str(",");
        }
        self.written = true;
        let free_form = self.p.opaque_field(key);
        let secret = self.p.entry(free_form, value)?;
        self.p.keys_held.push((key, secret));
        Ok(())
    }

    fn close(self) -> Done {
        if self.number {
            return Ok(());
        }
        let shape = self.p.shape(self.from)?;
        self.p.keys_held.truncate(self.from);
        if self.written {
            self.p.out.push(',');
        }
        self.p.number(shape as u64);
        self.p.out.push(']');
        close_variant(self.p, self.variant);
        Ok(())
    }
}

/// serde's two kinds of struct, both written by `Fields`.
macro_rules! structs {
    ($($kind:ident),*) => {$(
        impl $kind for Fields<'_, '_> {
            type Ok = ();
            type Error = PackError;

            #[inline(always)]
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
                self.field(key, value)
            }

            fn end(self) -> Done {
                self.close()
            }
        }
    )*};
}

structs!(SerializeStruct, SerializeStructVariant);
