//! POST_SOCIAL: an action of the *host application*, registered with `inventory::submit!`
//! from outside the campaign-ops library, beside the built-in campaign handlers and
//! untouched by the `campaign-ops` feature.
//!
//! Every hour it takes the queued posts (planned calendar items of active campaigns whose
//! time has come, at most [`PostSocialConfig::lookback`] ago) and writes each as one JSON
//! line to a local outbox file (by default next to the database, `<db>.outbox.jsonl`); a
//! real host would call the platforms' APIs here. No network.
//!
//! The handler is a plain function (so `inventory` can collect it): it finds its settings,
//! a [`PostSocialConfig`], in the daemon's state map, where the host put it with
//! `Daemon::with_state`. It reads the queue with the store's `planned_items_due`, a page at
//! a time, so an hour's run reads that window's posts, not every campaign's calendar.
//!
//! The outbox is outside the store, so it cannot commit with the run ledger: instead each
//! line carries the calendar item id and a post already in the outbox is never written again.
//! A run interrupted after writing and before its ledger record settles therefore re-runs
//! without posting twice. A run killed in the middle of a line leaves a torn last line
//! (no newline): the next run cuts it off and writes that post again, whole.
//! Included by `examples/host_post_social.rs` and the test binary.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use campaign_ops::actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Schedule, inventory,
};
use campaign_ops::{CalendarItem, CalendarItemId, CampaignStatus, ReadTx, Store};
use chrono::{DateTime, Duration, Utc};

/// The action's name.
pub const POST_SOCIAL: &str = "POST_SOCIAL";

inventory::submit! {
    ActionSpec::new(POST_SOCIAL, Schedule::hourly(0), run)
}

/// POST_SOCIAL's settings: the host hands them to the daemon with
/// `Daemon::with_state(PostSocialConfig::new(outbox))`.
#[derive(Debug, Clone)]
pub struct PostSocialConfig {
    /// The outbox file.
    pub outbox: PathBuf,
    /// How long a post stays worth posting after its time: one still queued (the daemon was
    /// down, or the item was planned late) is posted if its time is at most this long
    /// before the run's hour, and passed over for good after that. Default 7 days.
    pub lookback: Duration,
    /// Calendar items read per query. Default 200.
    pub page: usize,
}

impl PostSocialConfig {
    /// Posts to `outbox`, the default lookback and page.
    pub fn new(outbox: impl Into<PathBuf>) -> Self {
        Self {
            outbox: outbox.into(),
            lookback: Duration::days(7),
            page: 200,
        }
    }
}

/// The outbox of the database at `db`: `<db without extension>.outbox.jsonl`.
pub fn outbox_path(db: &Path) -> PathBuf {
    db.with_extension("outbox.jsonl")
}

/// The calendar item ids already in the outbox at `path` (none when it does not exist).
pub fn posted_items(path: &Path) -> std::io::Result<BTreeSet<u64>> {
    Ok(read_outbox(path)?.0)
}

/// The posted ids of the outbox's whole lines, and the length of those lines: what follows
/// is a line torn by a crash mid-write.
fn read_outbox(path: &Path) -> std::io::Result<(BTreeSet<u64>, u64)> {
    let mut text = String::new();
    match File::open(path) {
        Ok(mut file) => file.read_to_string(&mut text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
        Err(e) => return Err(e),
    };
    let whole = text.rfind('\n').map_or(0, |i| i + 1);
    let mut ids = BTreeSet::new();
    for line in text[..whole].lines() {
        let value: serde_json::Value = serde_json::from_str(line).map_err(std::io::Error::other)?;
        if let Some(id) = value.get("item").and_then(serde_json::Value::as_u64) {
            ids.insert(id);
        }
    }
    Ok((ids, whole as u64))
}

fn run(ctx: &ActionContext<'_>) -> Result<ActionReport, ActionError> {
    let config = ctx.require_state::<PostSocialConfig>()?;
    if config.page == 0 {
        return Err(ActionError::failed(
            "PostSocialConfig::page must be at least 1",
        ));
    }
    let due = ctx.period().due_at;
    // Queued: planned items with `due - lookback <= scheduled_at <= due`.
    let from = due
        .checked_sub_signed(config.lookback)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let until = due + Duration::nanoseconds(1);
    let (posted, whole) = read_outbox(&config.outbox)?;
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&config.outbox)?;
    file.set_len(whole)?;
    file.seek(SeekFrom::End(0))?;
    let (mut written, mut already) = (0, 0);
    let mut after = None;
    loop {
        let (queued, next) = ctx
            .ops()
            .store()
            .read(|tx| queued_page(tx, from, until, after, config.page))?;
        for item in &queued {
            if posted.contains(&item.id.0) {
                already += 1;
                continue;
            }
            let line = serde_json::json!({
                "period": ctx.period().label,
                "item": item.id.0,
                "campaign": item.campaign_id.0,
                "platform": item.platform,
                "scheduled_at": item.scheduled_at,
                "title": item.title,
                "copy": item.copy,
            });
            writeln!(file, "{line}")?;
            written += 1;
        }
        match next {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    // Durable before the ledger says the period is done.
    file.sync_all()?;
    Ok(ActionReport::new(format!(
        "{written} posts written to the outbox, {already} already there"
    )))
}

/// Where a page of `planned_items_due` ends: the last item's `(scheduled_at, id)`.
type Cursor = (DateTime<Utc>, CalendarItemId);

/// One page of planned items in `[from, until)` after the cursor, those of active campaigns
/// only (each campaign looked up once per page), and the cursor of the next page (`None`
/// after the last).
fn queued_page(
    tx: &dyn ReadTx,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    after: Option<Cursor>,
    page: usize,
) -> campaign_ops::Result<(Vec<CalendarItem>, Option<Cursor>)> {
    let items = tx.planned_items_due(from, until, after, page)?;
    let next = (items.len() == page)
        .then(|| items.last().map(|i| (i.scheduled_at, i.id)))
        .flatten();
    let mut active = BTreeMap::new();
    let mut queued = Vec::with_capacity(items.len());
    for item in items {
        let is_active = match active.get(&item.campaign_id) {
            Some(&known) => known,
            None => {
                let known = tx
                    .campaign(item.campaign_id)?
                    .is_some_and(|c| c.status == CampaignStatus::Active);
                active.insert(item.campaign_id, known);
                known
            }
        };
        if is_active {
            queued.push(item);
        }
    }
    Ok((queued, next))
}
