//! Building the data set: the `campaign-ops-loadgen` generator at the bench's [`now`]
//! writes every record through `Store::write` and the `WriteTx::put_*` calls (so every
//! index is kept exactly as in production); each committed chunk's rows are then INSERTed
//! into SQLite.

use std::path::Path;
use std::time::{Duration, Instant};

use campaign_ops::RedbStore;

pub use campaign_ops_loadgen::Batch;

use crate::dataset::{Manifest, Scale, now};
use crate::sql::Sql;

/// Writes the data set of `scale` to `redb_path` and `sqlite_path` (both must not exist).
pub fn generate(
    scale: Scale,
    redb_path: &Path,
    sqlite_path: &Path,
) -> campaign_ops::Result<Manifest> {
    let started = Instant::now();
    let store = RedbStore::open(redb_path)?;
    let mut sql = Sql::create(sqlite_path).expect("creating the SQLite file");
    let mut sql_time = Duration::ZERO;
    let mut chunks = 0;

    let t = Instant::now();
    let written = campaign_ops_loadgen::write(&store, scale, now(), |batch, so_far| {
        let t = Instant::now();
        sql.insert_batch(batch).expect("SQLite insert");
        sql_time += t.elapsed();
        // The first batch is the campaigns'; then one per chunk of tasks.
        if batch.tasks.is_empty() {
            return;
        }
        chunks += 1;
        if chunks % 10 == 0 {
            eprintln!(
                "  generated {} of {} tasks ({:.0} s)",
                so_far.tasks,
                so_far.tasks_total,
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    drop(store);
    // What the writes took (building the records included), without the SQLite inserts.
    let redb_time = t.elapsed() - sql_time;
    let t = Instant::now();
    sql.close().expect("closing SQLite");
    sql_time += t.elapsed();
    Ok(Manifest {
        scale: scale.name.to_owned(),
        campaigns: written.campaigns,
        tasks: written.tasks,
        items: written.items,
        metrics: written.metrics,
        audit: written.audit,
        redb_secs: redb_time.as_secs_f64(),
        sqlite_secs: sql_time.as_secs_f64(),
        total_secs: started.elapsed().as_secs_f64(),
        peak_rss_mib: crate::harness::peak_rss_mib(),
    })
}
