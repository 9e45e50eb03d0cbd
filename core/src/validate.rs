//! Reusable input rules. Each failure is an [`Error::Validation`] naming the field and the
//! rule in words a person understands.
//!
//! Text rules (see [`required_line`], [`identifier`] and [`text`]): text is stored in
//! Unicode NFC, so two spellings of one name (a precomposed `é` and `e` + combining acute)
//! are one name; control characters and bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and
//! its kin, which reorder how text reads) are refused; invisible characters (zero-width
//! spaces, BOMs, soft hyphens, tag characters, ...) are refused, so that two names that
//! look the same are the same. Names that identify someone or something ([`identifier`]:
//! campaign names, actors, owners, assignees, clients) refuse the joiners and variation
//! selectors too, which other lines keep because emoji sequences and some scripts need
//! them. Error messages quote at most a short, escaped excerpt of the input ([`shown`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

use crate::{Error, Result};

/// Most metadata entries on one record.
pub const MAX_METADATA_ENTRIES: usize = 50;
/// Longest metadata key, in characters.
pub const MAX_METADATA_KEY_LEN: usize = 64;
/// Longest metadata value, in characters.
pub const MAX_METADATA_VALUE_LEN: usize = 1000;
/// Most characters of an input an error message quotes.
pub const MAX_SHOWN_CHARS: usize = 40;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// `value` as an error message may quote it: at most [`MAX_SHOWN_CHARS`] characters,
/// controls, bidi controls and invisible characters escaped (`\u{202e}`), and the length
/// of the rest when cut. A message never carries a megabyte of input back, nor characters
/// that would rearrange the log line or terminal it lands in.
pub fn shown(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars().take(MAX_SHOWN_CHARS) {
        if c.is_control() || is_bidi_control(c) || is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    let len = char_len(value);
    if len > MAX_SHOWN_CHARS {
        out.push_str(&format!("… ({len} characters)"));
    }
    out
}

/// Unicode bidi controls: the embeddings, overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) and the marks (U+200E, U+200F, U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Bidi controls that reorder a span of text (embeddings, overrides, isolates); the marks
/// only nudge one position and appear in ordinary right-to-left prose.
fn is_bidi_reordering(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that display as nothing (Unicode's default-ignorable code points other than
/// the bidi controls): zero-width space and joiners, word joiner, BOM, soft hyphen,
/// variation selectors, Hangul fillers, tag characters and the like.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Invisible characters that ordinary text needs: the joiners (emoji sequences, Indic and
/// Persian scripts) and the variation selectors (emoji presentation, CJK variants).
fn is_needed_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A required single-line text: trimmed, in NFC, 1 to `max` characters, no control,
/// bidi control or invisible character (joiners and variation selectors allowed).
pub fn required_line(field: &str, value: &str, max: usize) -> Result<String> {
    let v = nfc_trimmed(value);
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    line_rules(field, &v, max, false)?;
    Ok(v)
}

/// A name that identifies someone or something (a campaign, an actor, an assignee): the
/// rules of [`required_line`], and no invisible character at all, so that names which
/// look alike are equal and names which are equal look alike.
pub fn identifier(field: &str, value: &str, max: usize) -> Result<String> {
    let v = nfc_trimmed(value);
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    line_rules(field, &v, max, true)?;
    Ok(v)
}

/// An optional single-line text: trimmed and in NFC; blank becomes `None`.
pub fn optional_line(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    optional(field, value, max, false)
}

/// An optional [`identifier`]; blank becomes `None`.
pub fn optional_identifier(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    optional(field, value, max, true)
}

fn optional(field: &str, value: Option<&str>, max: usize, strict: bool) -> Result<Option<String>> {
    let Some(v) = value.map(nfc_trimmed) else {
        return Ok(None);
    };
    if v.is_empty() {
        return Ok(None);
    }
    line_rules(field, &v, max, strict)?;
    Ok(Some(v))
}

/// Trimmed, then NFC. Input of more than 64 KiB is returned as it is: every limit of
/// these rules is far lower, so the length rule refuses it without paying for the pass.
fn nfc_trimmed(value: &str) -> String {
    let v = value.trim();
    if v.len() > 64 * 1024 {
        return v.to_owned();
    }
    v.nfc().collect()
}

fn too_long(field: &str, max: usize, len: usize) -> Error {
    Error::validation(
        field,
        format!("must be at most {max} characters (got {len})"),
    )
}

fn line_rules(field: &str, v: &str, max: usize, strict: bool) -> Result<()> {
    let len = char_len(v);
    if len > max {
        return Err(too_long(field, max, len));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must be a single line without control characters",
        ));
    }
    if let Some(c) = v.chars().find(|&c| is_bidi_control(c)) {
        return Err(bidi_refused(field, c));
    }
    if let Some(c) = v
        .chars()
        .find(|&c| is_invisible(c) && (strict || !is_needed_joiner(c)))
    {
        return Err(Error::validation(
            field,
            format!(
                "must not contain invisible characters (U+{:04X}): names that look the same must be the same",
                c as u32
            ),
        ));
    }
    Ok(())
}

fn bidi_refused(field: &str, c: char) -> Error {
    Error::validation(
        field,
        format!(
            "must not contain bidi control characters (U+{:04X}), which reorder how the text reads",
            c as u32
        ),
    )
}

/// A free multi-line text of at most `max` characters (trimmed, in NFC; may be empty):
/// no control characters but tab and line breaks, no bidi embedding, override or isolate.
pub fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = nfc_trimmed(value);
    let len = char_len(&v);
    if len > max {
        return Err(too_long(field, max, len));
    }
    multiline_rules(field, &v)?;
    Ok(v)
}

