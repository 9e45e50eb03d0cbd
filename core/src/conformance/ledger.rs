//! The run ledger of scheduled actions: records by key, an action's records in both
//! orders, and its records that are not final.

use super::*;
use crate::model::*;

fn keys(runs: &[ActionRun]) -> Vec<&str> {
    runs.iter().map(|r| r.key.as_str()).collect()
}

/// `action_run` by key (a second put replaces it); `action_runs` lists exactly one
/// action's records (not those of an action whose name extends it) by key, ascending after
/// the cursor or, with `newest_first`, descending before it; both at most `limit`.
pub fn action_runs_by_key_in_both_orders<S: Store>(store: &S) {
    use RunStatus::*;
    write(store, |tx| {
        for (period, status) in [
            ("2026-03-03", Running),
            ("2026-03-01", Succeeded),
            ("2026-03-02", Failed),
            ("2026-03-05", Queued),
        ] {
            tx.put_action_run(&run("TICK", period, status))?;
        }
        tx.put_action_run(&run("TICK_EXTRA", "2026-03-01", Failed))?;
        tx.put_action_run(&run("SUMMARY", "2026-W10", Retrying))?;
        tx.put_action_run(&run("TICK", "2026-03-03", Succeeded))
    });
    let one = |key: &str| read(store, |tx| tx.action_run(key));
    assert_eq!(
        one("TICK 2026-03-03"),
        Some(run("TICK", "2026-03-03", Succeeded)),
        "replaced"
    );
    assert_eq!(one("TICK 2026-03-04"), None);
    assert_eq!(one("TICK"), None, "no prefix match");
    let list = |action: &str, after: Option<&str>, newest: bool, limit| {
        read(store, |tx| tx.action_runs(action, after, newest, limit))
    };
    let all = [
        "TICK 2026-03-01",
        "TICK 2026-03-02",
        "TICK 2026-03-03",
        "TICK 2026-03-05",
    ];
    assert_eq!(keys(&list("TICK", None, false, 10)), all, "ascending key");
    let mut newest = all;
    newest.reverse();
    assert_eq!(keys(&list("TICK", None, true, 10)), newest, "newest first");
    assert_eq!(keys(&list("TICK", None, false, 2)), all[..2], "limit");
    assert_eq!(
        keys(&list("TICK", Some(all[1]), false, 10)),
        all[2..],
        "ascending after"
    );
    assert_eq!(
        keys(&list("TICK", Some(all[2]), true, 10)),
        ["TICK 2026-03-02", "TICK 2026-03-01"],
        "descending before"
    );
    assert_eq!(
        keys(&list("TICK", Some(all[2]), true, 1)),
        ["TICK 2026-03-02"]
    );
    assert_eq!(
        keys(&list("TICK", Some("TICK 2026-03-04"), false, 10)),
        ["TICK 2026-03-05"],
        "cursor not stored"
    );
    assert_eq!(
        keys(&list("TICK", Some("TICK 2026-03-04"), true, 10)),
        newest[1..],
        "cursor not stored, newest first"
    );
    // Walking newest first page by page reaches every record once.
    let mut walked = vec![];
    let mut after: Option<String> = None;
    loop {
        let page = list("TICK", after.as_deref(), true, 3);
        walked.extend(page.iter().map(|r| r.key.clone()));
        match page.last() {
            Some(last) if page.len() == 3 => after = Some(last.key.clone()),
            _ => break,
        }
    }
    assert_eq!(walked, newest, "pages newest first");
    assert!(
        list("TICK", Some(all[3]), false, 10).is_empty(),
        "after the newest"
    );
    assert!(
        list("TICK", Some(all[0]), true, 10).is_empty(),
        "before the oldest"
    );
    assert!(
        list("TICK", None, false, 0).is_empty() && list("TICK", None, true, 0).is_empty(),
        "limit 0"
    );
    assert_eq!(
        keys(&list("TICK_EXTRA", None, false, 10)),
        ["TICK_EXTRA 2026-03-01"]
    );
    assert_eq!(keys(&list("SUMMARY", None, true, 10)), ["SUMMARY 2026-W10"]);
    assert!(list("TIC", None, false, 10).is_empty(), "no prefix match");
    assert!(list("NOPE", None, false, 10).is_empty());
}

