//! Domains: labels, TLDs, the ASCII domains within a domain, and the label lengths.

use std::ops::Range;

use super::super::punycode;
use super::super::tlds::{ASCII_TLDS, UNICODE_TLD_ASCII_STARTS, UNICODE_TLDS};
use super::units::{ASCII_LABEL_CHAR, Unit, is, is_ascii_alnum, is_ci, is_domain_char, run_len};

/// The end of the domain at `d`: subdomains, the domain name and a TLD, with the most
/// labels that leave a TLD right after the last one.
pub(crate) fn domain_at<U: Unit>(t: &[U], d: usize) -> Option<usize> {
    let mut best = None;
    let mut pos = d;
    loop {
        let mut i = pos;
        let mut underscore = false;
        while let Some(u) = t.get(i).map(|u| u.get()) {
            if u == u16::from(b'_') {
                underscore = true;
            } else if !(is_domain_char(u) || u == u16::from(b'-')) {
                break;
            }
            i += 1;
        }
        if i == pos
            || !is(t, i, b'.')
            || !is_domain_char(t[pos].get())
            || !is_domain_char(t[i - 1].get())
        {
            return best;
        }
        // A label with `_` may be a subdomain, never the domain name before the TLD.
        if !underscore && let Some(len) = tld_at(t, i + 1) {
            best = Some(i + 1 + len);
        }
        pos = i + 1;
    }
}

/// The length of the TLD at `q`: a known one that no letter, digit, `@`, `+` or `-`
/// follows, else `xn--` punycode. `t` ends where the text (or domain) searched ends.
pub(crate) fn tld_at<U: Unit>(t: &[U], q: usize) -> Option<usize> {
    let first_unit = t.get(q)?.get();
    let ends_well = |e: usize| {
        t.get(e).is_none_or(|u| {
            !(is_ascii_alnum(u.get()) || b"@+-".iter().any(|&c| u.get() == u16::from(c)))
        })
    };
    let run = if is_ascii_alnum(first_unit) {
        run_len(t, q, is_ascii_alnum)
    } else {
        0
    };
    let mut lower = [0u8; 32];
    if (1..=lower.len()).contains(&run) && ends_well(q + run) {
        for (k, u) in t[q..q + run].iter().enumerate() {
            lower[k] = (u.get() as u8).to_ascii_lowercase();
        }
        let word = std::str::from_utf8(&lower[..run]).expect("ASCII");
        if ASCII_TLDS.binary_search(&word).is_ok() {
            return Some(run);
        }
    }
    // No ASCII TLD is the ASCII start of another TLD (generate_tables.mjs checks), so at
    // most one of the two kinds matches and the order between them does not matter.
    let first = js_fold(t[q].get());
    if first >= 128 || UNICODE_TLD_ASCII_STARTS.contains(&first) {
        let unicode = UNICODE_TLDS.iter().find(|tld| {
            tld[0] == first
                && tld.len() <= t.len() - q
                && tld[1..]
                    .iter()
                    .zip(&t[q + 1..])
                    .all(|(&want, got)| js_fold(got.get()) == want)
                && ends_well(q + tld.len())
        });
        if let Some(tld) = unicode {
            return Some(tld.len());
        }
    }
    // Punycode: "xn--" and then letters, digits and hyphens (no look at what follows).
    if !(is_ci(t, q, b'x') && is_ci(t, q + 1, b'n') && is(t, q + 2, b'-') && is(t, q + 3, b'-')) {
        return None;
    }
    let more = run_len(t, q + 4, |u| is_ascii_alnum(u) || u == u16::from(b'-'));
    (more > 0).then_some(4 + more)
}

/// The code unit as JavaScript compares it in a case-insensitive regex: its upper case
/// when that is one code unit and does not turn a non-ASCII character into ASCII.
pub(crate) fn js_fold(u: u16) -> u16 {
    let Some(c) = char::from_u32(u32::from(u)) else {
        return u;
    };
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(up), None) => match u16::try_from(u32::from(up)) {
            Ok(v) if u < 128 || v >= 128 => v,
            _ => u,
        },
        _ => u,
    }
}

/// Calls `f` with each ASCII domain (`validAsciiDomain`: labels of ASCII letters, digits,
/// `-` and Latin letters with accents, then a TLD) found in `t[domain]`, in order.
pub(crate) fn ascii_domains<U: Unit>(
    t: &[U],
    domain: Range<usize>,
    mut f: impl FnMut(Range<usize>),
) {
    let t = &t[..domain.end];
    let mut j = domain.start;
    while j < t.len() {
        let mut best = None;
        let mut pos = j;
        loop {
            let len = run_len(t, pos, |u| ASCII_LABEL_CHAR.contains(u));
            if len == 0 || !is(t, pos + len, b'.') {
                break;
            }
            pos += len + 1;
            if let Some(tld) = tld_at(t, pos) {
                best = Some(pos + tld);
            }
        }
        match best {
            Some(end) => {
                f(j..end);
                j = end;
            }
            None => j += 1,
        }
    }
}

/// Whether every label of `t[domain]` is 1 to 63 characters long in punycode (and a
/// domain that starts with `xn--` holds an ASCII domain), as twitter-text's `idna.toAscii`
/// requires.
pub(crate) fn labels_fit<U: Unit>(t: &[U], domain: Range<usize>) -> bool {
    let d = &t[domain.clone()];
    if b"xn--".iter().enumerate().all(|(k, &c)| is(d, k, c)) {
        let mut any = false;
        ascii_domains(t, domain, |_| any = true);
        if !any {
            return false;
        }
    }
    d.split(|u| u.get() == u16::from(b'.'))
        .all(|label| (1..=63).contains(&punycode::to_ascii_len(label.iter().map(|u| u.get()))))
}
