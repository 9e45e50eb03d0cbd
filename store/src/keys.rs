//! Order-preserving byte encodings of the keys of the `records` and `index` tables.
//!
//! Both tables have `&[u8]` keys that redb compares bytewise, so each key is a tuple written
//! so that byte order equals tuple order: a leading kind byte, then
//! - `u64` / `u32` / `u16` / `u8`: big-endian, fixed width;
//! - `i32`, and instants: big-endian with the sign bit flipped (so negative sorts first);
//!   an instant is its [`Time`] pair, `i64` microseconds then the `u16` sub-microsecond
//!   part, 10 bytes;
//! - strings that are followed by more fields: a `u32` big-endian byte length, then the
//!   bytes. That keeps one string's entries together (what an exact-match prefix scan
//!   needs); it does not order different strings alphabetically, which no query asks for;
//! - a string that ends the key (a name key, an action run key): its bytes as they are.
//!
//! [`KeyReader`] takes a key apart again; a key that ends early is [`Corrupt`] (index keys
//! carry the values some queries return, e.g. a brief's due time).
//!
//! [`Corrupt`]: campaign_ops_core::StorageError::Corrupt

use std::ops::Bound;

use crate::record::Time;

/// A key under construction.
#[derive(Debug, Clone)]
pub(crate) struct Key(Vec<u8>);

impl Key {
    /// A key of `kind` (the first byte: a record kind or an index kind).
    pub(crate) fn new(kind: u8) -> Self {
        let mut bytes = Vec::with_capacity(32);
        bytes.push(kind);
        Self(bytes)
    }

    /// Appends a fixed-width big-endian `u64`.
    pub(crate) fn u64(mut self, v: u64) -> Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }

    /// Appends one byte.
    pub(crate) fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }

    /// Appends an `i32` with its sign bit flipped, big-endian.
    pub(crate) fn i32(mut self, v: i32) -> Self {
        self.0
            .extend_from_slice(&((v as u32) ^ (1 << 31)).to_be_bytes());
        self
    }

    /// Appends an instant: flipped `i64` microseconds, then the `u16` sub-microsecond part.
    pub(crate) fn time(mut self, t: Time) -> Self {
        self.0
            .extend_from_slice(&((t.micros as u64) ^ (1 << 63)).to_be_bytes());
        self.0.extend_from_slice(&t.sub.to_be_bytes());
        self
    }

    /// Appends a length-prefixed string (more fields follow it).
    pub(crate) fn str(mut self, s: &str) -> Self {
        // Strings in keys are names and assignees: far below 4 GiB; saturate rather than
        // wrap so an absurd one still gets a key of its own prefix.
        let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
        self.0.extend_from_slice(&len.to_be_bytes());
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    /// Appends bytes that end the key.
    pub(crate) fn tail(mut self, bytes: &[u8]) -> Self {
        self.0.extend_from_slice(bytes);
        self
    }

    /// The encoded key.
    pub(crate) fn done(self) -> Vec<u8> {
        self.0
    }
}

/// Reads a key's fields back, in the order they were written.
pub(crate) struct KeyReader<'a> {
    rest: &'a [u8],
}

/// A key too short for its fields: the message of a corrupt index.
pub(crate) type KeyResult<T> = std::result::Result<T, String>;

impl<'a> KeyReader<'a> {
    /// A reader of `key` after its kind byte.
    pub(crate) fn new(key: &'a [u8]) -> Self {
        Self {
            rest: key.get(1..).unwrap_or_default(),
        }
    }

