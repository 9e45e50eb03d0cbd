//! Walking the audit chain and saying *which* entry is wrong and how: edited (its content no
//! longer matches its hash), deleted (a seq missing, or later entries renumbered down),
//! inserted (an entry that the chain does not account for: renumbered entries after it,
//! an entry past the head, or one that links to nothing), and a head in `meta` that does
//! not name the last entry.
//!
//! Core's `verify_audit_chain` stops at the first break; this walk goes on, so one edit
//! is reported once, and not as a break of every entry after it.

use campaign_ops_core::model::{AuditEntry, AuditSeq};
use campaign_ops_core::service::{GENESIS_HASH, entry_hash};

/// What is wrong with the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuditFinding {
    /// Entry `seq`'s content does not match its hash: edited in place.
    Edited {
        /// The entry.
        seq: u64,
    },
    /// Entries `first..=last` are gone (a gap in the seqs, the log's tail cut below the
    /// head, or later entries renumbered to close the gap).
    Deleted {
        /// The first missing seq.
        first: u64,
        /// The last missing seq.
        last: u64,
    },
    /// Entry `seq` was inserted: the entries after it hash as if they had one seq less, or
    /// it lies past the head, or it hashes right but links to no earlier entry.
    Inserted {
        /// The entry.
        seq: u64,
    },
    /// The head in `meta` does not name the last entry (`None`: no head while entries
    /// exist, or a head over an empty log).
    HeadMismatch {
        /// The head as stored.
        stored: Option<u64>,
        /// The last entry's seq.
        last_entry: Option<u64>,
    },
}

impl std::fmt::Display for AuditFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Edited { seq } => write!(f, "audit entry {seq} was edited (hash mismatch)"),
            Self::Deleted { first, last } if first == last => {
                write!(f, "audit entry {first} was deleted")
            }
            Self::Deleted { first, last } => {
                write!(f, "audit entries {first} to {last} were deleted")
            }
            Self::Inserted { seq } => write!(f, "audit entry {seq} was inserted"),
            Self::HeadMismatch { stored, last_entry } => write!(
                f,
                "the audit head ({}) does not name the last entry ({})",
                stored.map_or("none".to_owned(), |s| s.to_string()),
                last_entry.map_or("none".to_owned(), |s| s.to_string()),
            ),
        }
    }
}

/// Most findings one walk reports: a log rewritten wholesale is reported by its first
/// hundred problems, not one per entry.
pub const MAX_AUDIT_FINDINGS: usize = 100;

/// The walk over entries in seq order ([`ChainWalk::visit`] each, then [`ChainWalk::finish`]).
#[derive(Debug)]
pub struct ChainWalk {
    expected: u64,
    prev_hash: String,
    prev_prev_hash: Option<String>,
    /// +1 once entries are found renumbered up (an insertion), -1 down (a deletion).
    shift: i64,
    last: Option<(u64, String)>,
    entries: u64,
    findings: Vec<AuditFinding>,
}

impl Default for ChainWalk {
    fn default() -> Self {
        Self {
            expected: 1,
            prev_hash: GENESIS_HASH.to_owned(),
            prev_prev_hash: None,
            shift: 0,
            last: None,
            entries: 0,
            findings: Vec::new(),
        }
    }
}

/// `e`'s hash as if it had seq `seq`.
fn hash_at(e: &AuditEntry, seq: u64) -> String {
    let mut moved = e.clone();
    moved.seq = AuditSeq(seq);
    entry_hash(&moved)
}

impl ChainWalk {
    fn push(&mut self, f: AuditFinding) {
        if self.findings.len() < MAX_AUDIT_FINDINGS {
            self.findings.push(f);
        }
    }

    /// The next entry (seqs ascending).
    pub fn visit(&mut self, e: &AuditEntry) {
        let seq = e.seq.0;
        self.entries += 1;
        let after_gap = seq > self.expected;
        if after_gap {
            self.push(AuditFinding::Deleted {
                first: self.expected,
                last: seq - 1,
            });
        }
        if entry_hash(e) == e.hash {
            // Self-consistent. A link that misses the previous entry but reaches the one
            // before it means the previous entry does not belong: it was inserted.
            if !after_gap && e.prev_hash != self.prev_hash {
                if self.prev_prev_hash.as_deref() == Some(e.prev_hash.as_str()) && seq > 1 {
                    self.push(AuditFinding::Inserted { seq: seq - 1 });
                } else {
                    self.push(AuditFinding::Inserted { seq });
                }
            }
        } else if seq > 1 && hash_at(e, seq - 1) == e.hash {
            // Hashes right one seq lower: everything from here moved up by one to make room.
            if self.shift != 1 {
                self.push(AuditFinding::Inserted { seq: seq - 1 });
                self.shift = 1;
            }
        } else if hash_at(e, seq + 1) == e.hash {
            // Hashes right one seq higher: moved down to close the gap of a deletion.
            if self.shift != -1 {
                self.push(AuditFinding::Deleted {
                    first: seq,
                    last: seq,
                });
                self.shift = -1;
            }
        } else {
            self.push(AuditFinding::Edited { seq });
        }
        self.prev_prev_hash = Some(std::mem::replace(&mut self.prev_hash, e.hash.clone()));
        self.expected = seq + 1;
        self.last = Some((seq, e.hash.clone()));
    }

    /// Compares the end of the log with the stored head; returns the entries walked and
    /// the findings.
    pub fn finish(mut self, head: Option<(AuditSeq, String)>) -> (u64, Vec<AuditFinding>) {
        let last = self.last.clone();
        // After renumbered entries, the head still names the old last entry by its old
        // seq: that is the renumbering already reported, not a second problem.
        let head = match (head, &last) {
            (Some((h, hash)), Some((l, last_hash)))
                if self.shift != 0
                    && hash == *last_hash
                    && h.0 as i64 + self.shift == *l as i64 =>
            {
                Some((AuditSeq(*l), hash))
            }
            (head, _) => head,
        };
        match (&head, &last) {
            (Some((h, _)), Some((l, _))) if h.0 > *l => {
                self.push(AuditFinding::Deleted {
                    first: l + 1,
                    last: h.0,
                });
            }
            (Some((h, _)), Some((l, _))) if h.0 < *l => {
                // Entries past the head; the first of them is the insertion.
                self.push(AuditFinding::Inserted { seq: h.0 + 1 });
            }
            (Some((_, hash)), Some((l, last_hash))) if hash != last_hash => {
                self.push(AuditFinding::HeadMismatch {
                    stored: head.as_ref().map(|(s, _)| s.0),
                    last_entry: Some(*l),
                });
            }
            (None, Some((l, _))) => self.push(AuditFinding::HeadMismatch {
                stored: None,
                last_entry: Some(*l),
            }),
            (Some((h, _)), None) => self.push(AuditFinding::Deleted {
                first: 1,
                last: h.0,
            }),
            _ => {}
        }
        (self.entries, self.findings)
    }
}
