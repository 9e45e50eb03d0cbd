//! The PostgreSQL copy of the data set for the PgStore column (`pg.rs`): a durable
//! loopback server on a data directory cached under
//! `target/bench-data/v<VERSION>-<scale>-pg<major>/`, holding database `ops_cache` loaded once
//! from the cached redb file; each run works on `ops_run`, a file copy of it
//! (`CREATE DATABASE … TEMPLATE`), dropped at the end, so one run's writes never reach the
//! next.
//!
//! Why a cached data directory: loading the full data set (1M tasks, 2M metrics) through
//! PgStore's own writes (every queried column and index kept exactly as in production)
//! takes minutes on this machine; a template copy takes seconds.
//!
//! The load streams: one read snapshot of redb, campaign by campaign (its plans, calendar
//! items, tasks, metrics and weekly summaries), written through `WriteTx::put_*` in one
//! PostgreSQL transaction per batch of campaigns, then the audit log in seq order, then the
//! id sequences moved past the loaded ids and `VACUUM ANALYZE` (planner statistics and the
//! visibility map that index-only counts need).

use std::path::PathBuf;
use std::time::Instant;

use campaign_ops::{CampaignId, CampaignQuery, RedbStore, Store};
use campaign_ops_pg::testing::TestServer;
use campaign_ops_pg::{PgOptions, PgStore};
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use crate::dataset::{self, Manifest, Scale};
use crate::{BoxResult, target_dir};

/// The cached database every run copies.
const CACHE_DB: &str = "ops_cache";
/// This run's copy.
const RUN_DB: &str = "ops_run";
/// Campaigns per load transaction.
const BATCH: usize = 50;
const PAGE: usize = 1000;

/// The loopback server with this run's copy of the data set.
pub struct PgSide {
    /// The server (stopped on drop, after the store).
    pub server: TestServer,
    /// PgStore on `ops_run`.
    pub store: PgStore,
    /// How the copy was had: "loaded this run in …" or "cached (loaded in …)".
    pub origin: String,
    /// Seconds to copy the cached database for this run.
    pub copy_secs: f64,
}

impl PgSide {
    /// Drops this run's copy (the cached database stays).
    pub fn finish(self) -> BoxResult<()> {
        let PgSide { server, store, .. } = self;
        drop(store);
        admin(&server)?.batch_execute(&format!("DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)"))?;
        Ok(())
    }
}

/// The cache directory of `scale` for PostgreSQL `major`.
fn cache_dir(scale: Scale, major: u32) -> PathBuf {
    target_dir()
        .join("bench-data")
        .join(format!("v{}-{}-pg{major}", dataset::VERSION, scale.name))
}

fn admin(server: &TestServer) -> BoxResult<postgres::Client> {
    Ok(postgres::Client::connect(server.url(), postgres::NoTls)?)
}

/// The server on the cached data directory and this run's copy; `Ok(None)` when no
/// PostgreSQL is installed. Loads the cache from `redb` first when it is missing.
pub fn open(scale: Scale, m: &Manifest, redb: &RedbStore) -> BoxResult<Option<PgSide>> {
    let Some(major) = TestServer::installed_major() else {
        return Ok(None);
    };
    let dir = cache_dir(scale, major);
    let marker = dir.join("loaded.txt");
    let cached = std::fs::read_to_string(&marker).ok();
    if cached.is_none() && dir.exists() {
        // A load that did not finish: start over.
        std::fs::remove_dir_all(&dir)?;
    }
    let Some(server) = TestServer::start_on(&dir.join("data")) else {
        return Ok(None);
    };
    let origin = match cached {
        Some(text) => format!("cached ({})", text.trim()),
        None => {
            eprintln!(
                "loading the {} data set into PostgreSQL {major} at {} (once; later runs reuse it)",
                scale.name,
                dir.display()
            );
            let mut client = admin(&server)?;
            client.batch_execute(&format!("DROP DATABASE IF EXISTS {CACHE_DB}"))?;
            client.batch_execute(&format!("CREATE DATABASE {CACHE_DB}"))?;
            let t = Instant::now();
            let url = server.url_of(CACHE_DB);
            let cache = PgStore::connect_with(&url, PgOptions::default())?;
            copy_data_set(redb, &cache, &url, m)?;
            drop(cache);
            let text = format!(
                "loaded in {:.0} s through PgStore's writes",
                t.elapsed().as_secs_f64()
            );
            std::fs::write(&marker, format!("{text}\n"))?;
            format!("loaded this run ({text})")
        }
    };
    let t = Instant::now();
    let mut client = admin(&server)?;
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)"))?;
    // FILE_COPY: the files copied at once, after a checkpoint (WAL_LOG, the default, would
    // write the whole database through the WAL).
    client.batch_execute(&format!(
        "CREATE DATABASE {RUN_DB} TEMPLATE {CACHE_DB} STRATEGY FILE_COPY"
    ))?;
    let copy_secs = t.elapsed().as_secs_f64();
    let store = PgStore::connect_with(
        &server.url_of(RUN_DB),
        PgOptions::default().with_max_connections(16),
    )?;
    Ok(Some(PgSide {
        server,
        store,
        origin,
        copy_secs,
    }))
}

