//! The writer kill loop: a child process (this test binary again, with
//! `WRITER_CHILD_ENV` set) runs the [`workload`](crate::workload) stream of real service
//! calls and the daemon with the real handlers on a durable file, printing each call's
//! committed ids; the parent SIGKILLs it at seeded random moments, then reopens the file
//! and checks that every id reported committed is there and that the integrity checker
//! (indexes, orphans, counts, the audit chain, the ledger) finds nothing.
//!
//! 200 kills by default; `CAMPAIGN_OPS_KILL_ROUNDS=1000` is the long mode (README),
//! `CAMPAIGN_OPS_KILL_SEED` replays another sequence of kill moments.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use campaign_ops::actions::{Daemon, DaemonConfig, Registry};
use campaign_ops::{CampaignOps, FixedClock, RedbStore};

use crate::support::t0;
use crate::workload::{Committed, Cycle, STEPS};

const WRITER_CHILD_ENV: &str = "CAMPAIGN_OPS_TEST_WRITER_CHILD_DB";
/// Kills in a normal run (CI).
const DEFAULT_ROUNDS: u64 = 200;
/// Kills survived by one file before the loop starts on a new one.
const KILLS_PER_FILE: u64 = 20;
/// The longest a child lives after opening the file; most kills land while it commits.
const MAX_DELAY_MS: u64 = 60;

/// SplitMix64: a seeded sequence of kill moments, so that a failure replays.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Where the killed file lives: `CAMPAIGN_OPS_KILL_DIR`, else `/dev/shm` when there is one,
/// else the temp dir. A SIGKILL leaves the kernel's page cache, so a file on tmpfs sees
/// exactly what a killed process leaves on any disk, without paying a slow disk's fsync
/// per commit; losing what was never synced is the power-loss case, the fault backend's
/// job (`faults`).
pub fn kill_dir() -> tempfile::TempDir {
    let base = std::env::var_os("CAMPAIGN_OPS_KILL_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(std::path::PathBuf::from("/dev/shm")).filter(|p| p.is_dir()))
        .unwrap_or_else(std::env::temp_dir);
    tempfile::tempdir_in(base).unwrap()
}

/// Opens `path`, retrying while the killed predecessor's lock is being released.
pub fn open_retrying(path: &std::path::Path) -> RedbStore {
    let mut last = None;
    for _ in 0..400 {
        match RedbStore::open(path) {
            Ok(store) => return store,
            Err(e) => last = Some(e),
        }
        std::thread::sleep(StdDuration::from_millis(5));
    }
    panic!("cannot open {}: {last:?}", path.display());
}

/// The child's side; a no-op in a normal test run.
#[test]
fn writer_child() {
    let Some(path) = std::env::var_os(WRITER_CHILD_ENV) else {
        return;
    };
    let store = open_retrying(std::path::Path::new(&path));
    // On a line of its own: libtest has already printed "test ... ".
    println!("\nOPEN");
    let clock = FixedClock::new(t0());
    let ops = CampaignOps::new(store.clone(), clock.clone());
    let config = DaemonConfig {
        max_interruptions: u32::MAX,
        ..DaemonConfig::default()
    };
    let daemon = Daemon::on(store, clock, Registry::build().unwrap(), config).unwrap();
    let tag = std::process::id().to_string();
    // Bounded, should the parent die without killing it.
    for _ in 0..10_000 {
        let mut cycle = Cycle::next(&ops, &tag);
        for i in 0..STEPS {
            for c in cycle.step(&ops, Some(&daemon), i).expect("a workload step") {
                println!("C {}", c.line());
            }
        }
    }
}

fn spawn_child(path: &std::path::Path) -> (Child, BufReader<ChildStdout>) {
    let log = std::fs::File::create(path.with_extension("stderr")).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "writer_kill::writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_CHILD_ENV, path)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, out)
}

/// The complete lines still to read (a line cut by the kill has no newline: not counted,
/// its call may not have returned).
fn committed_lines(out: &mut BufReader<ChildStdout>, into: &mut Vec<Committed>) -> bool {
    let mut opened = false;
    let mut line = String::new();
    loop {
        line.clear();
        match out.read_line(&mut line) {
            Ok(0) | Err(_) => return opened,
            Ok(_) if !line.ends_with('\n') => return opened,
            Ok(_) => {}
        }
        let l = line.trim_end();
        if l == "OPEN" {
            opened = true;
        } else if let Some(c) = l.strip_prefix("C ") {
            into.push(Committed::parse(c).unwrap_or_else(|| panic!("bad line {l:?}")));
        }
    }
}

/// Reads up to the child's `OPEN` line; `false` when it ended first.
fn wait_open(out: &mut BufReader<ChildStdout>) -> bool {
    let mut line = String::new();
    loop {
        line.clear();
        match out.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) if line.trim_end() == "OPEN" => return true,
            Ok(_) => {}
        }
    }
}

