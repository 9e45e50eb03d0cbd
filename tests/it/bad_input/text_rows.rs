//! Actor names, and values built without their constructors: through serde (as a host
//! reading a request or a file would) or from public fields.

use campaign_ops::service::NewCampaign;
use campaign_ops::{Actor, Error};

use super::campaign_rows::megabyte;
use super::harness::{Row, invalid, row};
use crate::support::new_campaign;

fn actor(what: &str, rule: &'static str, name: impl Into<String>) -> Row {
    let name = name.into();
    row(
        format!("Actor::new: {what}"),
        invalid("actor", rule),
        move |_| Actor::new(&name),
    )
}

/// A serde error as the validation error it carries (serde keeps only the message).
fn from_serde(field: &str, e: serde_json::Error) -> Error {
    Error::validation(field, e.to_string())
}

/// An actor decoded from JSON, then used for a call: decoding must refuse what `new` does.
fn actor_json(what: &str, rule: &'static str, json: &'static str) -> Row {
    row(
        format!("Actor from JSON: {what}"),
        invalid("actor", rule),
        move |w| {
            let actor: Actor = serde_json::from_str(json).map_err(|e| from_serde("actor", e))?;
            w.ops.create_campaign(&actor, new_campaign("Decoded actor"))
        },
    )
}

/// A NewCampaign decoded from JSON (all public fields, no constructor), then created.
fn campaign_json(what: &str, field: &'static str, rule: &'static str, set: &'static str) -> Row {
    row(
        format!("NewCampaign from JSON: {what}"),
        invalid(field, rule),
        move |w| {
            let mut json = serde_json::to_value(new_campaign("Decoded")).unwrap();
            let patch: serde_json::Value = serde_json::from_str(set).unwrap();
            for (k, v) in patch.as_object().unwrap() {
                json[k] = v.clone();
            }
            let new: NewCampaign = serde_json::from_value(json)
                .map_err(|e| Error::validation(field, e.to_string()))?;
            w.ops.create_campaign(&crate::support::alice(), new)
        },
    )
}

pub fn rows() -> Vec<Row> {
    vec![
        actor("empty", "must not be empty", ""),
        actor("blank", "must not be empty", " \u{3000} "),
        actor("of 101 characters", "at most 100", "a".repeat(101)),
        actor("of a megabyte", "at most 100", megabyte("a")),
        actor("with NUL", "control", "ali\0ce"),
        actor(
            "with a newline (log forging)",
            "control",
            "alice\nadmin logged in",
        ),
        actor("with an RTL override", "bidi", "\u{202E}nimda"),
        actor("with a pop directional formatting", "bidi", "admin\u{202C}"),
        actor("with a zero-width space", "invisible", "ad\u{200B}min"),
        actor("with a zero-width non-joiner", "invisible", "ad\u{200C}min"),
        actor("with a BOM", "invisible", "\u{FEFF}admin"),
        actor_json("with an RTL override", "bidi", r#""\u202Enimda""#),
        actor_json("empty", "must not be empty", r#""""#),
        actor_json("with a zero-width joiner", "invisible", r#""ad\u200Dmin""#),
        campaign_json(
            "an offset time zone",
            "time_zone",
            "IANA",
            r#"{"time_zone": "+05:30"}"#,
        ),
        campaign_json(
            "a name with an RTL override",
            "name",
            "bidi",
            r#"{"name": "\u202Eeman"}"#,
        ),
        campaign_json(
            "start in year 0",
            "start_date",
            "1970 to 9999",
            r#"{"start_date": "0000-01-01", "end_date": null}"#,
        ),
        campaign_json(
            "cadence 0",
            "cadence.linkedin",
            "1 to 100",
            r#"{"cadence": {"linkedin": 0}}"#,
        ),
        campaign_json(
            "an unknown platform",
            "platforms",
            "unknown variant",
            r#"{"platforms": ["myspace"]}"#,
        ),
    ]
}