const MIN: DateTime<Utc> = DateTime::<Utc>::MIN_UTC;
const MAX: DateTime<Utc> = DateTime::<Utc>::MAX_UTC;

/// Copies every record of `redb` into the empty `pg` (see the module docs), with progress,
/// and checks the counts against the manifest.
fn copy_data_set(redb: &RedbStore, pg: &PgStore, url: &str, m: &Manifest) -> BoxResult<()> {
    let bar = ProgressBar::new(m.campaigns).with_style(ProgressStyle::with_template(
        "  postgres {bar:40} {pos}/{len} campaigns {elapsed} (eta {eta})",
    )?);
    redb.read(|tx| {
        let mut after: Option<CampaignId> = None;
        loop {
            let mut q = CampaignQuery::first(BATCH);
            q.after = after;
            let page = tx.campaign_page(&q)?;
            pg.write(|w| {
                for c in &page.items {
                    w.put_campaign(c)?;
                    for p in tx.plans_for_campaign(c.id)? {
                        w.put_plan(&p)?;
                    }
                    let mut at = None;
                    loop {
                        let items = tx.calendar_items(c.id, MIN, MAX, at, PAGE)?;
                        at = items.last().map(|i| (i.scheduled_at, i.id));
                        for i in &items {
                            w.put_calendar_item(i)?;
                        }
                        if items.len() < PAGE {
                            break;
                        }
                    }
                    let mut at = None;
                    loop {
                        let page = tx.tasks_page(c.id, at, PAGE)?;
                        at = page.last().map(|t| t.id);
                        for t in &page {
                            w.put_task(t)?;
                        }
                        if page.len() < PAGE {
                            break;
                        }
                    }
                    let mut at = None;
                    loop {
                        let page = tx.metrics_page(c.id, at, PAGE)?;
                        at = page.last().map(|x| x.id);
                        for x in &page {
                            w.put_metric(x)?;
                        }
                        if page.len() < PAGE {
                            break;
                        }
                    }
                    let mut at = None;
                    loop {
                        let page = tx.weekly_summaries(c.id, at, PAGE)?;
                        at = page.last().map(|s| s.week);
                        for s in &page {
                            w.put_weekly_summary(s)?;
                        }
                        if page.len() < PAGE {
                            break;
                        }
                    }
                }
                Ok(())
            })?;
            bar.inc(page.items.len() as u64);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        bar.finish();
        let mut seq = None;
        loop {
            let entries = tx.audit_entries(seq, PAGE)?;
            seq = entries.last().map(|e| e.seq);
            pg.write(|w| entries.iter().try_for_each(|e| w.append_audit(e)))?;
            if entries.len() < PAGE {
                break;
            }
        }
        Ok(())
    })?;
    pg.advance_sequences()?;
    eprintln!("  postgres: VACUUM ANALYZE");
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute("VACUUM ANALYZE")?;
    // The counts: every record made it.
    for (table, want) in [
        ("campaigns", m.campaigns),
        ("tasks", m.tasks),
        ("calendar_items", m.items),
        ("metrics", m.metrics),
        ("audit", m.audit),
    ] {
        let got: i64 = client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .get(0);
        if got as u64 != want {
            return Err(format!("PostgreSQL copy: {got} {table}, the data set has {want}").into());
        }
    }
    eprintln!("  postgres: every record loaded and counted");
    Ok(())
}
