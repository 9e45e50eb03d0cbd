//! Reusable input rules. Each failure is an [`Error::Validation`] naming the field and the
//! rule in words a person understands.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

use crate::{Error, Result};

/// Most metadata entries on one record.
pub const MAX_METADATA_ENTRIES: usize = 50;
/// Longest metadata key, in characters.
pub const MAX_METADATA_KEY_LEN: usize = 64;
/// Longest metadata value, in characters.
pub const MAX_METADATA_VALUE_LEN: usize = 1000;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// A required single-line text: trimmed, 1 to `max` characters, no control characters.
pub fn required_line(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    line_rules(field, v, max)?;
    Ok(v.to_owned())
}

/// An optional single-line text: trimmed; blank becomes `None`.
pub fn optional_line(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            line_rules(field, v, max)?;
            Ok(Some(v.to_owned()))
        }
    }
}

fn line_rules(field: &str, v: &str, max: usize) -> Result<()> {
    if char_len(v) > max {
        return Err(Error::validation(
            field,
            format!("must be at most {max} characters (got {})", char_len(v)),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must be a single line without control characters",
        ));
    }
    Ok(())
}

/// A free multi-line text of at most `max` characters (trimmed; may be empty).
pub fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if char_len(v) > max {
        return Err(Error::validation(
            field,
            format!("must be at most {max} characters (got {})", char_len(v)),
        ));
    }
    Ok(v.to_owned())
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
            format!("'{value}' is not a known IANA time zone (e.g. Europe/Berlin)"),
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
    }
    Ok(())
}

/// A metadata key: 1 to 64 characters of ASCII letters, digits, `_`, `-`, `.`.
pub fn metadata_key(field: &str, key: &str) -> Result<()> {
    if key.is_empty() || char_len(key) > MAX_METADATA_KEY_LEN {
        return Err(Error::validation(
            field,
            format!("key '{key}' must be 1 to {MAX_METADATA_KEY_LEN} characters"),
        ));
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(Error::validation(
            field,
            format!("key '{key}' may only contain letters, digits, '_', '-' and '.'"),
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