#[test]
fn committed_work_survives_sigkill_at_random_points_and_the_store_stays_sound() {
    if std::env::var_os(WRITER_CHILD_ENV).is_some() {
        return;
    }
    let rounds: u64 = std::env::var("CAMPAIGN_OPS_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ROUNDS);
    let seed: u64 = std::env::var("CAMPAIGN_OPS_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed);
    let dir = kill_dir();
    let mut path = dir.path().join("writer-0.redb");
    let started = Instant::now();
    let mut committed: Vec<Committed> = Vec::new();
    let (mut total_calls, mut runs) = (0usize, 0usize);
    let (mut before_open, mut idle_rounds) = (0u64, 0u64);
    let (mut reopen, mut verify, mut checks) =
        (StdDuration::ZERO, StdDuration::ZERO, StdDuration::ZERO);
    for round in 0..rounds {
        // A new file every KILLS_PER_FILE kills: what a kill risks does not depend on the
        // file's size, while the checker's full scan after each kill does.
        if round > 0 && round.is_multiple_of(KILLS_PER_FILE) {
            path = dir.path().join(format!("writer-{round}.redb"));
            committed.clear();
        }
        let before = committed.len();
        let (mut child, mut out) = spawn_child(&path);
        let r = rng.next();
        // One kill in ten lands while the child starts or opens (and repairs) the file;
        // the others while it works: after 0 to 3 committed calls, 0 to MAX_DELAY_MS into
        // the next one (a durable commit takes tens of ms here, the daemon's step more).
        let early = r.is_multiple_of(10);
        if early {
            std::thread::sleep(StdDuration::from_millis((r >> 8) % 15));
        } else {
            assert!(
                wait_open(&mut out),
                "round {round}: the child ended before opening"
            );
            for _ in 0..(r >> 8) % 4 {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(c) = line.trim_end().strip_prefix("C ") {
                    committed
                        .push(Committed::parse(c).unwrap_or_else(|| panic!("bad line {line:?}")));
                }
            }
            std::thread::sleep(StdDuration::from_millis((r >> 16) % MAX_DELAY_MS));
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        // Killed, or it failed on its own: a call that must succeed did not.
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(9),
            "round {round}: the child ended by itself ({status}): {}",
            std::fs::read_to_string(path.with_extension("stderr")).unwrap_or_default()
        );
        let opened = committed_lines(&mut out, &mut committed);
        if early && !opened {
            before_open += 1;
        }
        if committed.len() == before {
            idle_rounds += 1;
        }
        total_calls += committed.len() - before;
        runs += committed[before..]
            .iter()
            .filter(|c| matches!(c, Committed::Run(_)))
            .count();

        let t = Instant::now();
        let store = open_retrying(&path);
        reopen += t.elapsed();
        let t = Instant::now();
        let report = store.verify().unwrap();
        verify += t.elapsed();
        assert!(
            report.is_sound(),
            "round {round} (seed {seed}): the checker found {:#?}",
            report.findings
        );
        let t = Instant::now();
        let ops = CampaignOps::new(store, FixedClock::new(t0()));
        for c in &committed {
            if let Err(lost) = c.check(&ops) {
                panic!("round {round} (seed {seed}): {lost}");
            }
        }
        checks += t.elapsed();
    }
    eprintln!(
        "writer kill loop: {rounds} SIGKILLs survived (seed {seed}, {before_open} before the \
         file was open, {idle_rounds} with nothing committed), {} committed calls checked \
         after every kill ({runs} daemon runs), {:.1} s (reopening {:.1} s, checker {:.1} s, \
         id checks {:.1} s)",
        total_calls,
        started.elapsed().as_secs_f64(),
        reopen.as_secs_f64(),
        verify.as_secs_f64(),
        checks.as_secs_f64()
    );
    // The kills must have landed in real work, many times over.
    assert!(
        total_calls as u64 >= rounds,
        "too little work between kills: {total_calls} calls in {rounds} rounds"
    );
    assert!(runs > 0, "the daemon never completed a run");
}
