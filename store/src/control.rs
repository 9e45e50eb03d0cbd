//! Backups of a database another process holds open: the running server listens on a Unix
//! socket next to its file (`<db>.ctl`, mode 0600: only its user may ask) and answers
//! "back up to this path" with [`RedbStore::backup_to`] on its own open store. This is how
//! `campaign-ops backup` reaches the data while `campaign-ops serve` runs: redb's lock lets
//! no second process open the file.
//!
//! The protocol is one line each way: the client sends the absolute target path; the
//! server answers `ok <rows> <bytes>`, `invalid <field> <rule>` (a refused target) or
//! `error <message>`.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use campaign_ops_core::{Error, Result, StorageError};

use crate::RedbStore;
use crate::backup::BackupSummary;

/// Longest request line accepted (a path).
const MAX_REQUEST: u64 = 8192;

/// The control socket of the database at `db`: `<db>.ctl`.
pub fn control_socket_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".ctl");
    PathBuf::from(s)
}

/// The listening side, started by the process that holds the database; stops listening and
/// removes the socket file when dropped.
#[derive(Debug)]
pub struct BackupServer {
    path: PathBuf,
    stop: Arc<AtomicBool>,
}

impl BackupServer {
    /// Listens on `socket` for backup requests answered from `store`, on a thread of its
    /// own. A socket file left by a process that died is replaced; one that still answers
    /// is an error (`AddrInUse`): another process serves this database.
    pub fn start(store: RedbStore, socket: impl Into<PathBuf>) -> std::io::Result<Self> {
        let path = socket.into();
        if path.exists() {
            if UnixStream::connect(&path).is_ok() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AddrInUse,
                    format!("{} is served by another process", path.display()),
                ));
            }
            std::fs::remove_file(&path)?;
        }
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::Builder::new()
            .name("campaign-ops-backup".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stopping.load(Ordering::Acquire) {
                        break;
                    }
                    if let Ok(conn) = conn {
                        // One client's broken connection must not stop the service.
                        let _ = answer(&store, conn);
                    }
                }
            })?;
        Ok(Self { path, stop })
    }

    /// The socket's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for BackupServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wake the accept loop so that it sees the flag, then take the socket away.
        let _ = UnixStream::connect(&self.path);
        let _ = std::fs::remove_file(&self.path);
    }
}

fn answer(store: &RedbStore, conn: UnixStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new((&conn).take(MAX_REQUEST)).read_line(&mut line)?;
    let target = PathBuf::from(line.trim_end_matches(['\n', '\r']));
    let reply = if !target.is_absolute() {
        "invalid to the path must be absolute".to_owned()
    } else {
        match store.backup_to(&target) {
            Ok(s) => format!("ok {} {}", s.rows, s.bytes),
            Err(Error::Validation { field, rule }) => format!("invalid {field} {rule}"),
            Err(e) => format!("error {}", e.to_string().replace('\n', " ")),
        }
    };
    (&conn).write_all(format!("{reply}\n").as_bytes())
}

/// Asks the process serving `socket` for a backup to `to` (made absolute here) and waits
/// for it. Errors: a refused target as [`Error::Validation`]; no server listening, or a
/// failure on its side, as [`StorageError::Backend`].
pub fn request_backup(socket: &Path, to: &Path) -> Result<BackupSummary> {
    let to = std::path::absolute(to).map_err(|e| Error::validation("to", e.to_string()))?;
    let io = |what: &str, e: std::io::Error| -> Error {
        StorageError::backend_with(format!("{what} {}", socket.display()), e, false).into()
    };
    let mut conn = UnixStream::connect(socket).map_err(|e| io("connecting to", e))?;
    let request = format!("{}\n", to.display());
    conn.write_all(request.as_bytes())
        .map_err(|e| io("writing to", e))?;
    let mut reply = String::new();
    BufReader::new(conn.take(MAX_REQUEST))
        .read_line(&mut reply)
        .map_err(|e| io("reading from", e))?;
    let reply = reply.trim_end();
    let (kind, rest) = reply.split_once(' ').unwrap_or((reply, ""));
    match kind {
        "ok" => {
            let mut nums = rest.split(' ').map(|n| n.parse::<u64>().unwrap_or(0));
            Ok(BackupSummary {
                path: to,
                rows: nums.next().unwrap_or(0),
                bytes: nums.next().unwrap_or(0),
            })
        }
        "invalid" => {
            let (field, rule) = rest.split_once(' ').unwrap_or((rest, ""));
            Err(Error::validation(field, rule))
        }
        _ => Err(StorageError::backend(format!("the server's backup failed: {rest}")).into()),
    }
}
