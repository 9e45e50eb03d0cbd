//! Dashboard users and sessions in the v6 tables (record kinds 9 and 10, index kinds 16 to
//! 18; see the crate docs). Kept apart from `write.rs` and `read/`: a user or a session
//! changes few index entries, written here directly.
//!
//! - a user: `records [9][id]`, `index [16][login name] -> id` (unique);
//! - a session: `records [10][token hash]`, `index [17][user][hash]` (a user's sessions,
//!   for disable and password changes) and `index [18][expires_at][hash]` (the sweep of
//!   expired sessions, earliest first, bounded).

use campaign_ops_core::model::{EntityKind, Session, TokenHash, User, UserId};
use campaign_ops_core::{Error, Result};
use chrono::{DateTime, Utc};

use crate::error::Context;
use crate::keys::{Key, KeyReader, Span};
use crate::layout::{INDEX, RECORDS, ik, record_key, rk};
use crate::read::{id_of, load_ids};
use crate::record::{SessionRecord, Time, UserRecord, corrupt, encode};
use crate::tx::{Source, Tables, collect_index, get_raw, get_record, scan};

fn name_key(name: &str) -> Vec<u8> {
    Key::new(ik::USER_NAME).tail(name.as_bytes()).done()
}

fn session_key(hash: &TokenHash) -> Vec<u8> {
    Key::new(rk::SESSION).tail(&hash.0).done()
}

fn by_user_key(user: u64, hash: &TokenHash) -> Vec<u8> {
    Key::new(ik::SESSION_BY_USER).u64(user).tail(&hash.0).done()
}

fn expiry_key(at: Time, hash: &TokenHash) -> Vec<u8> {
    Key::new(ik::SESSION_EXPIRY).time(at).tail(&hash.0).done()
}

/// The token hash that ends an index key.
fn hash_at_end(key: &[u8]) -> Result<TokenHash> {
    key.len()
        .checked_sub(32)
        .and_then(|start| <[u8; 32]>::try_from(&key[start..]).ok())
        .map(TokenHash)
        .ok_or_else(|| corrupt("index", "session index key without a token hash"))
}

/// A user by id.
pub(crate) fn user<S: Source>(src: &S, id: UserId) -> Result<Option<User>> {
    let what = format!("user {id}");
    get_record::<S, UserRecord>(src, &record_key(rk::USER, id.0), &what)?
        .map(|r| {
            r.into_domain(id.0)
                .map_err(|m| corrupt("records", format!("{what}: {m}")))
        })
        .transpose()
}

/// The id of the user named exactly `name`.
fn id_by_name<S: Source>(src: &S, name: &str) -> Result<Option<UserId>> {
    get_raw(src, INDEX, &name_key(name))?
        .map(|v| {
            <[u8; 8]>::try_from(v.as_slice())
                .map(|b| UserId(u64::from_be_bytes(b)))
                .map_err(|_| corrupt("index", format!("user name {name}: bad id")))
        })
        .transpose()
}

/// The user named exactly `name`.
pub(crate) fn user_by_name<S: Source>(src: &S, name: &str) -> Result<Option<User>> {
    match id_by_name(src, name)? {
        Some(id) => user(src, id)?
            .map(Some)
            .ok_or_else(|| corrupt("index", format!("user name {name} points at no user"))),
        None => Ok(None),
    }
}

/// Users after `after`, ascending id: a range scan of the user records.
pub(crate) fn users_page<S: Source>(
    src: &S,
    after: Option<UserId>,
    limit: usize,
) -> Result<Vec<User>> {
    let span = Span::prefix(vec![rk::USER]).after(after.map(|a| record_key(rk::USER, a.0)));
    let mut ids = Vec::new();
    if limit > 0 {
        scan(src, RECORDS, &span, false, |k, _| {
            ids.push(id_of(k)?);
            Ok(ids.len() < limit)
        })?;
    }
    load_ids(src, rk::USER, ids, UserRecord::into_domain)
}

/// The session of `hash`.
pub(crate) fn session<S: Source>(src: &S, hash: &TokenHash) -> Result<Option<Session>> {
    get_record::<S, SessionRecord>(src, &session_key(hash), "session")?
        .map(|r| {
            r.into_domain(*hash)
                .map_err(|m| corrupt("records", format!("session: {m}")))
        })
        .transpose()
}

