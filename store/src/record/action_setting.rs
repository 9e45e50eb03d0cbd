//! The stored on/off switch of a registered action (record kind 11, keyed by the action's
//! name). Only a switch an admin set is stored: no record means enabled.

use campaign_ops_core::model::ActionSetting;
use serde::{Deserialize, Serialize};

use super::{Stored, Time};

/// An [`ActionSetting`] as stored (key: its action name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ActionSettingRecord {
    enabled: bool,
    changed_at: Time,
    changed_by: String,
}

impl Stored for ActionSettingRecord {
    const KIND: &'static str = "action setting";
    const FORMAT: u8 = 1;
}

impl ActionSettingRecord {
    /// The stored form of `s`.
    pub(crate) fn of(s: &ActionSetting) -> Self {
        Self {
            enabled: s.enabled,
            changed_at: Time::of(s.changed_at),
            changed_by: s.changed_by.clone(),
        }
    }

    /// The setting of `action` stored under its name.
    pub(crate) fn into_domain(self, action: String) -> Result<ActionSetting, String> {
        Ok(ActionSetting {
            action,
            enabled: self.enabled,
            changed_at: self.changed_at.to_utc()?,
            changed_by: self.changed_by,
        })
    }
}
