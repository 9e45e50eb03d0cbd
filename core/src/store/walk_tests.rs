//! [`each_page`]'s paging over a sorted list standing in for a keyset query.

use super::*;
use crate::Error;

/// A keyset query over `0..n`: the values after `after`, at most `limit`; counts its calls.
fn query(n: u64, calls: &mut u32) -> impl FnMut(Option<u64>, usize) -> Result<Vec<u64>> + '_ {
    move |after, limit| {
        *calls += 1;
        let from = after.map_or(0, |a| a + 1);
        Ok((from..n).take(limit).collect())
    }
}

#[test]
fn every_record_once_in_order_across_pages() {
    for n in [
        0,
        1,
        WALK_PAGE as u64 - 1,
        WALK_PAGE as u64,
        2 * WALK_PAGE as u64 + 7,
    ] {
        let mut calls = 0;
        let mut seen = vec![];
        let count = each_page(
            query(n, &mut calls),
            |v| *v,
            |v| {
                seen.push(v);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(count, n);
        assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
        // A full page may have a successor: one more (empty or short) page is read.
        assert_eq!(calls, n as u32 / WALK_PAGE as u32 + 1, "n = {n}");
    }
}

#[test]
fn an_error_from_the_callback_stops_the_walk() {
    let mut calls = 0;
    let mut seen = 0;
    let err = each_page(
        query(3 * WALK_PAGE as u64, &mut calls),
        |v| *v,
        |v| {
            seen += 1;
            if v == 5 {
                return Err(Error::validation("v", "stop here"));
            }
            Ok(())
        },
    )
    .unwrap_err();
    assert_eq!(seen, 6);
    assert_eq!(calls, 1);
    assert!(err.to_string().contains("stop here"), "{err}");
}
