//! Dashboard users and sessions: users by id, by login name (unique) and in pages;
//! sessions by token hash, deleted one by one, per user, and when expired (bounded).

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;
use crate::model::*;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, hour, 0, 0).unwrap()
}

/// A user record as the service would store it (the hash is opaque to a store).
pub fn user(id: u64, name: &str, role: Role) -> User {
    User {
        id: UserId(id),
        name: name.to_owned(),
        display_name: format!("{name} (display)"),
        role,
        time_zone: chrono_tz::America::New_York,
        disabled: false,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${name}"),
        created_at: at(8),
        updated_at: at(9) + Duration::nanoseconds(1),
    }
}

/// A session of `user` with token hash byte `n`, expiring at `expires`.
pub fn session(n: u8, user: u64, expires: DateTime<Utc>) -> Session {
    let mut hash = [7u8; 32];
    hash[0] = n;
    hash[31] = n;
    Session {
        token_hash: TokenHash(hash),
        user_id: UserId(user),
        created_at: at(1),
        expires_at: expires,
        last_seen_at: at(2) + Duration::microseconds(3),
    }
}

/// `put_user` stores and replaces by id; `user_by_name` matches the stored name exactly;
/// a second user with a taken name is refused with `AlreadyExists` (entity User, field
/// `name`) and changes nothing; a rename frees the old name; `users_page` pages by id.
pub fn users_by_id_name_and_page<S: Store>(store: &S) {
    write(store, |tx| {
        for (id, name) in [(1, "alice"), (2, "bob"), (3, "carol")] {
            tx.put_user(&user(id, name, Role::Viewer))?;
        }
        tx.put_user(&user(2, "bob", Role::Admin))
    });
    assert_eq!(
        read(store, |tx| tx.user(UserId(2))),
        Some(user(2, "bob", Role::Admin)),
        "replaced"
    );
    assert_eq!(read(store, |tx| tx.user(UserId(9))), None);
    assert_eq!(
        read(store, |tx| tx.user_by_name("carol")).map(|u| u.id),
        Some(UserId(3))
    );
    assert_eq!(
        read(store, |tx| tx.user_by_name("caro")),
        None,
        "no prefix match"
    );
    let taken = store.write(|tx| tx.put_user(&user(4, "alice", Role::Admin)));
    assert!(
        matches!(taken, Err(Error::AlreadyExists { entity: EntityKind::User, ref field, .. }) if field == "name"),
        "a taken login name: {taken:?}"
    );
    assert_eq!(
        read(store, |tx| tx.user(UserId(4))),
        None,
        "the refusal changed nothing"
    );
    write(store, |tx| tx.put_user(&user(1, "alicia", Role::Viewer)));
    assert_eq!(
        read(store, |tx| tx.user_by_name("alice")),
        None,
        "a rename frees the name"
    );
    write(store, |tx| tx.put_user(&user(4, "alice", Role::Operator)));
    let walked = pages(
        2,
        |after, limit| read(store, |tx| tx.users_page(after, limit)),
        |u| u.id,
    );
    let walked: Vec<Vec<u64>> = walked
        .iter()
        .map(|p| p.iter().map(|u| u.id.0).collect())
        .collect();
    assert_eq!(walked, [vec![1, 2], vec![3, 4]], "users_page by id");
    assert!(
        read(store, |tx| tx.users_page(None, 0)).is_empty(),
        "limit 0"
    );
    let sequenced = write(store, |tx| tx.next_id(crate::Sequence::User));
    assert!(sequenced >= 1, "a user sequence exists");
}

/// Sessions by token hash (replaced by a second put), deleted once; all of one user's
/// sessions deleted together (and no one else's); expired ones (`expires_at <= now`)
/// deleted at most `limit` at a time, earliest first.
pub fn sessions_by_hash_per_user_and_expiry<S: Store>(store: &S) {
    write(store, |tx| {
        tx.put_user(&user(1, "alice", Role::Viewer))?;
        tx.put_user(&user(2, "bob", Role::Viewer))?;
        tx.put_session(&session(1, 1, at(10)))?;
        tx.put_session(&session(2, 1, at(11)))?;
        tx.put_session(&session(3, 2, at(12)))?;
        tx.put_session(&session(4, 2, at(13)))?;
        tx.put_session(&session(5, 2, at(14)))?;
        // Extending a session moves its expiry.
        tx.put_session(&session(3, 2, at(20)))
    });
    let get = |n: u8| read(store, |tx| tx.session(&session(n, 0, at(0)).token_hash));
    assert_eq!(get(3), Some(session(3, 2, at(20))), "replaced");
    assert_eq!(get(9), None);
    assert!(write(store, |tx| tx
        .delete_session(&session(2, 0, at(0)).token_hash)));
    assert!(
        !write(store, |tx| tx
            .delete_session(&session(2, 0, at(0)).token_hash)),
        "twice"
    );
    assert_eq!(get(2), None);

    // Expired at 13:00: 1 (10:00) and 4 (13:00, the bound is inclusive); 3 moved to 20:00.
    assert_eq!(
        write(store, |tx| tx.delete_expired_sessions(at(13), 1)),
        1,
        "limit"
    );
    assert_eq!(get(1), None, "earliest first");
    assert!(get(4).is_some());
    assert_eq!(write(store, |tx| tx.delete_expired_sessions(at(13), 10)), 1);
    assert_eq!(get(4), None);
    assert!(get(3).is_some(), "its old expiry no longer counts");
    assert!(get(5).is_some());
    assert_eq!(write(store, |tx| tx.delete_expired_sessions(at(13), 10)), 0);

    write(store, |tx| tx.put_session(&session(6, 1, at(23))));
    assert_eq!(write(store, |tx| tx.delete_user_sessions(UserId(2))), 2);
    assert_eq!((get(3), get(5)), (None, None));
    assert!(get(6).is_some(), "another user's session stays");
    assert_eq!(write(store, |tx| tx.delete_user_sessions(UserId(2))), 0);
    assert_eq!(
        write(store, |tx| tx
            .delete_expired_sessions(at(23) + Duration::hours(1), 10)),
        1,
        "a per-user delete leaves no stale expiry entries behind"
    );
}
