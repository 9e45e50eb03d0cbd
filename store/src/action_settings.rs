//! Actions' on/off switches: `records [11][action name bytes]`, no index. A handful of
//! records, read one by one by name (the daemon's plan and the Actions page).

use campaign_ops_core::Result;
use campaign_ops_core::model::ActionSetting;

use crate::error::Context;
use crate::keys::Key;
use crate::layout::rk;
use crate::record::{ActionSettingRecord, corrupt, encode};
use crate::tx::{Source, Tables, get_record};

/// The `records` key of `action`'s switch.
pub(crate) fn key(action: &str) -> Vec<u8> {
    Key::new(rk::ACTION_SETTING).tail(action.as_bytes()).done()
}

/// The switch of `action`, if one was set.
pub(crate) fn get<S: Source>(src: &S, action: &str) -> Result<Option<ActionSetting>> {
    let what = format!("action setting {action:?}");
    get_record::<S, ActionSettingRecord>(src, &key(action), &what)?
        .map(|r| {
            r.into_domain(action.to_owned())
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// Stores `s` under its action's name.
pub(crate) fn put(t: &mut Tables<'_>, s: &ActionSetting) -> Result<()> {
    let bytes = encode(&ActionSettingRecord::of(s))?;
    t.records
        .insert(key(&s.action).as_slice(), bytes.as_slice())
        .ctx(format_args!("writing the action setting {:?}", s.action))?;
    Ok(())
}
