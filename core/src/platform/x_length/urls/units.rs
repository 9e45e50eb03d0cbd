//! Code units and the character classes of twitter-text's URL regex.

use super::super::url_chars::{
    ASCII_DOMAIN, NON_DOMAIN, NON_PRECEDING, PATH, PATH_END, QUERY, QUERY_END,
};

/// A set of UTF-16 code units: a bit mask for ASCII and sorted ranges for the rest.
pub(crate) struct Class {
    ascii: u128,
    ranges: &'static [(u16, u16)],
}

impl Class {
    const fn new(ranges: &'static [(u16, u16)]) -> Self {
        let mut ascii = 0u128;
        let mut i = 0;
        while i < ranges.len() {
            let (lo, hi) = ranges[i];
            let mut u = lo;
            while u <= hi && u < 128 {
                ascii |= 1 << u;
                u += 1;
            }
            i += 1;
        }
        Class { ascii, ranges }
    }

    pub(crate) fn contains(&self, u: u16) -> bool {
        if u < 128 {
            return self.ascii >> u & 1 == 1;
        }
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < u {
                    std::cmp::Ordering::Less
                } else if lo > u {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

pub(crate) static NOT_DOMAIN: Class = Class::new(NON_DOMAIN);

pub(crate) static NOT_BEFORE_URL: Class = Class::new(NON_PRECEDING);

pub(crate) static PATH_CHAR: Class = Class::new(PATH);

pub(crate) static PATH_END_CHAR: Class = Class::new(PATH_END);

pub(crate) static QUERY_CHAR: Class = Class::new(QUERY);

pub(crate) static QUERY_END_CHAR: Class = Class::new(QUERY_END);

pub(crate) static ASCII_LABEL_CHAR: Class = Class::new(ASCII_DOMAIN);

/// A UTF-16 code unit of the text: a byte of ASCII text, or a `u16`.
pub(crate) trait Unit: Copy {
    /// The code unit.
    fn get(self) -> u16;
}

impl Unit for u8 {
    fn get(self) -> u16 {
        u16::from(self)
    }
}

impl Unit for u16 {
    fn get(self) -> u16 {
        self
    }
}

pub(crate) fn is_domain_char(u: u16) -> bool {
    !NOT_DOMAIN.contains(u)
}

pub(crate) fn is_ascii_alnum(u: u16) -> bool {
    u < 128 && (u as u8).is_ascii_alphanumeric()
}

/// Whether the code unit at `i` of `t` is the ASCII character `c`.
pub(crate) fn is<U: Unit>(t: &[U], i: usize, c: u8) -> bool {
    t.get(i).is_some_and(|u| u.get() == u16::from(c))
}

/// How many code units from `from` on satisfy `pred`, in a row (0 past the end).
pub(crate) fn run_len<U: Unit>(t: &[U], from: usize, pred: impl Fn(u16) -> bool) -> usize {
    t.get(from..)
        .map_or(0, |rest| rest.iter().take_while(|u| pred(u.get())).count())
}

/// Whether the code unit at `i` of `t` is the ASCII letter `c` in either case.
pub(crate) fn is_ci<U: Unit>(t: &[U], i: usize, c: u8) -> bool {
    is(t, i, c.to_ascii_lowercase()) || is(t, i, c.to_ascii_uppercase())
}
