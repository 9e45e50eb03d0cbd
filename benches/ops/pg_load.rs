//! The PostgreSQL copy of the data set for the PgStore column (`pg.rs`): a durable
//! loopback server on a data directory cached under
//! `target/bench-data/pg-d<DATA_VERSION>-<scale>-pg<major>-s<schema>/`, holding database
//! `ops_cache` loaded once from the cached redb file; each run works on `ops_run`, a file
//! copy of it (`CREATE DATABASE … TEMPLATE`), dropped at the end, so one run's writes never
//! reach the next.
//!
//! The cache is keyed by what its rows depend on: the generated records
//! ([`dataset::DATA_VERSION`], not the redb layout's [`dataset::VERSION`]: a redb-only change
//! needs no reload), the PostgreSQL major version (a data directory is only good for the
//! server that wrote it) and PgStore's schema version. Its marker also records the
//! manifest's counts, so a data change that forgot its version bump is caught and reloaded.
//!
//! The load ([`PgStore::bulk_load`]): one read snapshot of redb, one PostgreSQL transaction,
//! a binary `COPY` per table (campaigns, plans, calendar items, tasks, metrics, weekly
//! summaries, then the audit log in seq order) streamed campaign by campaign from redb, the
//! secondary indexes built after the rows, the sequences moved past the loaded ids; then the
//! counts checked against the manifest and the audit chain verified.

use std::path::PathBuf;
use std::time::Instant;

use campaign_ops::core::report::WeeklySummary;
use campaign_ops::{
    AuditEntry, CalendarItem, Campaign, CampaignId, CampaignOps, CampaignPlan, FixedClock,
    MetricEntry, OperatorTask, ReadTx, RedbStore, Store, Walk,
};
use campaign_ops_pg::bulk::{BulkLoad, BulkRecord, Copier};
use campaign_ops_pg::testing::TestServer;
use campaign_ops_pg::{PgOptions, PgStore, SCHEMA_VERSION};
use indicatif::{ProgressBar, ProgressStyle};

use crate::dataset::{self, Manifest, Scale, now};
use crate::{BoxResult, target_dir};

/// The cached database every run copies.
const CACHE_DB: &str = "ops_cache";
/// This run's copy.
const RUN_DB: &str = "ops_run";

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

/// The cache directory of `scale` for PostgreSQL `major` (see the module docs for the key).
fn cache_dir(scale: Scale, major: u32) -> PathBuf {
    target_dir().join("bench-data").join(format!(
        "pg-d{}-{}-pg{major}-s{SCHEMA_VERSION}",
        dataset::DATA_VERSION,
        scale.name
    ))
}

/// The counts a loaded cache must hold, as its marker records them.
fn counts_line(m: &Manifest) -> String {
    format!(
        "counts campaigns={} tasks={} items={} metrics={} audit={}",
        m.campaigns, m.tasks, m.items, m.metrics, m.audit
    )
}

fn admin(server: &TestServer) -> BoxResult<postgres::Client> {
    Ok(postgres::Client::connect(server.url(), postgres::NoTls)?)
}

