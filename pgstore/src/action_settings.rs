//! Actions' on/off switches (schema v3's `action_settings` table): the
//! [`ReadTx::action_setting`](campaign_ops_core::ReadTx::action_setting) and
//! [`WriteTx::put_action_setting`](campaign_ops_core::WriteTx::put_action_setting) of a
//! [`Tx`], one row per action an admin ever switched (no row: enabled), keyed by its name.

use campaign_ops_core::Result;
use campaign_ops_core::model::ActionSetting;

use crate::codec::{decode, encode};
use crate::tx::Tx;

impl Tx<'_> {
    pub(crate) fn action_setting_of(&self, action: &str) -> Result<Option<ActionSetting>> {
        let row = self.row(
            "reading an action setting",
            "SELECT data FROM action_settings WHERE action = $1",
            &[&action],
        )?;
        row.map(|r| decode("action_settings", r.get::<_, &str>(0)))
            .transpose()
    }

    pub(crate) fn store_action_setting(&mut self, s: &ActionSetting) -> Result<()> {
        let data = encode("action setting", s)?;
        self.exec(
            "writing an action setting",
            "INSERT INTO action_settings (action, data) VALUES ($1, $2)
             ON CONFLICT (action) DO UPDATE SET data = excluded.data",
            &[&s.action, &data],
        )?;
        Ok(())
    }
}
