//! Schema versions and migrations, with the rule RedbStore follows: a database at an older
//! version is migrated to [`CURRENT_VERSION`] in one transaction (all steps or none), one at
//! a newer version is refused with [`StorageError::SchemaTooNew`] and left untouched.
//!
//! Concurrent openers (several dashboards starting at once) take a transaction-scoped
//! advisory lock first, so exactly one of them migrates and the others see the result.
//!
//! Version 1 (the campaign records, the ledger and the audit log):
//!
//! | table | key | columns queried | indexes |
//! |-------|-----|-----------------|---------|
//! | `meta` | `key` | schema version, workspace id | |
//! | `campaigns` | `id` | `name_key` (unique), `status`, `client_key`, `search` | `(status, id)`, `(client_key, id)` |
//! | `plans` | `id` | `campaign_id`, `version` | `(campaign_id, version, id)` |
//! | `calendar_items` | `id` | `campaign_id`, scheduled instant, `planned` | `(campaign_id, at, id)`, `(at, id) WHERE planned` |
//! | `tasks` | `id` | `campaign_id`, `item_id`, `status`, `open`, due instant, `assignee` | `(campaign_id, id)`, `(item_id, id)`, `(campaign_id, due, id) WHERE open`, `(campaign_id, due) INCLUDE (status)`, `(assignee, due, id) WHERE open` |
//! | `metrics` | `id` | `campaign_id`, recorded instant | `(campaign_id, id)`, `(campaign_id, at, id)` |
//! | `weekly_summaries` | `(campaign_id, year, week)` | | |
//! | `action_runs` | `key` (the ledger key: unique per action and period) | `action`, `open` | `(action, key)`, `(action, key) WHERE open` |
//! | `audit` | `seq` | `campaign_id` | `(campaign_id, seq)` |
//!
//! Version 2 adds dashboard users and signed-in sessions (and the `seq_user` id sequence):
//!
//! | table | key | columns queried | indexes |
//! |-------|-----|-----------------|---------|
//! | `users` | `id` | `name` (the login name in its normal form, unique) | `(name)` |
//! | `sessions` | `token_hash` (the SHA-256 of the cookie's token, `bytea`) | `user_id`, expiry instant | `(user_id)`, `(expires, token_hash)` |
//!
//! Version 3 adds actions' on/off switches (a row only for an action an admin switched):
//!
//! | table | key | columns queried | indexes |
//! |-------|-----|-----------------|---------|
//! | `action_settings` | `action` (the action's name) | | |
//!
//! Version 4 makes an operator's queue an index-only read: open tasks carry their brief (the
//! JSON of `OperatorTask::brief`, NULL once a task is closed) in a new `tasks.brief`
//! column, and the queue index `(assignee, due, id) WHERE open` includes it. The database
//! derives the brief from the stored record (trigger `tasks_brief`; the brief's fields are
//! the task's own, same names and encodings: their JSON values are copied as stored).
//!
//! | table | key | columns queried | indexes |
//! |-------|-----|-----------------|---------|
//! | `tasks` | `id` | `brief` added | `(assignee, due, id) INCLUDE (brief) WHERE open` (replaces v1's queue index) |
//! | `campaign_counts` | `status` | `n`: the campaigns of each status (triggers `campaigns_count`, `campaigns_recount`) | |
//! | `campaigns` | | | `campaigns_search`: GIN trigrams of `search` (`pg_trgm`) |
//!
//! An unfiltered or status-only campaign page takes its total from `campaign_counts` (no
//! count over the table), and a text filter (`LIKE '%…%'`) is served by the trigram index.
//! `pg_trgm` ships with PostgreSQL; it is created in schema `campaign_ops_ext` (shared by
//! every workspace of the database, used where it already is). Where the role may not
//! create it, the migration goes on without the index and the text filter scans, as in v3.
//!
//! Text keys compare bytewise (`COLLATE "C"`), as the contract's string orders do; token
//! hashes (`bytea`) compare bytewise too, the order the expired-session sweep takes.

use campaign_ops_core::{Error, Result, StorageError};
use postgres::Client;

use crate::error::{Context, corrupt};

/// The newest schema version this build knows.
pub const CURRENT_VERSION: u32 = 4;

/// The advisory lock key openers serialize on, to create the PostgreSQL schema and to
/// migrate it (any constant; "co" "pg" in ASCII).
pub(crate) const MIGRATION_LOCK: i64 = 0x636f_7067;