/// The server on the cached data directory and this run's copy; `Ok(None)` when no
/// PostgreSQL is installed. Loads the cache from `redb` first when it is missing, or holds
/// other counts than the manifest's.
pub fn open(scale: Scale, m: &Manifest, redb: &RedbStore) -> BoxResult<Option<PgSide>> {
    let Some(major) = TestServer::installed_major() else {
        return Ok(None);
    };
    let dir = cache_dir(scale, major);
    let marker = dir.join("loaded.txt");
    let cached = std::fs::read_to_string(&marker).ok();
    let cached = match cached {
        Some(text) if text.lines().any(|l| l == counts_line(m)) => Some(text),
        Some(_) => {
            eprintln!(
                "the PostgreSQL cache at {} holds other counts than the data set: loading it \
                 again (bump dataset::DATA_VERSION when the generated records change)",
                dir.display()
            );
            std::fs::remove_dir_all(&dir)?;
            None
        }
        // A load that did not finish: start over.
        None if dir.exists() => {
            std::fs::remove_dir_all(&dir)?;
            None
        }
        None => None,
    };
    let Some(server) = TestServer::start_on(&dir.join("data")) else {
        return Ok(None);
    };
    let origin = match cached {
        Some(text) => format!(
            "cached ({})",
            text.lines().next().unwrap_or_default().trim()
        ),
        None => {
            eprintln!(
                "loading the {} data set into PostgreSQL {major} at {} (once; later runs reuse it)",
                scale.name,
                dir.display()
            );
            let mut client = admin(&server)?;
            client.batch_execute(&format!("DROP DATABASE IF EXISTS {CACHE_DB}"))?;
            client.batch_execute(&format!("CREATE DATABASE {CACHE_DB}"))?;
            let url = server.url_of(CACHE_DB);
            let cache = PgStore::connect_with(&url, PgOptions::default())?;
            let text = load(redb, &cache, &url, m)?;
            drop(cache);
            std::fs::write(&marker, format!("{text}\n{}\n", counts_line(m)))?;
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

/// One table's `COPY`, with progress.
fn copy<T: BulkRecord>(
    bulk: &mut BulkLoad<'_>,
    bar: &ProgressBar,
    table: &'static str,
    fill: impl FnOnce(&mut dyn FnMut(&T) -> campaign_ops::Result<()>) -> campaign_ops::Result<()>,
) -> campaign_ops::Result<u64> {
    bar.set_message(table);
    bulk.copy(|w: &mut Copier<'_, T>| {
        fill(&mut |record: &T| {
            w.put(record)?;
            bar.inc(1);
            Ok(())
        })
    })
}

/// Copies every record of `redb` into the empty `pg` in one bulk load (see the module
/// docs), with progress, checks the counts against the manifest and verifies the audit
/// chain; the marker's text: how long it took.
fn load(redb: &RedbStore, pg: &PgStore, url: &str, m: &Manifest) -> BoxResult<String> {
    let t = Instant::now();
    // Plans (one a campaign) and weekly summaries are not in the manifest: the bar's
    // length grows by them as they come.
    let bar = ProgressBar::new(m.campaigns * 2 + m.items + m.tasks + m.metrics + m.audit)
        .with_style(ProgressStyle::with_template(
            "  postgres {bar:40} {pos}/{len} records ({msg}) {elapsed} (eta {eta})",
        )?);
    let mut copy_secs = 0.0;
    let copied: Vec<(&str, u64)> = redb.read(|rtx| {
        let mut campaigns: Vec<Campaign> = vec![];
        rtx.each_campaign(&mut |c| {
            campaigns.push(c);
            Ok(())
        })?;
        let campaigns = &campaigns;
        pg.bulk_load(|bulk| {
            let fill = Instant::now();
            let out = copy_tables(rtx, bulk, &bar, campaigns);
            copy_secs = fill.elapsed().as_secs_f64();
            out
        })
    })?;
    bar.finish_and_clear();
    let load_secs = t.elapsed().as_secs_f64();
    // The counts: every record made it.
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
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
    let chain = CampaignOps::new(pg.clone(), FixedClock::new(now())).verify_audit_chain()?;
    if !chain.is_intact() {
        return Err(format!("PostgreSQL copy: the audit chain does not verify: {chain:?}").into());
    }
    let rows: u64 = copied.iter().map(|(_, n)| n).sum();
    let per_table: Vec<String> = copied.iter().map(|(t, n)| format!("{n} {t}")).collect();
    let text = format!(
        "loaded in {load_secs:.0} s by bulk COPY: {rows} rows in {copy_secs:.0} s, indexes \
         and statistics {:.0} s",
        load_secs - copy_secs
    );
    eprintln!(
        "  postgres: {text} ({}); counts match the manifest, audit chain intact",
        per_table.join(", ")
    );
    Ok(text)
}

/// The tables' `COPY`s, from one redb snapshot: each table's records walked campaign by
/// campaign ([`Walk`]), the audit log in seq order.
fn copy_tables(
    rtx: &dyn ReadTx,
    bulk: &mut BulkLoad<'_>,
    bar: &ProgressBar,
    campaigns: &[Campaign],
) -> campaign_ops::Result<Vec<(&'static str, u64)>> {
    // Each campaign's records of one kind, through `walk(campaign, each)`.
    fn per_campaign<T>(
        campaigns: &[Campaign],
        put: &mut dyn FnMut(&T) -> campaign_ops::Result<()>,
        walk: impl Fn(
            CampaignId,
            &mut dyn FnMut(T) -> campaign_ops::Result<()>,
        ) -> campaign_ops::Result<u64>,
    ) -> campaign_ops::Result<()> {
        campaigns
            .iter()
            .try_for_each(|c| walk(c.id, &mut |record| put(&record)).map(drop))
    }
    Ok(vec![
        (
            "campaigns",
            copy::<Campaign>(bulk, bar, "campaigns", |put| {
                campaigns.iter().try_for_each(put)
            })?,
        ),
        (
            "plans",
            copy::<CampaignPlan>(bulk, bar, "plans", |put| {
                campaigns.iter().try_for_each(|c| {
                    let plans = rtx.plans_for_campaign(c.id)?;
                    bar.inc_length(plans.len() as u64);
                    bar.dec_length(1);
                    plans.iter().try_for_each(&mut *put)
                })
            })?,
        ),
        (
            "calendar items",
            copy::<CalendarItem>(bulk, bar, "calendar items", |put| {
                per_campaign(campaigns, put, |id, each| rtx.each_calendar_item(id, each))
            })?,
        ),
        (
            "tasks",
            copy::<OperatorTask>(bulk, bar, "tasks", |put| {
                per_campaign(campaigns, put, |id, each| rtx.each_task(id, each))
            })?,
        ),
        (
            "metrics",
            copy::<MetricEntry>(bulk, bar, "metrics", |put| {
                per_campaign(campaigns, put, |id, each| rtx.each_metric(id, each))
            })?,
        ),
        (
            "weekly summaries",
            copy::<WeeklySummary>(bulk, bar, "weekly summaries", |put| {
                per_campaign(campaigns, put, |id, each| {
                    rtx.each_weekly_summary(id, &mut |s| {
                        bar.inc_length(1);
                        each(s)
                    })
                })
            })?,
        ),
        (
            "audit entries",
            copy::<AuditEntry>(bulk, bar, "audit", |put| {
                rtx.each_audit_entry(&mut |e| put(&e)).map(drop)
            })?,
        ),
    ])
}
