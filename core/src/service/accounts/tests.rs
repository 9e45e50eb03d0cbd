//! The accounts service on the in-memory store with a fixed clock.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::model::{Actor, AuditAction, EntityKind, Role};
use crate::testing::MemoryStore;
use crate::{CampaignOps, Clock, Error, FixedClock, Store};

type Ops = CampaignOps<MemoryStore, FixedClock>;

const PW: &str = "a long passphrase";

fn ops() -> (Ops, FixedClock) {
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap());
    (CampaignOps::new(MemoryStore::new(), clock.clone()), clock)
}

fn admin() -> Actor {
    Actor::new("root-admin").unwrap()
}

#[test]
fn a_new_user_is_stored_with_a_hash_and_audited_without_it() {
    let (ops, _) = ops();
    let user = ops
        .add_user(
            &admin(),
            NewUser::new(" Alice ", Role::Operator, PW)
                .display_name("Alice A.")
                .time_zone("Europe/Berlin"),
        )
        .unwrap();
    assert_eq!(user.name, "alice");
    assert_eq!(user.time_zone, chrono_tz::Europe::Berlin);
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(PW));
    let log = ops.audit_log(None, 10).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, AuditAction::UserCreate);
    assert_eq!(log[0].entity, EntityKind::User);
    let text = serde_json::to_string(&log[0]).unwrap();
    assert!(!text.contains("argon2"), "no hash in the audit: {text}");
    assert!(text.contains("Alice A."));
}

#[test]
fn login_names_are_unique_in_any_spelling_and_bad_input_changes_nothing() {
    let (ops, _) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let before = ops.store().dump();
    let taken = ops
        .add_user(&admin(), NewUser::new("ALICE", Role::Viewer, PW))
        .unwrap_err();
    assert!(
        matches!(taken, Error::AlreadyExists { entity: EntityKind::User, ref field, .. } if field == "name")
    );
    for (new, field) in [
        (NewUser::new("bob", Role::Viewer, "short"), "password"),
        (NewUser::new("b o b", Role::Viewer, PW), "name"),
        (
            NewUser::new("bob", Role::Viewer, PW).time_zone("Mars/Olympus"),
            "time_zone",
        ),
    ] {
        let err = ops.add_user(&admin(), new).unwrap_err();
        assert!(
            matches!(err, Error::Validation { field: ref f, .. } if f == field),
            "{err}"
        );
    }
    assert_eq!(ops.store().dump(), before);
}

#[test]
fn authenticate_refuses_unknown_names_and_wrong_passwords_alike() {
    let (ops, _) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    assert_eq!(ops.authenticate("Alice", PW).unwrap().name, "alice");
    assert_eq!(
        ops.authenticate("alice", "wrong password").unwrap_err(),
        Error::BadCredentials
    );
    assert_eq!(
        ops.authenticate("nobody", PW).unwrap_err(),
        Error::BadCredentials
    );
    assert_eq!(
        ops.authenticate("no body!", PW).unwrap_err(),
        Error::BadCredentials
    );
}

#[test]
fn sessions_slide_until_idle_or_the_maximum_age_and_store_only_the_hash() {
    let (ops, clock) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let signed = ops.sign_in("alice", PW).unwrap();
    assert_eq!(signed.token.len(), 64);
    let stored = ops.store().dump().to_string();
    assert!(
        !stored.contains(&signed.token),
        "the token itself is not stored"
    );
    let again = ops.sign_in("alice", PW).unwrap();
    assert_ne!(again.token, signed.token, "a new token at every sign-in");

    // Used every 11 hours, it lives on past 12 hours...
    for _ in 0..3 {
        clock.advance(Duration::hours(11));
        let (session, user) = ops.session_user(&signed.token).unwrap().expect("alive");
        assert_eq!(user.name, "alice");
        assert_eq!(session.expires_at, clock.now() + SESSION_IDLE);
    }
    // ...but not past its maximum age.
    for _ in 0..13 {
        clock.advance(Duration::hours(11));
        let _ = ops.session_user(&signed.token).unwrap();
    }
    assert!(ops.session_user(&signed.token).unwrap().is_none());
    // Unused for 12 hours, a session ends.
    let fresh = ops.sign_in("alice", PW).unwrap();
    clock.advance(SESSION_IDLE - Duration::seconds(1));
    assert!(ops.session_user(&fresh.token).unwrap().is_some());
    clock.advance(SESSION_IDLE);
    assert!(ops.session_user(&fresh.token).unwrap().is_none());
    assert!(ops.session_user("not a token").unwrap().is_none());
}

