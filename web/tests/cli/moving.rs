//! Moving a workspace from redb to PostgreSQL through the binary: dump → load → dump again
//! gives the same bytes; the moved database passes `doctor` and serves `user list`; a
//! second load into it is refused and changes nothing.

use super::common::*;

#[test]
fn redb_dump_load_into_postgres_dump_again_is_byte_identical() {
    let Some(server) = server() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let redb = dir.path().join("team.redb");
    redb_workspace(&redb);
    let url = fresh_db(&server);

    let file = dir.path().join("team.jsonl");
    let out = run(&["dump", "--db", s(&redb), "--to", s(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.starts_with("dumped "), "{summary}");
    assert!(summary.contains("2 campaigns"), "{summary}");
    assert_eq!(summary.lines().count(), 1, "a one-line summary: {summary}");
    let first = std::fs::read(&file).expect("the dump");
    // A dump never replaces a file.
    let again = run(&["dump", "--db", s(&redb), "--to", s(&file)]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(
        text(&again).contains("does not exist yet"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read(&file).expect("the dump"), first);

    let out = run(&["load", "--db", &url, "--from", s(&file)]);
    assert!(out.status.success(), "{}", text(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.starts_with("loaded "), "{summary}");
    assert!(summary.contains("audit chain verified"), "{summary}");

    let moved = dump_bytes(&url, dir.path());
    assert_eq!(
        String::from_utf8_lossy(&moved),
        String::from_utf8_lossy(&first),
        "the same records, byte for byte"
    );
    let text_of = String::from_utf8_lossy(&first);
    assert!(text_of.contains(r#"{"audit":"#), "the audit chain moved");
    assert!(text_of.contains(r#"{"user":"#), "the users moved");
    assert!(text_of.contains(r#"{"action_run":"#), "the ledger moved");

    let out = run(&["doctor", "--db", &url]);
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("ok    audit chain"), "{report}");
    assert!(report.contains("all ok"), "{report}");

    let out = run(&["user", "list", "--db", &url]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("ada"),
        "{}",
        text(&out)
    );

    // Loading again into the now non-empty database is refused, and changes nothing.
    let out = run(&["load", "--db", &url, "--from", s(&file)]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out));
    assert!(text(&out).contains("already holds"), "{}", text(&out));
    assert!(
        text(&out).contains("hint: load into an empty database"),
        "{}",
        text(&out)
    );
    assert_eq!(dump_bytes(&url, dir.path()), first, "nothing changed");
}

#[test]
fn doctor_on_postgres_names_a_tampered_audit_entry_and_exits_4() {
    let Some(server) = server() else { return };
    let url = fresh_db(&server);
    let store = campaign_ops_pg::PgStore::connect(&url).expect("connected");
    fill(store);
    let out = run(&["doctor", "--db", &url]);
    assert!(out.status.success(), "{}", text(&out));

    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connected");
    // The second entry's actor edited in place, as someone with SQL access could.
    let changed = client
        .execute(
            "UPDATE audit SET data = replace(data, 'alice', 'mallory') WHERE seq = 2",
            &[],
        )
        .expect("tampered");
    assert_eq!(changed, 1);
    let out = run(&["doctor", "--db", &url]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("FAIL  audit chain: entry 2"), "{report}");
    assert!(report.contains("hint:"), "{report}");
}