/// Migration steps: `STEPS[n]` brings version `n` to `n + 1`.
const STEPS: &[&str] = &[V1, V2, V3, V4];

const V1: &str = r#"
CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
INSERT INTO meta (key, value) VALUES ('workspace_id', replace(gen_random_uuid()::text, '-', ''));
CREATE SEQUENCE seq_campaign; CREATE SEQUENCE seq_plan; CREATE SEQUENCE seq_calendar_item;
CREATE SEQUENCE seq_task; CREATE SEQUENCE seq_metric;
CREATE TABLE campaigns (
  id bigint PRIMARY KEY, name_key text COLLATE "C" NOT NULL UNIQUE, status smallint NOT NULL,
  client_key text COLLATE "C" NOT NULL, search text COLLATE "C" NOT NULL, data text NOT NULL);
CREATE INDEX campaigns_status ON campaigns (status, id);
CREATE INDEX campaigns_client ON campaigns (client_key, id);
CREATE TABLE plans (
  id bigint PRIMARY KEY, campaign_id bigint NOT NULL, version bigint NOT NULL, data text NOT NULL);
CREATE INDEX plans_campaign ON plans (campaign_id, version, id);
CREATE TABLE calendar_items (
  id bigint PRIMARY KEY, campaign_id bigint NOT NULL, at_us bigint NOT NULL, at_ns integer NOT NULL,
  planned boolean NOT NULL, data text NOT NULL);
CREATE INDEX items_campaign ON calendar_items (campaign_id, at_us, at_ns, id);
CREATE INDEX items_planned ON calendar_items (at_us, at_ns, id) WHERE planned;
CREATE TABLE tasks (
  id bigint PRIMARY KEY, campaign_id bigint NOT NULL, item_id bigint, status smallint NOT NULL,
  open boolean NOT NULL, due_us bigint NOT NULL, due_ns integer NOT NULL,
  assignee text COLLATE "C", data text NOT NULL);
CREATE INDEX tasks_campaign ON tasks (campaign_id, id);
CREATE INDEX tasks_item ON tasks (item_id, id) WHERE item_id IS NOT NULL;
CREATE INDEX tasks_open_due ON tasks (campaign_id, due_us, due_ns, id) WHERE open;
CREATE INDEX tasks_due_status ON tasks (campaign_id, due_us, due_ns) INCLUDE (status);
CREATE INDEX tasks_queue ON tasks (assignee, due_us, due_ns, id) WHERE open AND assignee IS NOT NULL;
CREATE TABLE metrics (
  id bigint PRIMARY KEY, campaign_id bigint NOT NULL, at_us bigint NOT NULL, at_ns integer NOT NULL,
  data text NOT NULL);
CREATE INDEX metrics_campaign ON metrics (campaign_id, id);
CREATE INDEX metrics_time ON metrics (campaign_id, at_us, at_ns, id);
CREATE TABLE weekly_summaries (
  campaign_id bigint NOT NULL, year integer NOT NULL, week integer NOT NULL, data text NOT NULL,
  PRIMARY KEY (campaign_id, year, week));
CREATE TABLE action_runs (
  key text COLLATE "C" PRIMARY KEY, action text COLLATE "C" NOT NULL, open boolean NOT NULL,
  data text NOT NULL);
CREATE INDEX runs_action ON action_runs (action, key);
CREATE INDEX runs_open ON action_runs (action, key) WHERE open;
CREATE TABLE audit (
  seq bigint PRIMARY KEY, campaign_id bigint, hash text NOT NULL, data text NOT NULL);
CREATE INDEX audit_campaign ON audit (campaign_id, seq) WHERE campaign_id IS NOT NULL;
"#;

/// Users and sessions. Only new tables: a v1 database's rows are not touched.
const V2: &str = r#"
CREATE SEQUENCE seq_user;
CREATE TABLE users (id bigint PRIMARY KEY, name text COLLATE "C" NOT NULL UNIQUE, data text NOT NULL);
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY, user_id bigint NOT NULL, expires_us bigint NOT NULL,
  expires_ns integer NOT NULL, data text NOT NULL);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_us, expires_ns, token_hash);
"#;

/// Actions' on/off switches (no row: enabled). Only a new table: v2's rows are not touched.
const V3: &str = r#"
CREATE TABLE action_settings (action text COLLATE "C" PRIMARY KEY, data text NOT NULL);
"#;

