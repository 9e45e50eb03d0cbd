//! `dump` and `load`: moving a workspace between stores through a JSON-lines file (the
//! format of `campaign_ops_pg::dump`), e.g. from a redb file to PostgreSQL.
//!
//! `dump` reads one snapshot of either store and writes `<to>.partial`, then links it to
//! `<to>` (which must not exist: no file is ever overwritten nor left half written under
//! its name). `load` fills an empty PostgreSQL database in one transaction; the library
//! checks the file whole (header, counts, the audit chain) before writing and verifies
//! the chain again after the commit, and this command verifies it once more through the
//! service. Both show progress on a terminal and end with a one-line summary.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use campaign_ops_actions::{DaemonError, Registry};
use campaign_ops_core::Error;
use campaign_ops_pg::dump::DumpCounts;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Db, DumpArgs, LoadArgs};
use crate::failure::Failure;
use crate::open::{Backend, Missing};

/// `dump --db DB --to FILE`.
pub fn dump(args: &DumpArgs) -> Result<(), Failure> {
    let to = &args.to;
    if to.exists() {
        return Err(Failure::Output {
            path: to.clone(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file exists"),
        });
    }
    let backend = Backend::open(&args.db, Missing::Refuse)?;
    let registry = Registry::build().map_err(DaemonError::from)?;
    let actions: Vec<&str> = registry.names().collect();
    let partial = partial_path(to);
    let output = |source| Failure::Output {
        path: partial.clone(),
        source,
    };
    let file = File::create(&partial).map_err(output)?;
    let bar = spinner("dumping");
    let started = Instant::now();
    let mut out = Lines {
        inner: BufWriter::new(file),
        bar: &bar,
    };
    let dumped = campaign_ops_pg::dump::dump(&backend.any(), &actions, &mut out);
    bar.finish_and_clear();
    let counts = match dumped {
        Ok(counts) => counts,
        Err(source) => {
            let _ = std::fs::remove_file(&partial);
            return Err(Failure::Store {
                what: "dump",
                source,
            });
        }
    };
    drop(out);
    // A hard link, not a rename: it fails when `to` appeared meanwhile, never replaces it.
    let linked = std::fs::hard_link(&partial, to);
    let _ = std::fs::remove_file(&partial);
    linked.map_err(|source| Failure::Output {
        path: to.clone(),
        source,
    })?;
    println!(
        "dumped {} records ({}) from {} to {} in {:.1} s; move them with `campaign-ops load --db postgres://… --from {}`",
        total(&counts),
        kinds(&counts),
        args.db.db,
        to.display(),
        started.elapsed().as_secs_f64(),
        to.display()
    );
    Ok(())
}

/// `load --db postgres://… --from FILE`.
pub fn load(args: &LoadArgs) -> Result<(), Failure> {
    if let Db::Redb(_) = args.db.db {
        return Err(Failure::Usage {
            arg: "--db",
            message: "`load` writes into PostgreSQL only".to_owned(),
            hint: "pass `--db postgres://user@host:port/database` of an empty database; a redb \
                   workspace moves as a file (`campaign-ops backup --to COPY`)"
                .to_owned(),
        });
    }
    let input = |source| Failure::Input {
        path: args.from.clone(),
        source,
    };
    let file = File::open(&args.from).map_err(input)?;
    let len = file.metadata().map_err(input)?.len();
    if !file.metadata().map_err(input)?.is_file() {
        return Err(input(std::io::Error::other("not a regular file")));
    }
    let Backend::Pg(store) = Backend::open(&args.db, Missing::Create)? else {
        unreachable!("a postgres:// --db opens a PgStore");
    };
    let bar = ProgressBar::new(len).with_style(
        ProgressStyle::with_template(
            "{spinner} loading {bytes}/{total_bytes} [{wide_bar}] {eta} (then one commit)",
        )
        .expect("a valid template"),
    );
    let started = Instant::now();
    let loaded = store.load(BufReader::new(bar.wrap_read(file)));
    bar.finish_and_clear();
    let counts = loaded.map_err(|source| match source {
        Error::Validation { ref field, .. } if field == "db" => Failure::Refused {
            what: "--db",
            source,
        },
        Error::Validation { .. } => Failure::Refused {
            what: "--from",
            source,
        },
        source => Failure::Store {
            what: "load",
            source,
        },
    })?;
    let chain = Backend::Pg(store)
        .service()
        .verify_audit_chain()
        .map_err(|source| Failure::Store {
            what: "verifying the loaded audit chain",
            source,
        })?;
    if let Some(b) = &chain.first_break {
        return Err(Failure::Store {
            what: "verifying the loaded audit chain",
            source: Error::validation("audit", format!("entry {}: {}", b.seq, b.reason)),
        });
    }
    println!(
        "loaded {} records ({}) from {} into {} in {:.1} s; audit chain verified ({} entries); check it with `campaign-ops doctor --db URL`",
        total(&counts),
        kinds(&counts),
        args.from.display(),
        args.db.db,
        started.elapsed().as_secs_f64(),
        chain.entries
    );
    Ok(())
}

/// `<to>.partial`, beside `to`.
fn partial_path(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_owned();
    name.push(".partial");
    to.with_file_name(name)
}

fn total(c: &DumpCounts) -> u64 {
    c.campaigns
        + c.plans
        + c.calendar_items
        + c.tasks
        + c.metrics
        + c.weekly_summaries
        + c.action_runs
        + c.action_settings
        + c.users
        + c.audit
}

fn kinds(c: &DumpCounts) -> String {
    format!(
        "{} campaigns, {} plans, {} calendar items, {} tasks, {} metrics, {} weekly summaries, \
         {} ledger runs, {} action switches, {} users, {} audit entries",
        c.campaigns,
        c.plans,
        c.calendar_items,
        c.tasks,
        c.metrics,
        c.weekly_summaries,
        c.action_runs,
        c.action_settings,
        c.users,
        c.audit
    )
}

/// A spinner counting records (drawn on a terminal only).
fn spinner(what: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {msg}: {pos} records, {per_sec}")
            .expect("a valid template"),
    );
    bar.set_message(what.to_owned());
    bar
}

/// A writer that ticks `bar` once per line written (a dump writes one record per line).
struct Lines<'a, W: Write> {
    inner: W,
    bar: &'a ProgressBar,
}

impl<W: Write> Write for Lines<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let lines = buf[..n].iter().filter(|&&b| b == b'\n').count();
        if lines > 0 {
            self.bar.inc(lines as u64);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
