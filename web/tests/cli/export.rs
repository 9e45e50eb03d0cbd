//! `campaign-ops export ics|csv|json`: the same bytes as core's export functions, to stdout
//! or to a file, on redb and on PostgreSQL.

use campaign_ops_core::service::ExportFormat;
use campaign_ops_core::{CampaignId, CampaignOps, CampaignQuery, ReadTx, Store, SystemClock};
use campaign_ops_store::RedbStore;

use super::common::*;

/// Core's exports of the first campaign of `store`: (id, ics, tasks csv, tasks json,
/// metrics csv).
fn expected<S: Store>(store: S) -> (CampaignId, [String; 4]) {
    let id = store
        .read(|tx: &dyn ReadTx| Ok(tx.campaign_page(&CampaignQuery::first(1))?.items[0].id))
        .expect("a campaign");
    let ops = CampaignOps::new(store, SystemClock);
    (
        id,
        [
            ops.export_ics(id).expect("ics"),
            ops.export_tasks(id, ExportFormat::Csv).expect("csv"),
            ops.export_tasks(id, ExportFormat::Json).expect("json"),
            ops.export_metrics(id, ExportFormat::Csv)
                .expect("metrics csv"),
        ],
    )
}

/// `text` without its DTSTAMP lines (the time of the export, by the system clock).
fn unstamped(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("DTSTAMP:"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_exports(db: &str, id: CampaignId, want: &[String; 4], dir: &std::path::Path) {
    let id = id.0.to_string();
    for (args, want) in [
        (vec!["ics"], &want[0]),
        (vec!["csv"], &want[1]),
        (vec!["json", "--records", "tasks"], &want[2]),
        (vec!["csv", "--records", "metrics"], &want[3]),
    ] {
        let mut full = vec!["export"];
        full.extend(&args);
        full.extend(["--db", db, "--campaign", &id]);
        let out = run(&full);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        assert_eq!(
            unstamped(&String::from_utf8_lossy(&out.stdout)),
            unstamped(want),
            "{args:?} on {db}"
        );
    }
    assert!(want[0].starts_with("BEGIN:VCALENDAR"), "{}", want[0]);
    assert!(want[3].lines().count() > 1, "metrics exported: {}", want[3]);

    let to = dir.join("calendar.ics");
    let out = run(&[
        "export",
        "ics",
        "--db",
        db,
        "--campaign",
        &id,
        "--to",
        s(&to),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("exported campaign"));
    assert_eq!(
        unstamped(&std::fs::read_to_string(&to).expect("written")),
        unstamped(&want[0])
    );
    // Again onto the same file: replaced, not appended to.
    let out = run(&[
        "export",
        "ics",
        "--db",
        db,
        "--campaign",
        &id,
        "--to",
        s(&to),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        unstamped(&std::fs::read_to_string(&to).expect("written")),
        unstamped(&want[0])
    );
}

#[test]
fn export_writes_cores_files_from_redb_and_postgres() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let redb = dir.path().join("team.redb");
    redb_workspace(&redb);
    let (id, want) = expected(RedbStore::open(&redb).expect("opened"));
    check_exports(s(&redb), id, &want, dir.path());

    let Some(server) = server() else { return };
    let url = fresh_db(&server);
    let file = dir.path().join("team.jsonl");
    let out = run(&["dump", "--db", s(&redb), "--to", s(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["load", "--db", &url, "--from", s(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    let (pg_id, pg_want) = expected(campaign_ops_pg::PgStore::connect(&url).expect("connected"));
    assert_eq!(pg_id, id);
    for (a, b) in pg_want.iter().zip(&want) {
        assert_eq!(
            unstamped(a),
            unstamped(b),
            "the moved workspace exports the same files"
        );
    }
    check_exports(&url, id, &want, dir.path());
}