/// Stores `u`, keeping the unique name index in step.
pub(crate) fn put_user(t: &mut Tables<'_>, u: &User) -> Result<()> {
    if let Some(holder) = id_by_name(&*t, &u.name)?
        && holder != u.id
    {
        return Err(Error::AlreadyExists {
            entity: EntityKind::User,
            field: "name".to_owned(),
            value: u.name.clone(),
        });
    }
    let old = user(&*t, u.id)?;
    let bytes = encode(&UserRecord::of(u))?;
    t.records
        .insert(record_key(rk::USER, u.id.0).as_slice(), bytes.as_slice())
        .ctx(format_args!("writing user {}", u.id))?;
    let index = &mut t.index;
    if let Some(old) = old.filter(|o| o.name != u.name) {
        index
            .remove(name_key(&old.name).as_slice())
            .ctx("deleting a user name entry")?;
    }
    index
        .insert(
            name_key(&u.name).as_slice(),
            u.id.0.to_be_bytes().as_slice(),
        )
        .ctx("writing a user name entry")?;
    Ok(())
}

/// Stores `s`, moving its expiry entry when the expiry changed.
pub(crate) fn put_session(t: &mut Tables<'_>, s: &Session) -> Result<()> {
    let old = get_record::<_, SessionRecord>(&*t, &session_key(&s.token_hash), "session")?;
    let record = SessionRecord::of(s);
    let bytes = encode(&record)?;
    t.records
        .insert(session_key(&s.token_hash).as_slice(), bytes.as_slice())
        .ctx("writing a session")?;
    let index = &mut t.index;
    if let Some(old) = &old {
        index
            .remove(expiry_key(old.expires_at, &s.token_hash).as_slice())
            .ctx("deleting a session expiry entry")?;
        index
            .remove(by_user_key(old.user_id, &s.token_hash).as_slice())
            .ctx("deleting a session user entry")?;
    }
    for key in [
        expiry_key(record.expires_at, &s.token_hash),
        by_user_key(record.user_id, &s.token_hash),
    ] {
        index
            .insert(key.as_slice(), [].as_slice())
            .ctx("writing a session index entry")?;
    }
    Ok(())
}

/// Deletes the session of `hash` and its entries; whether it existed.
pub(crate) fn delete_session(t: &mut Tables<'_>, hash: &TokenHash) -> Result<bool> {
    let Some(old) = get_record::<_, SessionRecord>(&*t, &session_key(hash), "session")? else {
        return Ok(false);
    };
    t.records
        .remove(session_key(hash).as_slice())
        .ctx("deleting a session")?;
    let index = &mut t.index;
    for key in [
        expiry_key(old.expires_at, hash),
        by_user_key(old.user_id, hash),
    ] {
        index
            .remove(key.as_slice())
            .ctx("deleting a session index entry")?;
    }
    Ok(true)
}

/// Deletes every session of `user`.
pub(crate) fn delete_user_sessions(t: &mut Tables<'_>, user: UserId) -> Result<u64> {
    let span = Span::prefix(Key::new(ik::SESSION_BY_USER).u64(user.0).done());
    let hashes = collect_index(&*t, &span, usize::MAX, |k, _| hash_at_end(k).map(Some))?;
    for hash in &hashes {
        delete_session(t, hash)?;
    }
    Ok(hashes.len() as u64)
}

/// Deletes at most `limit` sessions with `expires_at <= now`, earliest first.
pub(crate) fn delete_expired_sessions(
    t: &mut Tables<'_>,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<u64> {
    // `expires_at <= now`: everything before the first key past `now`'s instant.
    let end = Key::new(ik::SESSION_EXPIRY)
        .time(Time::of(now))
        .tail(&[0xff; 33])
        .done();
    let span = Span::between(vec![ik::SESSION_EXPIRY], end);
    let hashes = collect_index(&*t, &span, limit, |k, _| {
        KeyReader::new(k).time().map_err(|m| corrupt("index", m))?;
        hash_at_end(k).map(Some)
    })?;
    for hash in &hashes {
        delete_session(t, hash)?;
    }
    Ok(hashes.len() as u64)
}
