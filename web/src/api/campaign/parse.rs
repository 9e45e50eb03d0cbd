//! Form text to domain values, each failure an error on the form field it came from.

use campaign_ops_core::{Error, Platform, Result};
use chrono::{NaiveDate, NaiveDateTime};

/// A `YYYY-MM-DD` date of the field `field`.
pub fn date(field: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Error::validation(field, "must be a date (YYYY-MM-DD)"))
        .and_then(|d| campaign_ops_core::validate::date(field, d))
}

/// A local date and time as `<input type="datetime-local">` sends it (`YYYY-MM-DDTHH:MM`,
/// seconds optional; a space instead of the `T` is taken too).
pub fn local_datetime(field: &str, value: &str) -> Result<NaiveDateTime> {
    let v = value.trim().replace(' ', "T");
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&v, f).ok())
        .ok_or_else(|| Error::validation(field, "must be a date and time (YYYY-MM-DD HH:MM)"))
}

/// A whole number of the field `field`.
pub fn number(field: &str, value: &str) -> Result<u32> {
    value
        .trim()
        .parse()
        .map_err(|_| Error::validation(field, "must be a whole number"))
}

/// A comma-separated list of platform keys (`x,linkedin`); blank is none.
pub fn platforms(field: &str, value: Option<&str>) -> Result<Vec<Platform>> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<Platform>()
                .map_err(|_| Error::validation(field, format!("unknown platform '{p}'")))
        })
        .collect()
}
