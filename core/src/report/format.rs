//! Number formatting for report texts: thousands separators and percentages.

/// `value` rounded to a whole number with `,` between thousands: `14230.4` → `14,230`.
pub(crate) fn whole(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if rounded < 0.0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A fraction as a percentage with `decimals` decimals and a space before the sign, as in
/// `80 %` or `3.1 %`.
pub(crate) fn percent(fraction: f64, decimals: usize) -> String {
    format!("{:.*} %", decimals, fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(whole(0.0), "0");
        assert_eq!(whole(999.0), "999");
        assert_eq!(whole(1000.0), "1,000");
        assert_eq!(whole(14230.4), "14,230");
        assert_eq!(whole(1234567.0), "1,234,567");
        assert_eq!(whole(-1234.0), "-1,234");
    }

    #[test]
    fn formats_percent() {
        assert_eq!(percent(0.8, 0), "80 %");
        assert_eq!(percent(0.031, 1), "3.1 %");
        assert_eq!(percent(2.0 / 3.0, 0), "67 %");
    }
}
