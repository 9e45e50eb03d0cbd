//! The whole audit log, filtered and paged newest first, with a bounded amount of work per
//! page whatever the log's size.
//!
//! Seqs are gapless (`1..=head`), so a page is a window of seqs read with
//! `ReadTx::audit_entries`, newest first, filtered in memory. A time range narrows the
//! window first by binary search over seqs (entries are appended in commit order, so their
//! instants ascend with their seqs): about 2·log2(n) single-entry reads. Then at most
//! [`AUDIT_SCAN_BUDGET`] entries are examined per call; a sparse filter may need several
//! pages, each of which says how far it looked ([`AuditSearch::scanned`]), and a page is
//! never an unbounded read.

use chrono::{DateTime, Utc};

use super::CampaignOps;
use crate::model::{AuditAction, AuditEntry, AuditSeq, CampaignId};
use crate::{Clock, ReadTx, Result, Store};

/// Most entries one [`CampaignOps::search_audit`] call examines.
pub const AUDIT_SCAN_BUDGET: usize = 2000;
/// Entries read per batch while scanning.
const SCAN_BATCH: u64 = 500;

/// What to look for in the log; every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditFilter {
    /// Entries of this campaign.
    pub campaign: Option<CampaignId>,
    /// Entries by this actor (exact).
    pub actor: Option<String>,
    /// Entries of this action.
    pub action: Option<AuditAction>,
    /// Entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant.
    pub until: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// Whether `e` matches every filter set.
    pub fn matches(&self, e: &AuditEntry) -> bool {
        self.campaign.is_none_or(|c| e.campaign_id == Some(c))
            && self.actor.as_deref().is_none_or(|a| e.actor == a)
            && self.action.is_none_or(|a| e.action == a)
            && self.from.is_none_or(|f| e.at >= f)
            && self.until.is_none_or(|u| e.at < u)
    }
}

/// One page of [`CampaignOps::search_audit`].
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSearch {
    /// The matching entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// The cursor of the next (older) page: pass it as `before`. `None`: nothing older
    /// can match.
    pub next_before: Option<AuditSeq>,
    /// The seqs this page examined, lowest and highest (none on an empty window).
    pub scanned: Option<(AuditSeq, AuditSeq)>,
    /// The head of the log when the page was read.
    pub head: Option<AuditSeq>,
}

/// Entry `seq` (which exists: `1 <= seq <= head`).
fn entry(tx: &dyn ReadTx, seq: u64) -> Result<Option<AuditEntry>> {
    Ok(tx
        .audit_entries(Some(AuditSeq(seq - 1)), 1)?
        .into_iter()
        .next())
}

/// The first seq in `lo..=hi` whose entry's instant is at or after `t` (`hi + 1` if none).
fn first_at_or_after(tx: &dyn ReadTx, t: DateTime<Utc>, lo: u64, hi: u64) -> Result<u64> {
    let (mut lo, mut hi) = (lo, hi + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match entry(tx, mid)? {
            Some(e) if e.at < t => lo = mid + 1,
            _ => hi = mid,
        }
    }
    Ok(lo)
}

impl<S: Store, C: Clock> CampaignOps<S, C> {
    /// Up to `limit` (1 to [`super::MAX_AUDIT_PAGE`]) entries matching `filter` with seq
    /// below `before` (from the head when `None`), newest first, examining at most
    /// [`AUDIT_SCAN_BUDGET`] entries (see the module docs). One read snapshot.
    pub fn search_audit(
        &self,
        filter: &AuditFilter,
        before: Option<AuditSeq>,
        limit: usize,
    ) -> Result<AuditSearch> {
        crate::validate::page_limit(limit, super::MAX_AUDIT_PAGE)?;
        self.store().read(|tx| {
            let head = tx.audit_head()?.map(|(seq, _)| seq);
            let mut page = AuditSearch {
                entries: Vec::new(),
                next_before: None,
                scanned: None,
                head,
            };
            let Some(AuditSeq(head)) = head else {
                return Ok(page);
            };
            let mut hi = before.map_or(head, |b| b.0.saturating_sub(1).min(head));
            let mut lo = 1;
            if let Some(until) = filter.until {
                hi = first_at_or_after(tx, until, 1, hi)?.saturating_sub(1);
            }
            if let Some(from) = filter.from {
                lo = first_at_or_after(tx, from, 1, hi)?;
            }
            let top = hi;
            let mut examined = 0usize;
            let mut low = hi + 1;
            while hi >= lo && hi > 0 {
                let start = hi.saturating_sub(SCAN_BATCH - 1).max(lo);
                let batch =
                    tx.audit_entries(Some(AuditSeq(start - 1)), (hi - start + 1) as usize)?;
                for e in batch.into_iter().rev() {
                    examined += 1;
                    low = e.seq.0;
                    if filter.matches(&e) {
                        page.entries.push(e);
                        if page.entries.len() == limit {
                            break;
                        }
                    }
                    if examined == AUDIT_SCAN_BUDGET {
                        break;
                    }
                }
                if page.entries.len() == limit || examined == AUDIT_SCAN_BUDGET {
                    break;
                }
                hi = start - 1;
            }
            if examined > 0 {
                page.scanned = Some((AuditSeq(low), AuditSeq(top)));
                if low > lo {
                    page.next_before = Some(AuditSeq(low));
                }
            }
            Ok(page)
        })
    }
}
