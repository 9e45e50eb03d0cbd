//! The bad command lines, one row each: the arguments, the exit code, what the output says.

/// One bad command line: `{redb}`, `{pg}`, `{closed}` and `{dir}` in `args` stand for the
/// workspace file, the PostgreSQL workspace, a URL to a closed port and the temp dir.
pub struct Row {
    /// What is wrong, in words.
    pub what: &'static str,
    /// The arguments.
    pub args: &'static [&'static str],
    /// The documented exit code.
    pub code: i32,
    /// What the output must say (the argument's name, the rule).
    pub says: &'static [&'static str],
    /// Standard input, for the commands that read a password.
    pub stdin: Option<&'static str>,
}

const fn row(
    what: &'static str,
    args: &'static [&'static str],
    code: i32,
    says: &'static [&'static str],
) -> Row {
    Row {
        what,
        args,
        code,
        says,
        stdin: None,
    }
}

pub const ROWS: &[Row] = &[
    row("unknown subcommand", &["frobnicate"], 2, &["frobnicate"]),
    row(
        "unknown flag",
        &["serve", "--db", "{redb}", "--bogus"],
        2,
        &["--bogus"],
    ),
    row("missing --db value", &["doctor", "--db"], 2, &["--db"]),
    row("empty --db", &["doctor", "--db", ""], 2, &["--db", "empty"]),
    row(
        "--db a directory",
        &["doctor", "--db", "{dir}"],
        2,
        &["--db", "directory"],
    ),
    row(
        "--db another scheme",
        &["dump", "--db", "mysql://db/ops", "--to", "{dir}/x.jsonl"],
        2,
        &["--db", "postgres://"],
    ),
    row(
        "--db URL with a bad port",
        &["doctor", "--db", "postgres://ops@127.0.0.1:notaport/ops"],
        2,
        &["--db", "postgres://user:password@host:port/database"],
    ),
    row(
        "--db URL to a closed port",
        &["doctor", "--db", "{closed}", "--connect-timeout", "2"],
        3,
        &["cannot open the database", "127.0.0.1", "psql"],
    ),
    row(
        "serve on a closed port",
        &[
            "serve",
            "--db",
            "{closed}",
            "--connect-timeout",
            "2",
            "--addr",
            "127.0.0.1:0",
        ],
        3,
        &["cannot open the database", "psql"],
    ),
    row(
        "--connect-timeout 0",
        &["doctor", "--db", "{redb}", "--connect-timeout", "0"],
        2,
        &["--connect-timeout"],
    ),
    row(
        "--addr out of range",
        &["serve", "--db", "{redb}", "--addr", "127.0.0.1:99999"],
        2,
        &["--addr"],
    ),
    row(
        "--addr without a port",
        &["serve", "--db", "{redb}", "--addr", "localhost"],
        2,
        &["--addr"],
    ),
    row(
        "bad role for user role",
        &["user", "role", "ada", "superuser", "--db", "{redb}"],
        2,
        &["superuser", "viewer, operator, admin"],
    ),
    row(
        "bad role for user add",
        &[
            "user",
            "add",
            "bob",
            "--role",
            "root",
            "--password-stdin",
            "--db",
            "{redb}",
        ],
        2,
        &["--role", "viewer, operator, admin"],
    ),
    row(
        "user disable of nobody",
        &["user", "disable", "nobody", "--db", "{redb}"],
        1,
        &["nobody", "user list"],
    ),
    Row {
        stdin: Some("a long enough password\n"),
        ..row(
            "user add with an empty name",
            &["user", "add", "", "--password-stdin", "--db", "{redb}"],
            1,
            &["name", "nothing was changed"],
        )
    },
    row(
        "backup of a PostgreSQL URL",
        &["backup", "--db", "{closed}", "--to", "{dir}/copy.redb"],
        2,
        &["--db", "pg_dump", "campaign-ops dump"],
    ),
    row(
        "backup without --to",
        &["backup", "--db", "{redb}"],
        2,
        &["--to"],
    ),
    row(
        "dump without --to",
        &["dump", "--db", "{redb}"],
        2,
        &["--to"],
    ),
    row(
        "dump onto an existing file",
        &["dump", "--db", "{redb}", "--to", "{dir}/existing.jsonl"],
        1,
        &["--to", "does not exist yet"],
    ),
    row(
        "dump of a missing file",
        &[
            "dump",
            "--db",
            "{dir}/missing.redb",
            "--to",
            "{dir}/m.jsonl",
        ],
        3,
        &["--db", "no database file", "--db"],
    ),
    row(
        "load into redb",
        &["load", "--db", "{redb}", "--from", "{dir}/existing.jsonl"],
        2,
        &["--db", "PostgreSQL only"],
    ),
    row(
        "load of a missing file",
        &["load", "--db", "{closed}", "--from", "{dir}/missing.jsonl"],
        5,
        &["--from", "missing.jsonl", "campaign-ops dump"],
    ),
    row(
        "load of a directory",
        &["load", "--db", "{closed}", "--from", "{dir}"],
        5,
        &["--from"],
    ),
    row(
        "load without --from",
        &["load", "--db", "{closed}"],
        2,
        &["--from"],
    ),
    row(
        "load of a malformed line",
        &["load", "--db", "{pg}", "--from", "{dir}/malformed.jsonl"],
        5,
        &["--from", "dump line 2", "dump the source"],
    ),
    row(
        "load of a truncated dump",
        &["load", "--db", "{pg}", "--from", "{dir}/truncated.jsonl"],
        5,
        &["--from", "truncated"],
    ),
    row(
        "load of a tampered audit entry",
        &["load", "--db", "{pg}", "--from", "{dir}/tampered.jsonl"],
        5,
        &["--from", "audit entry"],
    ),
    row(
        "load into a non-empty database",
        &["load", "--db", "{pg}", "--from", "{dir}/existing.jsonl"],
        5,
        &["--db", "already holds", "createdb"],
    ),
    row(
        "export of an unknown campaign (redb)",
        &["export", "ics", "--db", "{redb}", "--campaign", "999"],
        5,
        &["--campaign", "999", "/campaigns/ID"],
    ),
    row(
        "export of an unknown campaign (PostgreSQL)",
        &["export", "json", "--db", "{pg}", "--campaign", "999"],
        5,
        &["--campaign", "/campaigns/ID"],
    ),
    row(
        "export with a non-numeric campaign",
        &["export", "csv", "--db", "{redb}", "--campaign", "abc"],
        2,
        &["--campaign", "abc"],
    ),
    row(
        "export without --campaign",
        &["export", "ics", "--db", "{redb}"],
        2,
        &["--campaign"],
    ),
    row(
        "export in an unknown format",
        &["export", "pdf", "--db", "{redb}", "--campaign", "1"],
        2,
        &["pdf", "ics, csv, json"],
    ),
    row(
        "export ics with --records",
        &[
            "export",
            "ics",
            "--db",
            "{redb}",
            "--campaign",
            "1",
            "--records",
            "metrics",
        ],
        2,
        &["--records"],
    ),
    row(
        "export of unknown records",
        &[
            "export",
            "csv",
            "--db",
            "{redb}",
            "--campaign",
            "1",
            "--records",
            "users",
        ],
        2,
        &["--records", "users"],
    ),
    row(
        "export from a missing file",
        &[
            "export",
            "csv",
            "--db",
            "{dir}/missing.redb",
            "--campaign",
            "1",
        ],
        3,
        &["no database file"],
    ),
    row(
        "export into a missing directory",
        &[
            "export",
            "csv",
            "--db",
            "{redb}",
            "--campaign",
            "1",
            "--to",
            "{dir}/nope/tasks.csv",
        ],
        1,
        &["--to", "directory you can write to"],
    ),
];
