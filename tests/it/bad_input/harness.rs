//! Runs the rows: each against the same world, with the checks every row gets. Failures
//! are collected and reported together, so one run lists every bug the table finds.

use std::panic::{AssertUnwindSafe, catch_unwind};

use campaign_ops::{EntityKind, Error, Result};

use super::world::World;

/// Longest error message a row may produce, in characters: a message names the rule and at
/// most a short excerpt of the input, never the input itself.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// What a row must fail with.
#[derive(Debug, Clone)]
pub enum Expect {
    /// `Error::Validation` naming `field`, its rule containing `rule`.
    Invalid {
        field: &'static str,
        rule: &'static str,
    },
    /// `Error::NotFound` for this kind of entity.
    NotFound(EntityKind),
    /// `Error::AlreadyExists` on this field.
    Taken(&'static str),
    /// `Error::IllegalTransition`.
    Illegal,
    /// `Error::ReadOnly` of this kind of entity in this status.
    ReadOnly(EntityKind, &'static str),
}

/// A validation error on `field` whose rule contains `rule`.
pub fn invalid(field: &'static str, rule: &'static str) -> Expect {
    Expect::Invalid { field, rule }
}

/// A row's call, on the shared world.
pub type Call = Box<dyn Fn(&World) -> Result<()>>;

/// One bad input: what it is, what it must fail with, and the call.
pub struct Row {
    pub what: String,
    pub expect: Expect,
    pub call: Call,
}

/// A row; `call`'s success value is dropped.
pub fn row<T>(
    what: impl Into<String>,
    expect: Expect,
    call: impl Fn(&World) -> Result<T> + 'static,
) -> Row {
    Row {
        what: what.into(),
        expect,
        call: Box::new(move |w| call(w).map(drop)),
    }
}

fn matches(expect: &Expect, err: &Error) -> bool {
    match (expect, err) {
        (Expect::Invalid { field, rule }, Error::Validation { field: f, rule: r }) => {
            f == field && r.contains(rule)
        }
        (Expect::NotFound(kind), Error::NotFound { entity, .. }) => entity == kind,
        (Expect::Taken(field), Error::AlreadyExists { field: f, .. }) => f == field,
        (Expect::Illegal, Error::IllegalTransition(_)) => true,
        (
            Expect::ReadOnly(kind, status),
            Error::ReadOnly {
                entity, status: s, ..
            },
        ) => entity == kind && s == status,
        _ => false,
    }
}

/// Characters an error message must not carry: controls (a log line or terminal would
/// obey them) and bidi controls (they reorder how the message reads).
pub fn is_unsafe_in_message(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check(row: &Row, world: &World) -> std::result::Result<(), String> {
    let dump = world.dump();
    let bytes = world.file_bytes();
    let outcome = catch_unwind(AssertUnwindSafe(|| (row.call)(world)));
    world.reset_clock();
    let err = match outcome {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(format!("panicked: {msg}"));
        }
        Ok(Ok(())) => return Err("was accepted".into()),
        Ok(Err(err)) => err,
    };
    let message = err.to_string();
    let shown: String = message.chars().take(200).collect();
    if !matches(&row.expect, &err) {
        return Err(format!("expected {:?}, got {err:?}", row.expect)
            .chars()
            .take(600)
            .collect());
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!(
            "message of {} characters echoes the input: {shown}…",
            message.chars().count()
        ));
    }
    if message.chars().any(is_unsafe_in_message) {
        return Err(format!(
            "message carries control or bidi characters: {message:?}"
        ));
    }
    if world.dump() != dump {
        return Err("changed the store's records".into());
    }
    if world.file_bytes() != bytes {
        return Err("changed the database file's bytes".into());
    }
    Ok(())
}

/// Runs every row; panics listing each row that failed a check.
pub fn run_table(rows: Vec<Row>) {
    let world = World::new();
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            check(row, &world)
                .err()
                .map(|e| format!("{}: {e}", row.what))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} bad inputs failed a check:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
    eprintln!("bad input table: {} rows, all refused cleanly", rows.len());
}
