//! POST_SOCIAL: an action of the *host application*, registered with `inventory::submit!`
//! from outside the campaign-ops library, beside the built-in campaign handlers and
//! untouched by the `campaign-ops` feature.
//!
//! Every hour it takes the queued posts (planned calendar items of active campaigns whose
//! time has come) and writes each as one JSON line to a local outbox file next to the
//! database (`<db>.outbox.jsonl`); a real host would call the platforms' APIs here. No
//! network.
//!
//! The outbox is outside the store, so it cannot commit with the run ledger: instead each
//! line carries the calendar item id and a post already in the outbox is never written again.
//! A run interrupted after writing and before its ledger record settles therefore re-runs
//! without posting twice. A run killed in the middle of a line leaves a torn last line
//! (no newline): the next run cuts it off and writes that post again, whole.
//! Included by `examples/host_post_social.rs` and the test binary.

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use campaign_ops::actions::{
    ActionContext, ActionError, ActionReport, ActionSpec, Schedule, inventory,
};
use campaign_ops::{CalendarItem, CalendarItemStatus, CampaignStatus, Store};

/// The action's name.
pub const POST_SOCIAL: &str = "POST_SOCIAL";

inventory::submit! {
    ActionSpec::new(POST_SOCIAL, Schedule::hourly(0), run)
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
    let db = ctx.ops().store().path().ok_or_else(|| {
        ActionError::failed("POST_SOCIAL needs a database file: its outbox lives next to it")
    })?;
    let outbox = outbox_path(&db);
    let due = ctx.period().due_at;
    let queued: Vec<CalendarItem> = ctx.ops().store().read(|tx| {
        let mut items = vec![];
        for campaign in tx.campaigns(Some(CampaignStatus::Active))? {
            items.extend(
                tx.calendar_items_for_campaign(campaign.id)?
                    .into_iter()
                    .filter(|i| i.status == CalendarItemStatus::Planned && i.scheduled_at <= due),
            );
        }
        Ok(items)
    })?;
    let (posted, whole) = read_outbox(&outbox)?;
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&outbox)?;
    file.set_len(whole)?;
    file.seek(SeekFrom::End(0))?;
    let mut written = 0;
    for item in queued.iter().filter(|i| !posted.contains(&i.id.0)) {
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
    // Durable before the ledger says the period is done.
    file.sync_all()?;
    Ok(ActionReport::new(format!(
        "{written} posts written to the outbox, {} already there",
        queued.len() - written
    )))
}
