//! Two real `campaign-ops serve` processes on one PostgreSQL database, on two ports: a
//! session and a campaign made through one are seen by the other; two completes of one
//! task sent at once through the two: exactly one wins, the other is refused with a clear
//! error, and nothing is duplicated.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use campaign_ops_core::model::*;
use campaign_ops_core::service::{NewCampaign, NewTask};
use campaign_ops_core::{Actor, CampaignOps, ReadTx, Store, SystemClock};
use campaign_ops_pg::PgStore;
use campaign_ops_web::api::{AppError, CompleteTask, CreateCampaign, ScopedError};
use chrono::{NaiveDate, Utc};
use leptos::server_fn::ServerFn;

use super::common::*;

/// A `serve` process, stopped (SIGTERM, then killed) when dropped.
struct Dashboard {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Dashboard {
    fn start(url: &str, dir: &Path, name: &str) -> Dashboard {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).expect("a log file");
        let child = exe()
            .args(["serve", "--db", url, "--addr", &format!("127.0.0.1:{port}")])
            .stdout(file.try_clone().expect("a handle"))
            .stderr(file)
            .spawn()
            .expect("serve started");
        let mut d = Dashboard { child, port, log };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = d.child.try_wait().expect("a status") {
                panic!("{name} exited ({status}): {}", d.log_text());
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{name} does not listen: {}",
                d.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        d
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// One HTTP/1.1 request: (status, head, body).
    fn http(&self, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connected");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a timeout");
        let origin = format!("http://127.0.0.1:{}", self.port);
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}\r\nReferer: {origin}/\r\nConnection: close\r\n",
            self.port
        );
        if let Some(c) = cookie {
            req.push_str(&format!("Cookie: {c}\r\n"));
        }
        if let Some(body) = form {
            req.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ));
        } else {
            req.push_str("\r\n");
        }
        stream.write_all(req.as_bytes()).expect("sent");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        Reply {
            status,
            head: head.to_owned(),
            body: if chunked {
                dechunk(body)
            } else {
                body.to_owned()
            },
        }
    }
}

impl Dashboard {
    /// SIGTERM, then its exit status (killed after 20 s: `None`).
    fn stop(&mut self) -> Option<std::process::ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// Signs `ada` in through `d`: the session cookie.
fn sign_in(d: &Dashboard) -> String {
    let password: String = ADA_PASSWORD
        .chars()
        .map(|c| match c {
            ' ' => "+".to_owned(),
            '\'' => "%27".to_owned(),
            c => c.to_string(),
        })
        .collect();
    let r = d.http(
        "POST",
        "/sign-in",
        None,
        Some(&format!("name=ada&password={password}&next=%2Ftoday")),
    );
    assert_eq!(r.status, 303, "{} {}", r.head, r.body);
    r.head
        .lines()
        .find_map(|l| {
            let l = l
                .strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))?;
            l.starts_with("campaign_ops_session=")
                .then(|| l.split(';').next().expect("a pair").to_owned())
        })
        .unwrap_or_else(|| panic!("no session cookie: {}", r.head))
}

