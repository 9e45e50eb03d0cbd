//! The URLs twitter-text 3.1.0 finds (`extractUrlsWithIndices`), which X counts 23 each.
//!
//! Its regex runs on UTF-16 code units, so this does too: ASCII text as its bytes, other
//! text re-encoded. The regex is read here as the backtracking engine runs it:
//!
//! - at each position (from where the last match ended) a character that may precede a
//!   URL (anything but a letter, digit, `@`, `$`, `#`, ...) is taken and a URL tried after
//!   it; at the very start a URL is also tried with no character before it;
//! - the URL is an optional `http://` or `https://`, labels of domain characters (anything
//!   but punctuation and spaces; `_` only in subdomains; no `-` or `_` at a label's ends)
//!   each followed by a dot, and a known TLD that no letter, digit, `@`, `+` or `-`
//!   follows (or `xn--` punycode); the most labels for which that works win;
//! - then an optional `:port`, a path (`/`, then path characters and balanced brackets up
//!   to the last character a path may end with, and brackets right after it) and a query
//!   (`?`, then query characters up to the last one a query may end with).
//!
//! A match is then kept or dropped as `extractUrlsWithIndices` does (its text is used up
//! either way): a label longer than 63 characters (in punycode) or a URL over 4,096 drops
//! it; without a scheme it must not follow `-`, `_`, `.` or `/`, and only the ASCII
//! domains within its domain are URLs (each placed where its text first occurs there; the
//! last one taking the port, path and query when there is a path, for as many code units
//! as its text then has); a `t.co` link ends after its slug (and query), and a slug over
//! 40 drops it.

mod domain;
mod path;
mod units;

use std::ops::Range;

use domain::{ascii_domains, domain_at, labels_fit, tld_at};
use path::{last_in_run, path_end};
use units::{
    NOT_BEFORE_URL, QUERY_CHAR, QUERY_END_CHAR, Unit, is, is_ascii_alnum, is_ci, is_domain_char,
    run_len,
};

/// The longest URL twitter-text takes, counting a default `https://` when it has none.
const MAX_URL_LENGTH: usize = 4096;

/// The longest slug of a `t.co` link.
const MAX_TCO_SLUG_LENGTH: usize = 40;

/// The ranges (in code units) of the URLs in `t`, in order, not overlapping: each from
/// where its entity starts to where twitter-text's count resumes after it.
pub(super) fn find<U: Unit>(t: &[U]) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    let mut reach = Reach::default();
    if reach.next_tld_dot(t, 0) == t.len() {
        return urls;
    }
    let mut p = 0;
    while p < t.len() {
        // The character at p precedes a URL at p + 1; at 0 a URL may also start at once.
        let mut found = None;
        if !NOT_BEFORE_URL.contains(t[p].get()) {
            found = url_at(t, p + 1, &mut reach).map(|m| (m, Some(t[p].get())));
        }
        if found.is_none() && p == 0 {
            found = url_at(t, 0, &mut reach).map(|m| (m, None));
        }
        match found {
            Some((m, before)) => {
                keep(t, &m, before, &mut urls);
                p = m.end;
            }
            None => p += 1,
        }
    }
    urls
}

/// Where a domain may start: every domain has a dot with a domain character before it
/// and a TLD after it (a "TLD dot"), and only label characters and dots before that. Most
/// texts have no TLD dot, and most words reach none; finding that out once per dot and
/// once per run of label characters costs far less than trying a URL at every word.
#[derive(Default)]
struct Reach {
    /// Every position from `dot.0` to `dot.1` has its next TLD dot (or the end) at `dot.1`.
    dot: Option<(usize, usize)>,
    /// Every position from `run.0` to `run.1` has label characters and dots up to `run.1`.
    run: Option<(usize, usize)>,
}

impl Reach {
    /// The first TLD dot at or after `s`, or `t.len()`.
    fn next_tld_dot<U: Unit>(&mut self, t: &[U], s: usize) -> usize {
        match self.dot {
            Some((from, dot)) if (from..=dot).contains(&s) => dot,
            _ => {
                let dot = (s.max(1)..t.len())
                    .find(|&i| {
                        is(t, i, b'.')
                            && is_domain_char(t[i - 1].get())
                            && tld_at(t, i + 1).is_some()
                    })
                    .unwrap_or(t.len());
                self.dot = Some((s, dot));
                dot
            }
        }
    }

    /// Whether a domain starting at `d` may reach a TLD dot.
    fn may_reach<U: Unit>(&mut self, t: &[U], d: usize) -> bool {
        let end = match self.run {
            Some((from, end)) if (from..=end).contains(&d) => end,
            _ => {
                let label = |u: u16| is_domain_char(u) || matches!(u, 0x2D | 0x2E | 0x5F);
                let end = d + run_len(t, d, label);
                self.run = Some((d, end));
                end
            }
        };
        self.next_tld_dot(t, d) < end
    }
}