fn multiline_rules(field: &str, v: &str) -> Result<()> {
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::validation(
            field,
            "must not contain control characters other than tab and line breaks",
        ));
    }
    if let Some(c) = v.chars().find(|&c| is_bidi_reordering(c)) {
        return Err(bidi_refused(field, c));
    }
    Ok(())
}

/// Earliest calendar year a date or instant given as input may fall in.
pub const EARLIEST_YEAR: i32 = 1970;
/// Latest calendar year a date or instant given as input may fall in.
pub const LATEST_YEAR: i32 = 9999;

fn year_in_range(field: &str, year: i32, shown: impl std::fmt::Display) -> Result<()> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("must lie in the years {EARLIEST_YEAR} to {LATEST_YEAR} (got {shown})"),
        ))
    }
}

/// A calendar date in the years 1970 to 9999. Dates near the ends of chrono's calendar
/// (year ±262143) would make week and day arithmetic overflow further on, and ISO weeks
/// of such years have no four-digit text form.
pub fn date(field: &str, value: NaiveDate) -> Result<NaiveDate> {
    year_in_range(field, value.year(), value).map(|()| value)
}

/// An instant in the years 1970 to 9999 (UTC); see [`date`] for why.
pub fn instant(field: &str, value: DateTime<Utc>) -> Result<DateTime<Utc>> {
    year_in_range(field, value.year(), value).map(|()| value)
}

/// An IANA time zone name such as `Europe/Berlin`.
pub fn time_zone(field: &str, value: &str) -> Result<Tz> {
    value.trim().parse::<Tz>().map_err(|_| {
        Error::validation(
            field,
            format!(
                "'{}' is not a known IANA time zone (e.g. Europe/Berlin)",
                shown(value)
            ),
        )
    })
}

/// Metadata: at most 50 entries; keys 1 to 64 characters of letters, digits, `_`, `-`, `.`;
/// values at most 1000 characters without control characters other than newline and tab.
pub fn metadata(field: &str, map: &BTreeMap<String, String>) -> Result<()> {
    if map.len() > MAX_METADATA_ENTRIES {
        return Err(Error::validation(
            field,
            format!(
                "must have at most {MAX_METADATA_ENTRIES} entries (got {})",
                map.len()
            ),
        ));
    }
    for (key, value) in map {
        metadata_key(field, key)?;
        if char_len(value) > MAX_METADATA_VALUE_LEN {
            return Err(Error::validation(
                format!("{field}.{key}"),
                format!("value must be at most {MAX_METADATA_VALUE_LEN} characters"),
            ));
        }
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Error::validation(
                format!("{field}.{key}"),
                "value must not contain control characters",
            ));
        }
        if let Some(c) = value.chars().find(|&c| is_bidi_reordering(c)) {
            return Err(bidi_refused(&format!("{field}.{key}"), c));
        }
    }
    Ok(())
}

/// A metadata key: 1 to 64 characters of ASCII letters, digits, `_`, `-`, `.`.
pub fn metadata_key(field: &str, key: &str) -> Result<()> {
    if key.is_empty() || char_len(key) > MAX_METADATA_KEY_LEN {
        return Err(Error::validation(
            field,
            format!(
                "key '{}' must be 1 to {MAX_METADATA_KEY_LEN} characters",
                shown(key)
            ),
        ));
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(Error::validation(
            field,
            format!(
                "key '{}' may only contain letters, digits, '_', '-' and '.'",
                shown(key)
            ),
        ));
    }
    Ok(())
}

/// A list of at most `max` entries.
pub fn at_most<T>(field: &str, list: &[T], max: usize) -> Result<()> {
    if list.len() > max {
        return Err(Error::validation(
            field,
            format!("must have at most {max} entries (got {})", list.len()),
        ));
    }
    Ok(())
}

/// A page size (field `limit`) from 1 to `max`.
pub fn page_limit(limit: usize, max: usize) -> Result<()> {
    if limit == 0 || limit > max {
        return Err(Error::validation(
            "limit",
            format!("must be 1 to {max} (got {limit})"),
        ));
    }
    Ok(())
}