#[test]
fn uses_within_a_minute_do_not_write() {
    let (ops, clock) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let signed = ops.sign_in("alice", PW).unwrap();
    let commits = ops.store().commits();
    clock.advance(Duration::seconds(30));
    ops.session_user(&signed.token).unwrap().unwrap();
    assert_eq!(ops.store().commits(), commits);
    clock.advance(Duration::seconds(31));
    ops.session_user(&signed.token).unwrap().unwrap();
    assert_eq!(ops.store().commits(), commits + 1);
}

#[test]
fn sign_out_ends_the_session_in_the_store() {
    let (ops, _) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let signed = ops.sign_in("alice", PW).unwrap();
    assert!(ops.sign_out(&signed.token).unwrap());
    assert!(ops.session_user(&signed.token).unwrap().is_none());
    assert!(!ops.sign_out(&signed.token).unwrap());
    let hash = signed.session.token_hash;
    assert!(ops.store().read(|tx| tx.session(&hash)).unwrap().is_none());
}

#[test]
fn disabling_ends_sessions_and_refuses_sign_in_and_a_new_password_ends_them_too() {
    let (ops, _) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Operator, PW))
        .unwrap();
    let a = ops.sign_in("alice", PW).unwrap();
    let disabled = ops.disable_user(&admin(), "alice").unwrap();
    assert!(disabled.disabled);
    assert!(ops.session_user(&a.token).unwrap().is_none());
    assert_eq!(
        ops.sign_in("alice", PW).unwrap_err(),
        Error::UserDisabled {
            name: "alice".into()
        }
    );
    // A wrong password for a disabled user says nothing about the account.
    assert_eq!(
        ops.sign_in("alice", "wrong password").unwrap_err(),
        Error::BadCredentials
    );
    ops.enable_user(&admin(), "alice").unwrap();
    let b = ops.sign_in("alice", PW).unwrap();
    ops.set_password(&admin(), "alice", "another passphrase")
        .unwrap();
    assert!(ops.session_user(&b.token).unwrap().is_none());
    assert_eq!(ops.sign_in("alice", PW).unwrap_err(), Error::BadCredentials);
    ops.sign_in("alice", "another passphrase").unwrap();

    let actions: Vec<AuditAction> = ops
        .audit_log(None, 10)
        .unwrap()
        .iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            AuditAction::UserCreate,
            AuditAction::UserDisable,
            AuditAction::UserEnable,
            AuditAction::UserPassword
        ]
    );
    assert!(ops.verify_audit_chain().unwrap().is_intact());
}

#[test]
fn role_and_time_zone_changes_are_audited_and_unchanged_ones_are_not() {
    let (ops, _) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let user = ops.set_role(&admin(), "alice", Role::Admin).unwrap();
    assert_eq!(user.role, Role::Admin);
    ops.set_role(&admin(), "alice", Role::Admin).unwrap();
    let user = ops
        .set_user_time_zone(&admin(), "alice", "America/New_York")
        .unwrap();
    assert_eq!(user.time_zone, chrono_tz::America::New_York);
    let log = ops.audit_log(None, 10).unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[1].action, AuditAction::UserRole);
    assert_eq!(log[1].changes.len(), 1);
    assert_eq!(log[1].changes[0].field, "role");
    assert!(matches!(
        ops.set_role(&admin(), "nobody", Role::Admin),
        Err(Error::NotFound {
            entity: EntityKind::User,
            ..
        })
    ));
    assert!(matches!(
        ops.set_user_time_zone(&admin(), "alice", "Nowhere"),
        Err(Error::Validation { ref field, .. }) if field == "time_zone"
    ));
}

#[test]
fn users_are_listed_in_pages() {
    let (ops, _) = ops();
    for name in ["a", "b", "c"] {
        ops.add_user(&admin(), NewUser::new(name, Role::Viewer, PW))
            .unwrap();
    }
    let first = ops.list_users(None, 2).unwrap();
    assert_eq!(first.len(), 2);
    let rest = ops.list_users(Some(first[1].id), 2).unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].name, "c");
    assert!(ops.list_users(None, 0).is_err());
}

#[test]
fn expired_sessions_are_swept() {
    let (ops, clock) = ops();
    ops.add_user(&admin(), NewUser::new("alice", Role::Viewer, PW))
        .unwrap();
    let old = ops.sign_in("alice", PW).unwrap();
    clock.advance(SESSION_IDLE + Duration::seconds(1));
    let hash = old.session.token_hash;
    assert!(ops.store().read(|tx| tx.session(&hash)).unwrap().is_some());
    ops.sign_in("alice", PW).unwrap();
    assert!(ops.store().read(|tx| tx.session(&hash)).unwrap().is_none());
    assert_eq!(ops.delete_expired_sessions(10).unwrap(), 0);
}
