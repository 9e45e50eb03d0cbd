//! Campaign and plan reads: by id, by name, the filtered and counted campaign page, ids by
//! status, a campaign's plans.

use campaign_ops_core::model::*;
use campaign_ops_core::{CampaignPage, CampaignQuery, Result};
use postgres::types::ToSql;

use super::after_id;
use crate::codec::{campaign_status, decode};
use crate::error::corrupt;
use crate::tx::{Tx, id, limit};

/// `text` as a `LIKE` pattern matching it anywhere (`%`, `_` and `\\` escaped): what
/// `strpos(search, text) > 0` matches, in a form the trigram index serves.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The `WHERE` clause and parameters of a campaign page's filters (without the cursor).
fn campaign_filter(query: &CampaignQuery) -> (String, Vec<Box<dyn ToSql + Sync>>) {
    let mut clauses = vec![];
    let mut params: Vec<Box<dyn ToSql + Sync>> = vec![];
    if let Some(s) = query.status {
        params.push(Box::new(campaign_status(s)));
        clauses.push(format!("status = ${}", params.len()));
    }
    if let Some(c) = &query.client {
        params.push(Box::new(c.clone()));
        clauses.push(format!("client_key = ${}", params.len()));
    }
    if let Some(t) = query.text.as_deref().filter(|t| !t.is_empty()) {
        params.push(Box::new(contains_pattern(t)));
        clauses.push(format!("search LIKE ${}", params.len()));
    }
    let clause = if clauses.is_empty() {
        "TRUE".to_owned()
    } else {
        clauses.join(" AND ")
    };
    (clause, params)
}

impl Tx<'_> {
    pub(super) fn workspace(&self) -> Result<String> {
        let row = self.row(
            "reading the workspace id",
            "SELECT value FROM meta WHERE key = 'workspace_id'",
            &[],
        )?;
        row.map(|r| r.get(0))
            .ok_or_else(|| corrupt("meta", "no workspace id"))
    }

    pub(super) fn campaign_by_id(&self, cid: CampaignId) -> Result<Option<Campaign>> {
        self.record(
            "reading a campaign",
            "campaigns",
            "SELECT data FROM campaigns WHERE id = $1",
            &[&id(cid.0)],
        )
    }

    pub(super) fn campaign_named(&self, name: &str) -> Result<Option<CampaignId>> {
        let row = self.row(
            "finding a campaign by name",
            "SELECT id FROM campaigns WHERE name_key = $1",
            &[&Campaign::name_key(name)],
        )?;
        Ok(row.map(|r| CampaignId(r.get::<_, i64>(0) as u64)))
    }

    /// The count of the matches and the page after the cursor in one statement (one round
    /// trip): a one-row count joined with the page, so an empty page still brings the count
    /// (one row, `data` NULL). Without a client or text filter the count is the stored one
    /// (schema v4's `campaign_counts`, by status); with a text filter the matches are
    /// gathered once, for both.
    pub(super) fn campaigns_matching(&self, query: &CampaignQuery) -> Result<CampaignPage> {
        let (clause, mut params) = campaign_filter(query);
        let unfiltered = query.client.is_none() && query.text.as_deref().is_none_or(str::is_empty);
        let count = if unfiltered && self.schema >= 4 {
            format!("SELECT COALESCE(sum(n), 0)::bigint AS n FROM campaign_counts WHERE {clause}")
        } else {
            format!("SELECT count(*) AS n FROM campaigns WHERE {clause}")
        };
        params.push(Box::new(after_id(query.after.map(|c| c.0))));
        let after = params.len();
        // One more than the page: whether a next page exists.
        params.push(Box::new(limit(query.limit).saturating_add(1)));
        let texted = query.text.as_deref().is_some_and(|t| !t.is_empty());
        let sql = if texted {
            // The text filter's matches found once (through the trigram index) and kept: the
            // count and the page both come from them, so no plan runs the `LIKE` row by row
            // along the primary key looking for a page's worth of matches.
            format!(
                "WITH m AS MATERIALIZED (SELECT id FROM campaigns WHERE {clause})
                 SELECT total.n, page.data FROM (SELECT count(*) AS n FROM m) total
                 LEFT JOIN LATERAL (SELECT c.id, c.data FROM campaigns c
                   JOIN (SELECT id FROM m WHERE id > ${after} ORDER BY id LIMIT ${}) p
                   ON p.id = c.id) page ON TRUE
                 ORDER BY page.id",
                after + 1
            )
        } else {
            format!(
                "SELECT total.n, page.data FROM ({count}) total
                 LEFT JOIN LATERAL (SELECT id, data FROM campaigns WHERE {clause} AND id > ${after}
                                    ORDER BY id LIMIT ${}) page ON TRUE
                 ORDER BY page.id",
                after + 1
            )
        };
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| &**p as _).collect();
        let rows = self.rows("reading a campaign page", &sql, &refs)?;
        let total = rows.first().map_or(0, |r| r.get::<_, i64>(0)) as u64;
        let mut items = rows
            .iter()
            .filter_map(|r| r.get::<_, Option<&str>>(1))
            .map(|data| decode::<Campaign>("campaigns", data))
            .collect::<Result<Vec<_>>>()?;
        let more = items.len() > query.limit;
        items.truncate(query.limit);
        let next = if more {
            items.last().map(|c| c.id)
        } else {
            None
        };
        Ok(CampaignPage { items, total, next })
    }

    pub(super) fn campaign_ids_with(
        &self,
        status: CampaignStatus,
        after: Option<CampaignId>,
        n: usize,
    ) -> Result<Vec<CampaignId>> {
        let rows = self.rows(
            "listing campaign ids",
            "SELECT id FROM campaigns WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3",
            &[
                &campaign_status(status),
                &after_id(after.map(|c| c.0)),
                &limit(n),
            ],
        )?;
        Ok(rows
            .iter()
            .map(|r| CampaignId(r.get::<_, i64>(0) as u64))
            .collect())
    }

    pub(super) fn plan_by_id(&self, pid: PlanId) -> Result<Option<CampaignPlan>> {
        self.record(
            "reading a plan",
            "plans",
            "SELECT data FROM plans WHERE id = $1",
            &[&id(pid.0)],
        )
    }

    pub(super) fn plans_of(&self, campaign: CampaignId) -> Result<Vec<CampaignPlan>> {
        self.records(
            "listing plans",
            "plans",
            "SELECT data FROM plans WHERE campaign_id = $1 ORDER BY version, id",
            &[&id(campaign.0)],
        )
    }
}
