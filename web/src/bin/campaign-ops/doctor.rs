//! `doctor`: the health report on stdout, exit code 4 when a check failed.
//!
//! On redb it is the store's own [`RedbStore::doctor`] (with index consistency, orphans and
//! counts). On PostgreSQL the database itself keeps indexes and foreign data consistent, so
//! the checks are the ones that do not rest on it: the schema version, the registered
//! actions, each action's last run and failures, and the audit chain.

use campaign_ops_actions::{DaemonError, Registry};
use campaign_ops_core::model::RunStatus;
use campaign_ops_core::{ReadTx, Store};
use campaign_ops_pg::PgStore;
use campaign_ops_store::doctor::RECENT_RUNS;
use campaign_ops_store::{DoctorCheck, RegisteredActions};

use crate::cli::DbArgs;
use crate::failure::Failure;
use crate::open::{Backend, Missing};

/// Runs the checks on `args.db` and prints the report.
pub fn run(args: &DbArgs) -> Result<(), Failure> {
    let backend = Backend::open(args, Missing::Create)?;
    let registered = registered()?;
    let store_failed = |source| Failure::Store {
        what: "doctor",
        source,
    };
    let problems = match &backend {
        Backend::Redb(store) => {
            let report = store.doctor(&registered).map_err(store_failed)?;
            println!("{report}");
            report.problems().count()
        }
        Backend::Pg(store) => {
            let checks = pg_checks(store, &backend, &registered).map_err(store_failed)?;
            print_checks(&args.db.to_string(), &checks);
            checks.iter().filter(|c| !c.ok).count()
        }
    };
    match problems {
        0 => Ok(()),
        n => Err(Failure::Unhealthy(n)),
    }
}

/// What this binary registers.
fn registered() -> Result<RegisteredActions, Failure> {
    let registry = Registry::build().map_err(DaemonError::from)?;
    Ok(RegisteredActions {
        actions: registry
            .names()
            .map(|n| (n.to_owned(), registry.is_enabled(n)))
            .collect(),
        campaign_handlers: campaign_ops_actions::CAMPAIGN_ACTIONS
            .iter()
            .all(|a| registry.get(a).is_some()),
    })
}

fn check(name: &str, ok: bool, details: Vec<String>) -> DoctorCheck {
    DoctorCheck {
        name: name.to_owned(),
        ok,
        details,
    }
}

/// The PostgreSQL checks (see the module docs).
fn pg_checks(
    store: &PgStore,
    backend: &Backend,
    registered: &RegisteredActions,
) -> campaign_ops_core::Result<Vec<DoctorCheck>> {
    let mut checks = Vec::new();
    let version = store.schema_version()?;
    checks.push(check(
        "schema version",
        version == campaign_ops_pg::SCHEMA_VERSION,
        vec![format!(
            "{version} (this build expects {})",
            campaign_ops_pg::SCHEMA_VERSION
        )],
    ));

    let names: Vec<String> = registered
        .actions
        .iter()
        .map(|(n, on)| {
            if *on {
                n.clone()
            } else {
                format!("{n} (disabled)")
            }
        })
        .collect();
    let handlers = if registered.campaign_handlers {
        "campaign handlers compiled in (feature campaign-ops)"
    } else {
        "campaign handlers NOT compiled in: build with the feature `campaign-ops`"
    };
    checks.push(check(
        "registered actions",
        registered.campaign_handlers && !names.is_empty(),
        vec![
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            },
            handlers.to_owned(),
        ],
    ));

    for (name, _) in &registered.actions {
        let (recent, open) = store.read(|tx: &dyn ReadTx| {
            Ok((
                tx.action_runs(name, None, true, RECENT_RUNS)?,
                tx.open_action_runs(name, RECENT_RUNS)?,
            ))
        })?;
        let failed = recent
            .iter()
            .filter(|r| r.status == RunStatus::Failed)
            .count();
        let last = match recent.first() {
            Some(run) => format!(
                "last run {} {:?} at {}{}",
                run.period,
                run.status,
                run.finished_at
                    .unwrap_or(run.last_attempt_at)
                    .format("%Y-%m-%d %H:%M UTC"),
                match (&run.last_error, run.status) {
                    (Some(e), s) if s != RunStatus::Succeeded => format!(": {e}"),
                    _ => String::new(),
                }
            ),
            None => "never run".to_owned(),
        };
        let last_failed = recent
            .first()
            .is_some_and(|r| matches!(r.status, RunStatus::Failed | RunStatus::Retrying));
        checks.push(check(
            &format!("action {name}"),
            !last_failed,
            vec![
                last,
                format!(
                    "{failed} failed of the last {} runs, {} open",
                    recent.len(),
                    open.len()
                ),
            ],
        ));
    }

    let chain = backend.service().verify_audit_chain()?;
    checks.push(match &chain.first_break {
        None => check(
            "audit chain",
            true,
            vec![format!("{} entries verify", chain.entries)],
        ),
        Some(b) => check(
            "audit chain",
            false,
            vec![format!(
                "entry {}: {} ({} entries before it verify)",
                b.seq, b.reason, chain.entries
            )],
        ),
    });
    Ok(checks)
}

/// The report in the layout of the redb report.
fn print_checks(db: &str, checks: &[DoctorCheck]) {
    println!("campaign-ops doctor: {db}");
    for c in checks {
        let mark = if c.ok { "ok  " } else { "FAIL" };
        match c.details.split_first() {
            None => println!("  {mark}  {}", c.name),
            Some((first, rest)) => {
                println!("  {mark}  {}: {first}", c.name);
                for d in rest {
                    println!("          {d}");
                }
            }
        }
    }
    let problems = checks.iter().filter(|c| !c.ok).count();
    println!(
        "{} checks, {}",
        checks.len(),
        match problems {
            0 => "all ok".to_owned(),
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        }
    );
}
