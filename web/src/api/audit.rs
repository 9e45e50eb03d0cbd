//! The Audit page's server functions (admin): the whole log, newest first, filtered by
//! campaign, actor, action and a date range in the caller's zone, with keyset paging and
//! a bounded read per page ([`search_audit_log`], over core's `search_audit`); and the
//! hash chain's status ([`audit_chain_status`]: the last verification and what was
//! appended since) and a verification on request ([`verify_audit_log`]).
//!
//! Verifying walks the whole chain (a million entries take seconds), so a page load never
//! does it: an admin asks for it with a button, and the result is kept in this process
//! (per workspace) and shown with the head it covered, so the page says how many entries
//! are newer than the last check. It is not kept across restarts: after one, the page says
//! the chain has not been verified yet by this process.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// Most entries one page shows.
pub const LOG_PAGE: usize = 50;

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRow {
    /// Position in the log.
    pub seq: u64,
    /// When, in the caller's zone, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`task.complete`, ...).
    pub action: String,
    /// On what, e.g. `task 12`.
    pub entity: String,
    /// The campaign, if the change belongs to one.
    pub campaign_id: Option<u64>,
    /// The fields the change touched.
    pub fields: Vec<String>,
    /// Free words about the change.
    pub details: Option<String>,
}

/// One page of the log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPage {
    /// Matching entries, newest first.
    pub items: Vec<LogRow>,
    /// The cursor of the next (older) page, `None` when nothing older can match.
    pub next_before: Option<u64>,
    /// The seqs this page looked through, lowest and highest.
    pub scanned: Option<(u64, u64)>,
    /// The newest seq of the log.
    pub head: Option<u64>,
    /// The zone the times are in.
    pub time_zone: String,
}

/// The last verification of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// When it ran, RFC 3339 UTC.
    pub at: String,
    /// Who asked for it.
    pub by: String,
    /// Entries that verified.
    pub entries: u64,
    /// The head's seq when it ran.
    pub head: Option<u64>,
    /// Whether the whole chain verified.
    pub intact: bool,
    /// The first entry that did not, and why.
    pub first_break: Option<(u64, String)>,
}

/// The chain's status: the head now, and the last verification in this process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainStatus {
    /// The newest seq of the log.
    pub head: Option<u64>,
    /// The last verification, if there was one since the server started.
    pub last: Option<Verification>,
}

#[cfg(feature = "ssr")]
mod kept {
    use std::collections::HashMap;
    use std::sync::{Mutex, PoisonError};

    use super::Verification;

    /// The last verification per workspace id (one process may serve tests of several).
    static LAST: Mutex<Option<HashMap<String, Verification>>> = Mutex::new(None);

    pub(super) fn last(workspace: &str) -> Option<Verification> {
        let guard = LAST.lock().unwrap_or_else(PoisonError::into_inner);
        guard.as_ref().and_then(|m| m.get(workspace).cloned())
    }

    pub(super) fn keep(workspace: String, v: Verification) {
        let mut guard = LAST.lock().unwrap_or_else(PoisonError::into_inner);
        guard.get_or_insert_with(HashMap::new).insert(workspace, v);
    }
}

/// The log's entries matching the filters, newest first, before the seq `before` (a
/// page's `next_before`), at most [`LOG_PAGE`] (admin). Blank filters are unset.
/// `campaign` is a campaign id, `action` a key such as `task.complete`, `from` and `until`
/// dates (`YYYY-MM-DD`, both included) in the caller's zone.
#[server]
pub async fn search_audit_log(
    /// Campaign id.
    campaign: Option<String>,
    /// Actor (exact login name or actor string).
    actor: Option<String>,
    /// Action key.
    action: Option<String>,
    /// First day, `YYYY-MM-DD`.
    from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    until: Option<String>,
    /// The seq the page starts below.
    before: Option<u64>,
) -> Result<LogPage, AppError> {
    use super::campaigns::non_blank;
    use campaign_ops_core::service::{AuditFilter, start_of_local_day};
    use campaign_ops_core::{AuditAction, AuditSeq, CampaignId, Error, Role};
    use chrono::{Days, NaiveDate};
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let tz = caller.time_zone;
        let day = |field: &str, value: Option<String>| {
            non_blank(value)
                .map(|v| {
                    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                        .map_err(|_| Error::validation(field, "must be a date like 2026-12-01"))
                })
                .transpose()
        };
        let mut filter = AuditFilter::default();
        filter.campaign = non_blank(campaign)
            .map(|c| {
                c.trim().parse::<u64>().map(CampaignId).map_err(|_| {
                    Error::validation("campaign", "must be a campaign id (a whole number)")
                })
            })
            .transpose()?;
        filter.actor = non_blank(actor).map(|a| a.trim().to_owned());
        filter.action = non_blank(action)
            .map(|a| a.trim().parse::<AuditAction>())
            .transpose()?;
        let (from, until) = (day("from", from)?, day("until", until)?);
        if let (Some(f), Some(u)) = (from, until)
            && u < f
        {
            return Err(Error::validation(
                "until",
                "must not be before the first day",
            ));
        }
        filter.from = from.map(|d| start_of_local_day(tz, d));
        filter.until = until
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(|d| start_of_local_day(tz, d));
        let page = ops.search_audit(&filter, before.map(AuditSeq), LOG_PAGE)?;
        Ok(LogPage {
            items: page
                .entries
                .iter()
                .map(|e| LogRow {
                    seq: e.seq.0,
                    at: e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
                    actor: e.actor.clone(),
                    action: e.action.key().to_owned(),
                    entity: format!("{} {}", e.entity.label(), e.entity_id),
                    campaign_id: e.campaign_id.map(|c| c.0),
                    fields: e.changes.iter().map(|c| c.field.clone()).collect(),
                    details: e.details.clone(),
                })
                .collect(),
            next_before: page.next_before.map(|s| s.0),
            scanned: page.scanned.map(|(lo, hi)| (lo.0, hi.0)),
            head: page.head.map(|s| s.0),
            time_zone: tz.name().to_owned(),
        })
    })
    .await
}

/// The head of the log and the last verification this process made (admin); reads O(1).
#[server]
pub async fn audit_chain_status() -> Result<ChainStatus, AppError> {
    use campaign_ops_core::{Role, Store};
    crate::server::context::call_as(Role::Admin, move |ops, _| {
        let (workspace, head) = ops
            .store()
            .read(|tx| Ok((tx.workspace_id()?, tx.audit_head()?)))?;
        Ok(ChainStatus {
            head: head.map(|(s, _)| s.0),
            last: kept::last(&workspace),
        })
    })
    .await
}

/// Verifies the whole hash chain now (admin) and keeps the result for the page.
#[server]
pub async fn verify_audit_log() -> Result<ChainStatus, AppError> {
    use campaign_ops_core::{Clock, Role, Store};
    crate::server::context::call_as(Role::Admin, move |ops, caller| {
        let (workspace, head) = ops
            .store()
            .read(|tx| Ok((tx.workspace_id()?, tx.audit_head()?)))?;
        let head = head.map(|(s, _)| s.0);
        let result = ops.verify_audit_chain()?;
        let v = Verification {
            at: ops
                .clock()
                .now()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            by: caller.actor.as_str().to_owned(),
            entries: result.entries,
            head,
            intact: result.is_intact(),
            first_break: result.first_break.map(|b| (b.seq.0, b.reason)),
        };
        kept::keep(workspace, v.clone());
        Ok(ChainStatus {
            head,
            last: Some(v),
        })
    })
    .await
}
