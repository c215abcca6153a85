//! Random-looking identifiers without a rand crate: std's per-instance `RandomState` keys a hash of a counter.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Generator of ids, addresses, tokens and Cf-Ray values; unpredictable across sandbox instances.
#[derive(Debug)]
pub(crate) struct IdGen {
    seed: RandomState,
    counter: AtomicU64,
}

impl IdGen {
    /// A generator with a fresh random key.
    pub(crate) fn new() -> IdGen {
        IdGen {
            seed: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// Next pseudo-random 64-bit value.
    pub(crate) fn next_u64(&self) -> u64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut hasher = self.seed.build_hasher();
        hasher.write_u64(n);
        hasher.finish()
    }

    /// A version-4-shaped UUID string.
    pub(crate) fn uuid(&self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }

    /// `len` lowercase hex digits.
    pub(crate) fn hex(&self, len: usize) -> String {
        let mut out = String::with_capacity(len + 16);
        while out.len() < len {
            out.push_str(&format!("{:016x}", self.next_u64()));
        }
        out.truncate(len);
        out
    }

    /// `len` characters of `[A-Za-z0-9]`.
    pub(crate) fn alphanumeric(&self, len: usize) -> String {
        (0..len)
            .map(|_| {
                let i = (self.next_u64() % ALPHANUMERIC.len() as u64) as usize;
                char::from(ALPHANUMERIC[i])
            })
            .collect()
    }

    /// `len` pseudo-random bytes.
    pub(crate) fn bytes(&self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let ids = IdGen::new();
        let uuid = ids.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(
            uuid.split('-').map(str::len).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert_ne!(ids.uuid(), uuid);
        assert_eq!(ids.hex(32).len(), 32);
        let token = ids.alphanumeric(64);
        assert!(token.len() == 64 && token.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
