//! `doctor`: the health report on stdout, exit code 4 when a check failed.
//!
//! On redb it is the store's own [`RedbStore::doctor`] (with index consistency, orphans and
//! counts). On PostgreSQL the database itself keeps indexes and foreign data consistent, so
//! the checks are the ones that do not rest on it: the schema version, the registered
//! actions, each action's last run and failures, and the audit chain.

use campaign_ops_actions::{DaemonError, Registry};
use campaign_ops_pg::PgStore;
use campaign_ops_store::{DoctorCheck, DoctorChecks, RegisteredActions, action_checks};

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
            let database = args.db.to_string();
            println!(
                "{}",
                DoctorChecks {
                    database: &database,
                    checks: &checks,
                }
            );
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

    checks.extend(action_checks(store, registered)?);

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