#[test]
fn two_dashboards_on_one_postgres_share_changes_and_one_complete_wins() {
    let Some(server) = server() else { return };
    let dir = tempfile::tempdir().expect("a temp dir");
    let url = fresh_db(&server);

    // The admin, through the binary (so `serve` finds a workspace and seeds no demo).
    let mut add = exe()
        .args([
            "user",
            "add",
            "ada",
            "--role",
            "admin",
            "--password-stdin",
            "--db",
            &url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(format!("{ADA_PASSWORD}\n").as_bytes())
        .expect("password sent");
    let out = add.wait_with_output().expect("user add ran");
    assert!(out.status.success(), "{}", text(&out));

    // A task to race for, through the library on the same database.
    let ops = CampaignOps::new(PgStore::connect(&url).expect("connected"), SystemClock);
    let actor = Actor::new("test").expect("an actor");
    let mut new = NewCampaign::new(
        "Race",
        "Acme",
        Objective::Awareness,
        vec![Platform::LinkedIn],
        NaiveDate::from_ymd_opt(2027, 1, 4).expect("a date"),
        "UTC",
    );
    new.activate = true;
    let race = ops.create_campaign(&actor, new).expect("created").id;
    let mut task = NewTask::new(race, TaskType::Manual, "Post it", Utc::now());
    task.assignee = Some("ada".to_owned());
    let task = ops.create_task(&actor, task).expect("a task").id;

    let a = Dashboard::start(&url, dir.path(), "a");
    let b = Dashboard::start(&url, dir.path(), "b");

    // A session made through A is good on B (sessions live in the database).
    let on_a = sign_in(&a);
    let r = b.http("GET", "/campaigns", Some(&on_a), None);
    assert_eq!(r.status, 200, "{}", r.head);
    assert!(r.body.contains("Race"), "{}", r.body);

    // A campaign created through A is listed by B.
    let r = a.http(
        "POST",
        CreateCampaign::PATH,
        Some(&on_a),
        Some(
            "name=Made+on+A&client_name=Acme&objective=awareness&platforms%5B%5D=x\
             &start_date=2027-01-04&time_zone=UTC&end_date=2027-02-01&description=Hello\
             &primary_cta=Book+a+demo",
        ),
    );
    assert_eq!(r.status, 200, "{}\n{}\n{}", r.head, r.body, a.log_text());
    let r = b.http("GET", "/campaigns", Some(&on_a), None);
    assert!(r.body.contains("Made on A"), "{}", r.body);

    // The same task completed through both at once.
    let on_b = sign_in(&b);
    let barrier = Arc::new(Barrier::new(2));
    let (a, b) = (Arc::new(a), Arc::new(b));
    let body = format!(
        "task_id={}&outcome=Posted&proof_kind=text&proof=Done&metrics%5Bclicks%5D=5",
        task.0
    );
    let replies: Vec<Reply> = [(a.clone(), on_a), (b.clone(), on_b)]
        .into_iter()
        .map(|(d, cookie)| {
            let (barrier, body) = (barrier.clone(), body.clone());
            std::thread::spawn(move || {
                barrier.wait();
                d.http("POST", CompleteTask::PATH, Some(&cookie), Some(&body))
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().expect("no panic"))
        .collect();
    let won: Vec<_> = replies.iter().filter(|r| r.status == 200).collect();
    let lost: Vec<_> = replies.iter().filter(|r| r.status != 200).collect();
    assert_eq!(
        (won.len(), lost.len()),
        (1, 1),
        "{:?}",
        replies
            .iter()
            .map(|r| (r.status, &r.body))
            .collect::<Vec<_>>()
    );
    let refusal: ScopedError =
        serde_json::from_str(&lost[0].body).unwrap_or_else(|e| panic!("{e}: {}", lost[0].body));
    assert_eq!(refusal.id, Some(task.0));
    match &refusal.error {
        AppError::Refused(message) => {
            assert!(message.to_lowercase().contains("complete"), "{message}")
        }
        other => panic!("not a clear refusal: {other:?}"),
    }

    // Nothing duplicated: one completion, one metric, one audit entry of the move.
    assert_eq!(
        ops.get_task(task).expect("the task").status,
        TaskStatus::Completed
    );
    let metrics = ops
        .store()
        .read(|tx: &dyn ReadTx| tx.metrics_page(race, None, 100))
        .expect("metrics");
    assert_eq!(metrics.len(), 1, "{metrics:?}");
    let entries = ops
        .store()
        .read(|tx: &dyn ReadTx| tx.audit_entries(None, 1000))
        .expect("audit");
    let completes = entries
        .iter()
        .filter(|e| e.entity_id == task.0 && e.action == AuditAction::TaskComplete)
        .count();
    assert_eq!(completes, 1, "{entries:#?}");
    assert!(ops.verify_audit_chain().expect("verified").is_intact());
    // Both ran their daemon beside the dashboard (with the lease, on PostgreSQL) without an
    // error, and stop cleanly.
    for d in [a, b] {
        let mut d = Arc::try_unwrap(d).unwrap_or_else(|_| panic!("the threads are done"));
        let status = d.stop();
        let log = d.log_text();
        assert!(status.is_some_and(|s| s.success()), "{status:?}: {log}");
        assert!(!log.contains("ERROR"), "{log}");
        assert!(log.contains("lease_seconds=60"), "{log}");
    }
}
