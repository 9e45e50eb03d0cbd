//! The shapes of page queries: which campaigns a page holds, and task counts by status.

use crate::model::{Campaign, CampaignId, CampaignStatus, TaskStatus};

/// Which campaigns a [`ReadTx::campaign_page`](super::ReadTx::campaign_page) returns. Every backend matches with
/// [`CampaignQuery::matches`], so the rules are the same everywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CampaignQuery {
    /// Only campaigns in this status.
    pub status: Option<CampaignStatus>,
    /// Only campaigns of this client: [`CampaignQuery::fold`] of the client name, compared
    /// whole.
    pub client: Option<String>,
    /// Only campaigns whose name, client or description contains this text, compared as
    /// [`CampaignQuery::fold`] of both; empty means no text filter.
    pub text: Option<String>,
    /// Keyset cursor: only campaigns with a larger id (the last id of the previous page).
    pub after: Option<CampaignId>,
    /// Most campaigns returned.
    pub limit: usize,
}

impl CampaignQuery {
    /// A query of the first `limit` campaigns, no filter.
    pub fn first(limit: usize) -> Self {
        Self {
            limit,
            ..Self::default()
        }
    }

    /// How filter text and the searched fields are compared: trimmed and lower-cased.
    pub fn fold(text: &str) -> String {
        text.trim().to_lowercase()
    }

    /// The text a [`CampaignQuery::text`] filter searches in, folded: name, client and
    /// description joined by a separator no folded filter contains (a line feed), so a
    /// match never spans two fields. A backend may store it to search without decoding
    /// campaigns.
    pub fn search_text(c: &Campaign) -> String {
        format!(
            "{}\n{}\n{}",
            Self::fold(&c.name),
            Self::fold(&c.client_name),
            Self::fold(&c.description)
        )
    }

    /// Whether `c` passes the status, client and text filters (the cursor is not checked).
    pub fn matches(&self, c: &Campaign) -> bool {
        self.status.is_none_or(|s| c.status == s)
            && self
                .client
                .as_deref()
                .is_none_or(|cl| Self::fold(&c.client_name) == cl)
            && self
                .text
                .as_deref()
                .filter(|t| !t.is_empty())
                .is_none_or(|t| Self::search_text(c).contains(t))
    }
}

/// One page of campaigns, ascending id.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CampaignPage {
    /// The campaigns of this page, ascending id.
    pub items: Vec<Campaign>,
    /// How many campaigns match the filters in all (every page, ignoring the cursor).
    pub total: u64,
    /// The cursor of the next page (`after`), `None` on the last page.
    pub next: Option<CampaignId>,
}

/// How many tasks are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    counts: [u32; 6],
}

impl StatusCounts {
    fn slot(status: TaskStatus) -> usize {
        match status {
            TaskStatus::Pending => 0,
            TaskStatus::InProgress => 1,
            TaskStatus::Completed => 2,
            TaskStatus::Failed => 3,
            TaskStatus::Blocked => 4,
            TaskStatus::Skipped => 5,
        }
    }

    /// Counts one task in `status` (saturating).
    pub fn add(&mut self, status: TaskStatus) {
        let slot = &mut self.counts[Self::slot(status)];
        *slot = slot.saturating_add(1);
    }

    /// Tasks in `status`.
    pub fn get(&self, status: TaskStatus) -> u32 {
        self.counts[Self::slot(status)]
    }

    /// Tasks in any status.
    pub fn total(&self) -> u32 {
        self.counts.iter().fold(0, |a, &b| a.saturating_add(b))
    }

    /// Open tasks: pending, in progress or blocked.
    pub fn open(&self) -> u32 {
        TaskStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .fold(0, |a, s| a.saturating_add(self.get(s)))
    }
}

impl FromIterator<TaskStatus> for StatusCounts {
    fn from_iter<I: IntoIterator<Item = TaskStatus>>(iter: I) -> Self {
        let mut counts = Self::default();
        iter.into_iter().for_each(|s| counts.add(s));
        counts
    }
}
