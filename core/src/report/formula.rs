//! CSV cells made safe against spreadsheet formula injection (CWE-1236).
//!
//! A spreadsheet that opens a CSV file runs a cell that starts with `=`, `+`, `-` or `@`
//! as a formula (`=HYPERLINK(...)`, `=WEBSERVICE(...)`, DDE `=cmd|...`), and a leading tab
//! or carriage return can hide such a start. A task title, a note or a campaign name comes
//! from whoever typed it, so every CSV export writes each cell through [`spreadsheet_safe`]:
//! a cell that starts with one of those characters (or their full-width forms `＝ ＋ － ＠`,
//! which some spreadsheets normalise) gets a `'` in front, as OWASP recommends, and the
//! spreadsheet shows the text as it was typed. A cell that is a plain number (`-0.5`,
//! `1e-3`: what the exports write for numbers) is left alone: a spreadsheet reads it as
//! the number it is and runs nothing.
//!
//! The price: a program that reads the CSV sees the `'` too. The JSON exports are the
//! lossless form.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula when the cell starts
/// with one: `=`, `+`, `-`, `@`, tab, carriage return, and the full-width `＝ ＋ － ＠`.
pub const FORMULA_TRIGGERS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// `cell` as a CSV cell no spreadsheet runs as a formula: `'` + `cell` when it starts with
/// one of [`FORMULA_TRIGGERS`] and is not a plain number, else `cell` unchanged (see the
/// module docs).
///
/// ```
/// use campaign_ops_core::report::spreadsheet_safe;
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"https://evil.example\")"), "'=HYPERLINK(\"https://evil.example\")");
/// assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(spreadsheet_safe("-0.5"), "-0.5");
/// assert_eq!(spreadsheet_safe("Launch week"), "Launch week");
/// ```
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if FORMULA_TRIGGERS.contains(&first) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// Whether `s` is a decimal number as the exports write them: an optional `-`, digits, an
/// optional fraction and an optional exponent (`-12`, `0.031`, `1e-7`). Nothing else (no
/// `+`, no spaces, no `inf`): what passes can only be read as a number.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix('-').unwrap_or(e)));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_gets_a_quote() {
        for trigger in FORMULA_TRIGGERS {
            let cell = format!("{trigger}cmd|' /C calc'!A0");
            assert_eq!(spreadsheet_safe(&cell), format!("'{cell}"), "{trigger:?}");
        }
        for cell in [
            "=1+2",
            "+1+2",
            "-1+2",
            "@SUM(A1:A9)",
            "-",
            "=",
            "\t=1",
            "\r=1",
            "-e",
            "-1e",
        ] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_plain_text_stay_as_they_are() {
        for cell in [
            "",
            "0",
            "1500",
            "-12",
            "0.031",
            "-0.5",
            "1e-7",
            "-2.5E10",
            "Launch",
            "a=b",
            " =1",
            "'=1",
            "https://example.com/p?a=1",
        ] {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn what_looks_like_a_number_but_is_not_one_is_quoted() {
        for cell in [
            "-1.", "-.5", "-1e+3", "-1 ", "-inf", "-NaN", "-0x10", "-1,5", "+1",
        ] {
            assert_eq!(spreadsheet_safe(cell), format!("'{cell}"), "{cell:?}");
        }
    }
}
