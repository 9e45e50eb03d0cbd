//! `campaign-ops doctor` and `campaign-ops backup` as an operator runs them: a backup
//! taken while `campaign-ops daemon` holds the file (through its control socket), then the
//! copy restored (opened) and checked by `doctor`; the exit codes and hints of the failures.

use std::time::{Duration, Instant};

use crate::common::{exe, run, s, text};

/// The daemon, killed if the test fails before stopping it.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn backup_while_the_daemon_runs_then_doctor_on_the_restored_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.redb");
    let copy = dir.path().join("copy.redb");

    let out = run(&["doctor", "--db", s(&db)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("all ok"), "{}", text(&out));

    let daemon = exe()
        .args(["daemon", "--db", s(&db)])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut daemon = Reaped(daemon);
    let socket = dir.path().join("live.redb.ctl");
    let start = Instant::now();
    while !socket.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no control socket"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // The file is held: doctor cannot open it, and says how to check it anyway.
    let out = run(&["doctor", "--db", s(&db)]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("campaign-ops backup --to COPY"),
        "{}",
        text(&out)
    );

    let out = run(&["backup", "--db", s(&db), "--to", s(&copy)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backup written"), "{}", text(&out));
    // A second backup onto the same file is refused, with what to do.
    let out = run(&["backup", "--db", s(&db), "--to", s(&copy)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("does not exist yet"), "{}", text(&out));

    let _ = std::process::Command::new("kill")
        .args(["-TERM", &daemon.0.id().to_string()])
        .status();
    let _ = daemon.0.wait();
    assert!(!socket.exists(), "the socket goes with the process");

    let out = run(&["doctor", "--db", s(&copy)]);
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("all ok"), "{report}");
    assert!(report.contains("ok    audit chain"), "{report}");
    assert!(report.contains("campaign handlers compiled in"), "{report}");
}