/// One match of the URL regex.
struct Match {
    start: usize,
    scheme: usize,
    domain: Range<usize>,
    has_path: bool,
    end: usize,
}

/// The URL regex at `s`: with a scheme if one is there, else without.
fn url_at<U: Unit>(t: &[U], s: usize, reach: &mut Reach) -> Option<Match> {
    if s >= t.len() {
        return None;
    }
    let scheme = scheme_len(t, s);
    if scheme > 0
        && reach.may_reach(t, s + scheme)
        && let Some(m) = rest_at(t, s, s + scheme)
    {
        return Some(m);
    }
    if !reach.may_reach(t, s) {
        return None;
    }
    rest_at(t, s, s)
}

/// The length of `http://` or `https://` (any case) at `s`, or 0.
fn scheme_len<U: Unit>(t: &[U], s: usize) -> usize {
    if !b"http".iter().enumerate().all(|(k, &c)| is_ci(t, s + k, c)) {
        return 0;
    }
    let s_len = usize::from(is_ci(t, s + 4, b's'));
    let colon = s + 4 + s_len;
    if is(t, colon, b':') && is(t, colon + 1, b'/') && is(t, colon + 2, b'/') {
        7 + s_len
    } else {
        0
    }
}

/// Domain, port, path and query from `d` (`s` is where the URL starts).
fn rest_at<U: Unit>(t: &[U], s: usize, d: usize) -> Option<Match> {
    let domain_end = domain_at(t, d)?;
    let mut end = domain_end;
    if is(t, end, b':') {
        let digits = run_len(t, end + 1, |u| (0x30..=0x39).contains(&u));
        if digits > 0 {
            end += 1 + digits;
        }
    }
    let has_path = is(t, end, b'/');
    if has_path {
        end = path_end(t, end + 1);
    }
    if is(t, end, b'?')
        && let Some(query_end) = last_in_run(t, end + 1, &QUERY_CHAR, &QUERY_END_CHAR)
    {
        end = query_end;
    }
    Some(Match {
        start: s,
        scheme: d - s,
        domain: d..domain_end,
        has_path,
        end,
    })
}

/// Keeps the match `m` as `extractUrlsWithIndices` does: pushes its URLs onto `urls`, or
/// none. `before` is the character it was matched after.
fn keep<U: Unit>(t: &[U], m: &Match, before: Option<u16>, urls: &mut Vec<Range<usize>>) {
    if !labels_fit(t, m.domain.clone()) {
        return;
    }
    // twitter-text adds the scheme's length again (or that of the default "https://").
    let scheme = if m.scheme > 0 {
        m.scheme
    } else {
        "https://".len()
    };
    if scheme + (m.end - m.start) > MAX_URL_LENGTH {
        return;
    }
    if m.scheme == 0 {
        if before.is_some_and(|b| b"-_./".iter().any(|&c| b == u16::from(c))) {
            return;
        }
        // twitter-text places each where its text first occurs in the domain after the
        // previous one (`indexOf`), which is before the match when the text repeats.
        let first = urls.len();
        let mut placed = m.domain.start;
        ascii_domains(t, m.domain.clone(), |r| {
            let text = &t[r.clone()];
            let start = (placed..=r.start)
                .find(|&i| {
                    t[i..i + text.len()]
                        .iter()
                        .zip(text)
                        .all(|(a, b)| a.get() == b.get())
                })
                .expect("the match itself is an occurrence");
            placed = start + text.len();
            urls.push(start..placed);
        });
        if urls.len() > first && m.has_path {
            // The last one takes the port, path and query: its text is the match with the
            // domain replaced by it, and twitter-text's count skips that many code units
            // from its start (short of the match's end when more domain followed it).
            let last = urls.last_mut().expect("pushed");
            last.end += m.end - m.domain.end;
        }
        return;
    }
    match tco_end(t, m.start + m.scheme, m.end) {
        Some(Err(())) => {}
        Some(Ok(end)) => urls.push(m.start..end),
        None => urls.push(m.start..m.end),
    }
}

/// For a URL whose host starts at `h` and that ends at `end`: `None` unless it is a `t.co`
/// link; then its end after the slug (and query), or `Err` when the slug is too long.
fn tco_end<U: Unit>(t: &[U], h: usize, end: usize) -> Option<Result<usize, ()>> {
    let url = &t[..end];
    let host = b"t.co/";
    if !host.iter().enumerate().all(|(k, &c)| is_ci(url, h + k, c)) {
        return None;
    }
    let slug_start = h + host.len();
    let slug = run_len(url, slug_start, is_ascii_alnum);
    if slug == 0 {
        return None;
    }
    if slug > MAX_TCO_SLUG_LENGTH {
        return Some(Err(()));
    }
    let mut tco_end = slug_start + slug;
    if is(url, tco_end, b'?')
        && let Some(q) = last_in_run(url, tco_end + 1, &QUERY_CHAR, &QUERY_END_CHAR)
    {
        tco_end = q;
    }
    Some(Ok(tco_end))
}