    fn take<const N: usize>(&mut self) -> KeyResult<[u8; N]> {
        if self.rest.len() < N {
            return Err(format!("key ends {} bytes early", N - self.rest.len()));
        }
        let (head, rest) = self.rest.split_at(N);
        self.rest = rest;
        let mut out = [0; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    /// A big-endian `u64`.
    pub(crate) fn u64(&mut self) -> KeyResult<u64> {
        self.take().map(u64::from_be_bytes)
    }

    /// A sign-flipped big-endian `i32`.
    pub(crate) fn i32(&mut self) -> KeyResult<i32> {
        self.take()
            .map(|b| (u32::from_be_bytes(b) ^ (1 << 31)) as i32)
    }

    /// One byte.
    pub(crate) fn u8(&mut self) -> KeyResult<u8> {
        self.take::<1>().map(|[b]| b)
    }

    /// An instant written by [`Key::time`].
    pub(crate) fn time(&mut self) -> KeyResult<Time> {
        let micros = (u64::from_be_bytes(self.take()?) ^ (1 << 63)) as i64;
        let sub = u16::from_be_bytes(self.take()?);
        Ok(Time { micros, sub })
    }

    /// Skips a length-prefixed string.
    pub(crate) fn skip_str(&mut self) -> KeyResult<()> {
        let len = u32::from_be_bytes(self.take()?) as usize;
        if self.rest.len() < len {
            return Err("key ends inside a string".to_owned());
        }
        self.rest = &self.rest[len..];
        Ok(())
    }

    /// The rest of the key.
    pub(crate) fn tail(&self) -> &'a [u8] {
        self.rest
    }
}

/// The `u64` that ends `key` (an id or seq): what most index keys end with.
pub(crate) fn last_u64(key: &[u8]) -> KeyResult<u64> {
    key.len()
        .checked_sub(8)
        .filter(|&start| start >= 1)
        .map(|start| {
            let mut id = [0; 8];
            id.copy_from_slice(&key[start..]);
            u64::from_be_bytes(id)
        })
        .ok_or_else(|| "key too short for an id".to_owned())
}

/// The smallest key greater than every key that starts with `prefix`; `None` when there is
/// none (a prefix of `0xff` bytes only).
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// Half-open key bounds, compared bytewise.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// Lower bound.
    pub(crate) lo: Bound<Vec<u8>>,
    /// Upper bound.
    pub(crate) hi: Bound<Vec<u8>>,
}

impl Span {
    /// Every key that starts with `prefix`.
    pub(crate) fn prefix(prefix: Vec<u8>) -> Self {
        let hi = prefix_end(&prefix).map_or(Bound::Unbounded, Bound::Excluded);
        Self {
            lo: Bound::Included(prefix),
            hi,
        }
    }

    /// `lo <= key < hi`.
    pub(crate) fn between(lo: Vec<u8>, hi: Vec<u8>) -> Self {
        Self {
            lo: Bound::Included(lo),
            hi: Bound::Excluded(hi),
        }
    }

    /// Narrows the lower bound to "after `key`" when that is tighter.
    pub(crate) fn after(mut self, key: Option<Vec<u8>>) -> Self {
        if let Some(key) = key {
            let tighter = match &self.lo {
                Bound::Included(lo) => key >= *lo,
                Bound::Excluded(lo) => key > *lo,
                Bound::Unbounded => true,
            };
            if tighter {
                self.lo = Bound::Excluded(key);
            }
        }
        self
    }

    /// Narrows the upper bound to "before `key`" when that is tighter.
    pub(crate) fn before(mut self, key: Option<Vec<u8>>) -> Self {
        if let Some(key) = key {
            let tighter = match &self.hi {
                Bound::Included(hi) => key <= *hi,
                Bound::Excluded(hi) => key < *hi,
                Bound::Unbounded => true,
            };
            if tighter {
                self.hi = Bound::Excluded(key);
            }
        }
        self
    }

    /// The same span with every bound's first byte (its kind) set to `kind`: the span of
    /// another index with the same key tail.
    pub(crate) fn with_kind(&self, kind: u8) -> Self {
        let swap = |b: &Bound<Vec<u8>>| match b {
            Bound::Included(k) => Bound::Included(with_first(k, kind)),
            Bound::Excluded(k) => Bound::Excluded(with_first(k, kind)),
            Bound::Unbounded => Bound::Unbounded,
        };
        Self {
            lo: swap(&self.lo),
            hi: swap(&self.hi),
        }
    }

    /// Whether no key lies in the span (redb must not be asked for a reversed range).
    pub(crate) fn is_empty(&self) -> bool {
        use Bound::*;
        match (&self.lo, &self.hi) {
            (Unbounded, _) | (_, Unbounded) => false,
            (Included(lo), Included(hi)) => lo > hi,
            (Included(lo), Excluded(hi))
            | (Excluded(lo), Included(hi))
            | (Excluded(lo), Excluded(hi)) => lo >= hi,
        }
    }

    /// The bounds as borrowed slices, for `Table::range`.
    pub(crate) fn bounds(&self) -> (Bound<&[u8]>, Bound<&[u8]>) {
        (as_slice(&self.lo), as_slice(&self.hi))
    }
}

fn with_first(key: &[u8], kind: u8) -> Vec<u8> {
    let mut key = key.to_vec();
    if let Some(first) = key.first_mut() {
        *first = kind;
    }
    key
}

fn as_slice(b: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match b {
        Bound::Included(v) => Bound::Included(v.as_slice()),
        Bound::Excluded(v) => Bound::Excluded(v.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
