//! Bad command lines, table-driven, through the real binary: each exits with its
//! documented non-zero code (2 usage, 3 database not openable, 5 input refused, 1 refused
//! while running), names the argument, says what to do next, never panics, and leaves the
//! databases as they were (a logical dump before and after each row, byte for byte).

use std::io::Write;
use std::process::Stdio;

use super::common::*;

mod rows;

use rows::ROWS;

/// The password in the URL to a closed port: no message may show it.
const SECRET: &str = "s3cret-pw";

#[test]
fn bad_arguments_exit_with_their_code_say_what_to_do_and_change_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let d = dir.path();
    let redb = d.join("team.redb");
    redb_workspace(&redb);
    let existing = d.join("existing.jsonl");
    let good = dump_bytes(s(&redb), d);
    std::fs::write(&existing, &good).expect("a dump");
    let good = String::from_utf8(good).expect("UTF-8");
    let lines: Vec<&str> = good.lines().collect();
    let mut malformed = lines.clone();
    malformed[1] = "{\"campaign\": {\"id\": \"not a number\"";
    std::fs::write(d.join("malformed.jsonl"), malformed.join("\n")).expect("written");
    std::fs::write(
        d.join("truncated.jsonl"),
        lines[..lines.len() - 1].join("\n"),
    )
    .expect("written");
    let audit = lines
        .iter()
        .position(|l| l.starts_with("{\"audit\":"))
        .expect("audit lines");
    let mut tampered = lines.clone();
    let edited = tampered[audit + 1].replacen("alice", "mallory", 1);
    assert_ne!(edited, tampered[audit + 1]);
    tampered[audit + 1] = &edited;
    std::fs::write(d.join("tampered.jsonl"), tampered.join("\n")).expect("written");

    let closed = {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        format!("postgres://ops:{SECRET}@127.0.0.1:{port}/ops")
    };
    let server = server();
    let pg = server.as_ref().map(|server| {
        let url = fresh_db(server);
        let out = run(&["load", "--db", &url, "--from", s(&existing)]);
        assert!(out.status.success(), "{}", text(&out));
        url
    });

    let mut tried = 0;
    for row in ROWS {
        if row.args.contains(&"{pg}") && pg.is_none() {
            eprintln!("*** SKIPPING `{}`: no PostgreSQL ***", row.what);
            continue;
        }
        let args: Vec<String> = row
            .args
            .iter()
            .map(|a| {
                a.replace("{redb}", s(&redb))
                    .replace("{closed}", &closed)
                    .replace("{pg}", pg.as_deref().unwrap_or(""))
                    .replace("{dir}", s(d))
            })
            .collect();
        let redb_before = dump_bytes(s(&redb), d);
        let pg_before = pg.as_deref().map(|url| dump_bytes(url, d));

        let mut cmd = exe();
        cmd.args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if row.stdin.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().expect("the binary runs");
        if let Some(input) = row.stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("stdin written");
        }
        let out = child.wait_with_output().expect("it ends");
        let said = text(&out);
        assert_eq!(
            out.status.code(),
            Some(row.code),
            "{}: {args:?}\n{said}",
            row.what
        );
        assert!(!said.contains("panicked"), "{}: {said}", row.what);
        assert!(
            !said.contains(SECRET),
            "{}: the password shown\n{said}",
            row.what
        );
        for needle in row.says {
            assert!(
                said.contains(needle),
                "{}: {needle:?} not in\n{said}",
                row.what
            );
        }
        assert!(
            said.contains("hint: ") || said.contains("--help"),
            "{}: says what to do next\n{said}",
            row.what
        );
        assert_eq!(
            dump_bytes(s(&redb), d),
            redb_before,
            "{}: redb changed",
            row.what
        );
        if let (Some(url), Some(before)) = (pg.as_deref(), pg_before) {
            assert_eq!(
                dump_bytes(url, d),
                before,
                "{}: PostgreSQL changed",
                row.what
            );
        }
        tried += 1;
    }
    assert!(
        !d.join("missing.redb").exists(),
        "no database file was created"
    );
    assert!(!d.join("m.jsonl").exists() && !d.join("copy.redb").exists());
    assert!(tried >= 20, "{tried} rows tried");
    eprintln!("{tried} bad command lines tried");
}
