//! Which failures [`Store::write`] retries, and how often.

use super::*;
use crate::model::*;
use crate::{MAX_WRITE_ATTEMPTS, Result};

/// [`Store::write`] runs a closure that fails with a retryable error again, on a fresh
/// snapshot, at most [`MAX_WRITE_ATTEMPTS`] times, and commits only the attempt that
/// succeeds; a non-retryable error is returned after one attempt. The retryable error is
/// the backend's own: an audit append that does not follow the head.
pub fn write_retries_only_retryable_failures<S: Store>(store: &S) {
    write(store, |tx| tx.append_audit(&audit(1, None)));
    let stale = audit(1, None);
    let probe = store.write_once(&mut |tx| tx.append_audit(&stale));
    assert_conflict(probe.clone(), "re-appending audit seq 1");

    // Fails twice, then succeeds: one commit, of the third attempt's writes only.
    let mut attempts = 0u64;
    let result = store.write(|tx| {
        attempts += 1;
        tx.put_campaign(&campaign(
            attempts,
            &format!("Attempt {attempts}"),
            CampaignStatus::Draft,
        ))?;
        if attempts <= 2 {
            tx.append_audit(&stale)?;
        }
        tx.append_audit(&audit(2, Some(attempts)))?;
        Ok(attempts)
    });
    assert!(
        matches!(result, Ok(3)),
        "two retryable failures, then success: {result:?}"
    );
    read(store, |tx| {
        assert_eq!(tx.campaign(CampaignId(1))?, None, "attempt 1 rolled back");
        assert_eq!(tx.campaign(CampaignId(2))?, None, "attempt 2 rolled back");
        assert!(tx.campaign(CampaignId(3))?.is_some(), "attempt 3 committed");
        assert_eq!(
            ids(&tx.audit_entries(None, 10)?),
            [1, 2],
            "one append committed"
        );
        Ok(())
    });
    // A non-retryable error is returned at once.
    let mut attempts = 0;
    let result: Result<()> = store.write(|_| {
        attempts += 1;
        Err(Error::validation("test", "not retryable"))
    });
    assert!(
        result.is_err() && attempts == 1,
        "a non-retryable error is not retried"
    );

    // A failure that stays retryable stops after MAX_WRITE_ATTEMPTS attempts.
    let mut attempts = 0;
    let result = store.write(|tx| {
        attempts += 1;
        tx.append_audit(&stale)
    });
    assert_conflict(result, "a permanently stale append");
    assert_eq!(
        attempts, MAX_WRITE_ATTEMPTS,
        "attempts of a permanently retryable failure"
    );
    assert_eq!(
        read(store, |tx| tx.audit_head()).map(|h| h.0),
        Some(AuditSeq(2))
    );
}
