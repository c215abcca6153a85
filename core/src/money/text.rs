//! Amounts written as text, exactly as `rust_decimal` writes them (`to_string`: plain digits,
//! the scale kept, `-` when negative) but without its digit-by-digit division of a 96-bit
//! number: a page of results holds hundreds of amounts, and writing them was a fifth of
//! packing a page for Node (decision 0035). Results serialize their amounts through
//! [`option`] and [`plain`].

use rust_decimal::Decimal;
use serde::Serializer;

/// The longest text: 29 digits, a point, a sign, and the zeros of `0.000…` (scale ≤ 28).
const LONGEST: usize = 64;

/// `amount` as text in `buf`.
pub(crate) fn write<'b>(amount: &Decimal, buf: &'b mut [u8; LONGEST]) -> &'b str {
    let mut digits = [0u8; 40];
    let start = self::digits(amount.mantissa().unsigned_abs(), &mut digits);
    let digits = &digits[start..];
    let scale = amount.scale() as usize;
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        buf[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    if amount.is_sign_negative() {
        put(b"-");
    }
    if scale == 0 {
        put(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        put(whole);
        put(b".");
        put(fraction);
    } else {
        put(b"0.");
        for _ in digits.len()..scale {
            put(b"0");
        }
        put(digits);
    }
    debug_assert!(buf[..at].is_ascii());
    // SAFETY: only ASCII digits, `-`, `.` and `0` were written, so the bytes are UTF-8. The
    // checked conversion cost a tenth of writing an amount, on hundreds of amounts a page.
    unsafe { std::str::from_utf8_unchecked(&buf[..at]) }
}

/// Writes `n`'s decimal digits at the end of `buf`; gives where they start. Whole u128 steps
/// only while the number is wider than a u64 (rare), then the cheap u64 division, two digits
/// at a step (an amount has up to 20: half the divisions).
pub(crate) fn digits(n: u128, buf: &mut [u8; 40]) -> usize {
    let mut start = buf.len();
    let mut rest = n;
    while rest > u128::from(u64::MAX) {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let mut narrow = rest as u64;
    while narrow >= 100 {
        let pair = (narrow % 100) as usize * 2;
        narrow /= 100;
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if narrow >= 10 {
        let pair = narrow as usize * 2;
        start -= 2;
        buf[start..start + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        start -= 1;
        buf[start] = b'0' + narrow as u8;
    }
    start
}

/// `00`, `01`, … `99`, one after the other.
const PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// Serializes an amount as its text (for `#[serde(serialize_with)]`).
pub(crate) fn plain<S: Serializer>(amount: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(write(amount, &mut [0; LONGEST]))
}

/// Serializes an amount that may be absent as its text, or none.
pub(crate) fn option<S: Serializer>(amount: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match amount {
        Some(amount) => serializer.serialize_some(write(amount, &mut [0; LONGEST])),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(amount: Decimal) {
        assert_eq!(write(&amount, &mut [0; LONGEST]), amount.to_string(), "{:?}", amount.unpack());
    }

    #[test]
    fn writes_what_rust_decimal_writes() {
        for text in ["0", "0.00", "-0", "-0.000", "1", "-1", "48.25", "0.000000000000000001", "353.49", "0.247107489872027350", "1.0000"] {
            same(text.parse().unwrap());
        }
        same(Decimal::MAX);
        same(Decimal::MIN);
        same(Decimal::from_i128_with_scale(1, 28));
        same(Decimal::from_i128_with_scale(-79_228_162_514_264_337_593_543_950_335, 28));
        // A spread of mantissas (narrow, at the u64 edge, wide) at every scale and both signs.
        let mut x: u128 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000u32 {
            x = x.wrapping_mul(0x2545_F491_4F6C_DD1D).wrapping_add(u128::from(i));
            let width = [8, 40, 63, 64, 65, 80, 96][i as usize % 7];
            let mantissa = (x >> (128 - width)) as i128;
            let signed = if i % 2 == 0 { mantissa } else { -mantissa };
            same(Decimal::from_i128_with_scale(signed, i % 29));
        }
        same(Decimal::from_i128_with_scale(u64::MAX as i128, 3));
        same(Decimal::from_i128_with_scale(u64::MAX as i128 + 1, 3));
    }

    #[test]
    fn serializes_as_text_or_none() {
        let amount: Decimal = "0.10".parse().unwrap();
        let text = serde_json::to_string(&Some(amount)).unwrap();
        let mut ours = Vec::new();
        option(&Some(amount), &mut serde_json::Serializer::new(&mut ours)).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), text);
        let mut none = Vec::new();
        option(&None, &mut serde_json::Serializer::new(&mut none)).unwrap();
        assert_eq!(none, b"null");
    }
}
