//! Ledger and audit reads: one action run by key, an action's runs in key order (either
//! way), its open runs, the audit head, the audit log in seq order and a campaign's part.

use campaign_ops_core::Result;
use campaign_ops_core::model::*;

use super::after_id;
use crate::tx::{Tx, id, limit};

impl Tx<'_> {
    pub(super) fn action_run_by_key(&self, key: &str) -> Result<Option<ActionRun>> {
        self.record(
            "reading a ledger record",
            "action_runs",
            "SELECT data FROM action_runs WHERE key = $1",
            &[&key],
        )
    }

    pub(super) fn action_runs_of(
        &self,
        action: &str,
        after: Option<&str>,
        newest_first: bool,
        n: usize,
    ) -> Result<Vec<ActionRun>> {
        let (what, table) = ("listing ledger records", "action_runs");
        match (newest_first, after) {
            (false, None) => self.records(
                what,
                table,
                "SELECT data FROM action_runs WHERE action = $1 ORDER BY key LIMIT $2",
                &[&action, &limit(n)],
            ),
            (false, Some(a)) => self.records(
                what,
                table,
                "SELECT data FROM action_runs WHERE action = $1 AND key > $2 ORDER BY key LIMIT $3",
                &[&action, &a, &limit(n)],
            ),
            (true, None) => self.records(
                what,
                table,
                "SELECT data FROM action_runs WHERE action = $1 ORDER BY key DESC LIMIT $2",
                &[&action, &limit(n)],
            ),
            (true, Some(a)) => self.records(
                what,
                table,
                "SELECT data FROM action_runs WHERE action = $1 AND key < $2
                 ORDER BY key DESC LIMIT $3",
                &[&action, &a, &limit(n)],
            ),
        }
    }

    pub(super) fn open_action_runs_of(&self, action: &str, n: usize) -> Result<Vec<ActionRun>> {
        self.records(
            "listing open ledger records",
            "action_runs",
            "SELECT data FROM action_runs WHERE action = $1 AND open ORDER BY key LIMIT $2",
            &[&action, &limit(n)],
        )
    }

    pub(super) fn audit_last(&self) -> Result<Option<(AuditSeq, String)>> {
        let row = self.row(
            "reading the audit head",
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            &[],
        )?;
        Ok(row.map(|r| (AuditSeq(r.get::<_, i64>(0) as u64), r.get(1))))
    }

    pub(super) fn audit_after(&self, after: Option<AuditSeq>, n: usize) -> Result<Vec<AuditEntry>> {
        self.records(
            "listing audit entries",
            "audit",
            "SELECT data FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&after_id(after.map(|s| s.0)), &limit(n)],
        )
    }

    pub(super) fn audit_of(
        &self,
        campaign: CampaignId,
        after: Option<AuditSeq>,
        n: usize,
    ) -> Result<Vec<AuditEntry>> {
        self.records(
            "listing a campaign's audit entries",
            "audit",
            "SELECT data FROM audit WHERE campaign_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&id(campaign.0), &after_id(after.map(|s| s.0)), &limit(n)],
        )
    }
}
