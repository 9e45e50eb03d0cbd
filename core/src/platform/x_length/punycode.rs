//! The length of a domain label in punycode, as twitter-text measures it with
//! `punycode.toASCII` (RFC 3492; Node's built-in punycode.js 2.1, which twitter-text's
//! `require("punycode")` loads): a label of ASCII characters stays as it is; any other becomes `xn--` and its encoding. The ideographic and
//! full-width full stops split a label into parts, each measured so, joined by dots.

/// The largest length worth knowing exactly: a label longer than this is too long anyway.
const LIMIT: usize = 63;

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

/// The length of `punycode.toASCII(label)`, for `label` as UTF-16 code units; any length
/// over 63 may be given as 64.
pub(super) fn to_ascii_len(label: impl Iterator<Item = u16> + Clone) -> usize {
    let is_stop = |u: u16| matches!(u, 0x2E | 0x3002 | 0xFF0E | 0xFF61);
    if label.clone().all(|u| u < 0x80) {
        return label.count();
    }
    let units: Vec<u16> = label.collect();
    let mut total = 0;
    for (k, part) in units.split(|&u| is_stop(u)).enumerate() {
        total += usize::from(k > 0) + part_len(part);
        if total > LIMIT {
            return LIMIT + 1;
        }
    }
    total
}

/// The length of one part of a label: itself when all ASCII, else `xn--` and its encoding.
fn part_len(part: &[u16]) -> usize {
    if part.iter().all(|&u| u < 0x80) {
        return part.len();
    }
    // The code points (paired surrogates joined, lone ones kept), as punycode.js decodes.
    let mut points = [0u32; LIMIT + 1];
    let mut count = 0;
    for c in char::decode_utf16(part.iter().copied()) {
        if count == points.len() {
            // Every code point adds at least one character: too long already.
            return LIMIT + 1;
        }
        points[count] = c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from);
        count += 1;
    }
    "xn--".len() + encoded_len(&points[..count])
}

/// The length of the punycode encoding of `input` (without the `xn--` prefix).
fn encoded_len(input: &[u32]) -> usize {
    let basic = input.iter().filter(|&&c| c < 0x80).count();
    let mut len = basic + usize::from(basic > 0);
    let mut handled = basic;
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u64, INITIAL_BIAS);
    while handled < input.len() {
        let m = input
            .iter()
            .copied()
            .filter(|&c| c >= n)
            .min()
            .expect("an unhandled code point is left");
        delta += u64::from(m - n) * (handled as u64 + 1);
        n = m;
        for &c in input {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < u64::from(t) {
                        break;
                    }
                    len += 1;
                    q = (q - u64::from(t)) / u64::from(BASE - t);
                    k += BASE;
                }
                len += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
                if len > LIMIT {
                    return len;
                }
            }
        }
        delta += 1;
        n += 1;
    }
    len
}

fn adapt(delta: u64, points: u64, first: bool) -> u32 {
    let mut delta = if first {
        delta / u64::from(DAMP)
    } else {
        delta / 2
    };
    delta += delta / points;
    let mut k = 0;
    let base_minus_t_min = u64::from(BASE - T_MIN);
    while delta > base_minus_t_min * u64::from(T_MAX) / 2 {
        delta /= base_minus_t_min;
        k += BASE;
    }
    k + u32::try_from((base_minus_t_min + 1) * delta / (delta + u64::from(SKEW))).expect("small")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(label: &str) -> usize {
        to_ascii_len(label.encode_utf16())
    }

    #[test]
    fn measures_labels_as_punycode_js_does() {
        // Lengths of punycode.toASCII (Node), e.g. "bücher" → "xn--bcher-kva".
        assert_eq!(len("example"), 7);
        assert_eq!(len("bücher"), "xn--bcher-kva".len());
        assert_eq!(len("日本"), "xn--wgv71a".len());
        assert_eq!(len("例子"), "xn--fsqu00a".len());
        assert_eq!(len("😀"), "xn--e28h".len());
        assert_eq!(len("ドメイン名例"), "xn--eckwd4c7cu47r2wf".len());
        assert_eq!(len("a。b"), 3);
        assert_eq!(len("\u{7f}"), 1);
        assert_eq!(len("a\u{7f}é"), "xn--a\u{7f}-cja".len());
        assert_eq!(len(&"a".repeat(63)), 63);
        assert_eq!(len(&"ü".repeat(100)), 64);
    }
}