/// Open tasks' briefs in the queue index, campaign counts, the trigram index of the campaign
/// search text. The brief of a stored task is the object of its
/// JSON's brief fields, each value's text as stored (`json_each` over `json`, not `jsonb`,
/// keeps it byte for byte): it decodes as the `TaskBrief` of the task. The database derives
/// it on every insert and update (a `COPY` too), so no writer can leave it stale, not even a
/// process of the previous build still running while this one migrated; the step's update
/// fills it for the tasks already stored.
const V4: &str = r#"
ALTER TABLE tasks ADD COLUMN brief text;
CREATE FUNCTION task_brief() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.brief := CASE WHEN NEW.open THEN (
    SELECT json_object_agg(key, value)::text FROM json_each(NEW.data::json)
    WHERE key IN ('id', 'campaign_id', 'task_type', 'platform', 'content_type', 'title', 'due_at', 'status'))
  END;
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_brief BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION task_brief();
UPDATE tasks SET data = data WHERE open;
DROP INDEX tasks_queue;
CREATE INDEX tasks_queue ON tasks (assignee, due_us, due_ns, id) INCLUDE (brief)
  WHERE open AND assignee IS NOT NULL;
CREATE TABLE campaign_counts (status smallint PRIMARY KEY, n bigint NOT NULL);
INSERT INTO campaign_counts (status, n) SELECT status, count(*) FROM campaigns GROUP BY status;
CREATE FUNCTION campaign_count() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE campaign_counts SET n = n - 1 WHERE status = OLD.status;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO campaign_counts (status, n) VALUES (NEW.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = campaign_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER campaigns_count AFTER INSERT OR DELETE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION campaign_count();
CREATE TRIGGER campaigns_recount AFTER UPDATE OF status ON campaigns
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION campaign_count();
DO $$
DECLARE ext text;
BEGIN
  SELECT extnamespace::regnamespace::text INTO ext FROM pg_extension WHERE extname = 'pg_trgm';
  IF ext IS NULL THEN
    BEGIN
      CREATE SCHEMA IF NOT EXISTS campaign_ops_ext;
      CREATE EXTENSION pg_trgm SCHEMA campaign_ops_ext;
      ext := 'campaign_ops_ext';
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm cannot be installed (%): the campaign text filter scans', SQLERRM;
    END;
  END IF;
  IF ext IS NOT NULL THEN
    EXECUTE format('CREATE INDEX campaigns_search ON campaigns USING gin (search %I.gin_trgm_ops)', ext);
  END IF;
END $$;
"#;

/// The version stamped in the schema, `0` when it has no tables yet.
pub(crate) fn stored_version(client: &mut impl postgres::GenericClient) -> Result<u32> {
    let has_meta = client
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])
        .ctx("looking for the meta table")?
        .get::<_, bool>(0);
    if !has_meta {
        return Ok(0);
    }
    let row = client
        .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
        .ctx("reading the schema version")?;
    match row {
        None => Err(corrupt("meta", "no schema version")),
        Some(row) => {
            let text: String = row.get(0);
            text.parse()
                .map_err(|_| corrupt("meta", format!("schema version {text:?} is not a number")))
        }
    }
}

/// Brings the schema up to `target` (at most [`CURRENT_VERSION`]) in one transaction: every
/// step and the new version stamp, or nothing. A schema newer than [`CURRENT_VERSION`] is
/// refused; one between `target` and it is left alone. The version the schema is at after.
pub(crate) fn prepare_to(client: &mut Client, target: u32) -> Result<u32> {
    if target > CURRENT_VERSION {
        return Err(Error::validation(
            "version",
            format!("this build migrates up to schema version {CURRENT_VERSION}, not {target}"),
        ));
    }
    let mut tx = client
        .transaction()
        .ctx("beginning the migration transaction")?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .ctx("locking the schema for migration")?;
    let found = stored_version(&mut tx)?;
    if found > CURRENT_VERSION {
        return Err(Error::Storage(StorageError::SchemaTooNew {
            found,
            supported: CURRENT_VERSION,
        }));
    }
    if found >= target {
        return Ok(found);
    }
    for (n, step) in STEPS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(found as usize)
    {
        tx.batch_execute(step)
            .ctx(&format!("migrating the schema to version {}", n + 1))?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&target.to_string()],
    )
    .ctx("stamping the schema version")?;
    tx.commit().ctx("committing the migration")?;
    Ok(target)
}
