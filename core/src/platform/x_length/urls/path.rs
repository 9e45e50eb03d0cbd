//! Paths, balanced brackets and queries.

use super::units::{Class, PATH_CHAR, PATH_END_CHAR, Unit, is, run_len};

/// The end of a path whose first character is at `s` (`s` itself when it is empty).
///
/// twitter-text's path regex splices the alternatives of its ending characters in
/// unbracketed, so each of its repeated parts is either path characters and balanced
/// brackets up to a character a path may end with, or a lone pair of balanced brackets.
/// So the path runs to the last such character among the path characters and brackets
/// that follow, then takes the brackets right after it, if any.
pub(crate) fn path_end<U: Unit>(t: &[U], s: usize) -> usize {
    let mut i = s;
    let mut end = s;
    loop {
        if let Some(u) = t.get(i).map(|u| u.get())
            && PATH_CHAR.contains(u)
        {
            i += 1;
            if PATH_END_CHAR.contains(u) {
                end = i;
            }
        } else if let Some(after) = balanced_at(t, i) {
            i = after;
        } else {
            break;
        }
    }
    while let Some(after) = balanced_at(t, end) {
        end = after;
    }
    end
}

/// The end of balanced brackets at `i`: `(chars)` or `(chars(chars)chars)`.
pub(crate) fn balanced_at<U: Unit>(t: &[U], i: usize) -> Option<usize> {
    let is = |i: usize, c: u8| is(t, i, c);
    let run = |from: usize| run_len(t, from, |u| PATH_CHAR.contains(u));
    if !is(i, b'(') {
        return None;
    }
    let first = run(i + 1);
    let j = i + 1 + first;
    if first > 0 && is(j, b')') {
        return Some(j + 1);
    }
    if !is(j, b'(') {
        return None;
    }
    let inner = run(j + 1);
    let k = j + 1 + inner;
    if inner == 0 || !is(k, b')') {
        return None;
    }
    let l = k + 1 + run(k + 1);
    is(l, b')').then_some(l + 1)
}

/// The end of the longest run of `chars` from `s` that ends in one of `ends`, if any.
pub(crate) fn last_in_run<U: Unit>(
    t: &[U],
    s: usize,
    chars: &Class,
    ends: &Class,
) -> Option<usize> {
    let mut end = None;
    for (k, u) in t.get(s..)?.iter().enumerate() {
        if !chars.contains(u.get()) {
            break;
        }
        if ends.contains(u.get()) {
            end = Some(s + k + 1);
        }
    }
    end
}