/// `open_action_runs`: an action's records that are not final (running, retrying or
/// queued), ascending key, at most `limit`, following status changes.
pub fn open_action_runs_are_not_final<S: Store>(store: &S) {
    use RunStatus::*;
    let layout = [
        ("2026-03-01", Succeeded),
        ("2026-03-02", Retrying),
        ("2026-03-03", Failed),
        ("2026-03-04", Running),
        ("2026-03-05", Queued),
    ];
    write(store, |tx| {
        layout
            .iter()
            .try_for_each(|&(period, status)| tx.put_action_run(&run("TICK", period, status)))?;
        tx.put_action_run(&run("TICK_EXTRA", "2026-03-01", Running))?;
        tx.put_action_run(&run("OTHER", "2026-03-01", Queued))
    });
    let open = |action: &str, limit| read(store, |tx| tx.open_action_runs(action, limit));
    let expected = ["TICK 2026-03-02", "TICK 2026-03-04", "TICK 2026-03-05"];
    assert_eq!(
        keys(&open("TICK", 10)),
        expected,
        "not final, ascending key"
    );
    assert_eq!(keys(&open("TICK", 2)), expected[..2], "limit");
    assert!(open("TICK", 0).is_empty(), "limit 0");
    assert_eq!(keys(&open("TICK_EXTRA", 10)), ["TICK_EXTRA 2026-03-01"]);
    assert!(open("NOPE", 10).is_empty());
    assert_eq!(
        open("TICK", 1),
        [run("TICK", "2026-03-02", Retrying)],
        "whole records"
    );
    write(store, |tx| {
        tx.put_action_run(&run("TICK", "2026-03-02", Succeeded))?;
        tx.put_action_run(&run("TICK", "2026-03-03", Retrying))
    });
    let now = ["TICK 2026-03-03", "TICK 2026-03-04", "TICK 2026-03-05"];
    assert_eq!(keys(&open("TICK", 10)), now, "follows status changes");
}

/// `action_setting` by exact name: none until one is put (absent means enabled), a second
/// put replaces it, a name that extends another's is another setting, and a refused write
/// leaves it as it was.
pub fn action_settings_by_name<S: Store>(store: &S) {
    let setting = |action: &str, enabled: bool, min: i64| ActionSetting {
        action: action.to_owned(),
        enabled,
        changed_at: at(min),
        changed_by: "ada".to_owned(),
    };
    let get = |action: &str| read(store, |tx| tx.action_setting(action));
    assert_eq!(get("TICK"), None, "no setting: enabled");
    write(store, |tx| {
        tx.put_action_setting(&setting("TICK", false, 1))?;
        tx.put_action_setting(&setting("TICK_EXTRA", false, 2))
    });
    assert_eq!(get("TICK"), Some(setting("TICK", false, 1)));
    write(store, |tx| tx.put_action_setting(&setting("TICK", true, 3)));
    assert_eq!(get("TICK"), Some(setting("TICK", true, 3)), "replaced");
    assert_eq!(get("TICK_EXTRA"), Some(setting("TICK_EXTRA", false, 2)));
    assert_eq!(get("TIC"), None, "no prefix match");
    let refused: Result<()> = store.write(|tx| {
        tx.put_action_setting(&setting("TICK", false, 4))?;
        Err(Error::validation("test", "abort"))
    });
    assert!(refused.is_err());
    assert_eq!(
        get("TICK"),
        Some(setting("TICK", true, 3)),
        "aborted write changed nothing"
    );
}
