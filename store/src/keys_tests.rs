//! The key encodings order like the tuples they encode.

use super::*;

fn t(micros: i64, sub: u16) -> Time {
    Time { micros, sub }
}

#[test]
fn times_order_bytewise() {
    let times = [
        t(i64::MIN, 0),
        t(-1_000_000, 999),
        t(-1, 0),
        t(0, 0),
        t(0, 1),
        t(1, 0),
        t(i64::MAX, 1999),
    ];
    let keys: Vec<_> = times.iter().map(|&x| Key::new(9).time(x).done()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    for (&time, key) in times.iter().zip(&keys) {
        assert_eq!(KeyReader::new(key).time(), Ok(time));
    }
}

#[test]
fn i32_and_u64_order_bytewise() {
    let years = [i32::MIN, -1, 0, 1, 2026, i32::MAX];
    let keys: Vec<_> = years.iter().map(|&y| Key::new(1).i32(y).done()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    for (&y, key) in years.iter().zip(&keys) {
        assert_eq!(KeyReader::new(key).i32(), Ok(y));
    }
    let a = Key::new(1).u64(255).done();
    let b = Key::new(1).u64(256).done();
    assert!(a < b);
    assert_eq!(last_u64(&b), Ok(256));
    assert!(last_u64(&[1, 2, 3]).is_err());
}

#[test]
fn length_prefixed_strings_keep_one_string_together() {
    // "ana" and "anab" must not interleave: every key of "ana" shares the prefix of "ana".
    let ana = Key::new(11).str("ana").done();
    let anab = Key::new(11).str("anab").u64(0).done();
    assert!(!anab.starts_with(&ana));
    let mut r = KeyReader::new(&anab);
    r.skip_str().unwrap();
    assert_eq!(r.u64(), Ok(0));
    assert!(KeyReader::new(&[11, 0, 0, 0, 9, b'a']).skip_str().is_err());
}

#[test]
fn prefix_ends_and_spans() {
    assert_eq!(prefix_end(&[1, 2]), Some(vec![1, 3]));
    assert_eq!(prefix_end(&[1, 0xff]), Some(vec![2]));
    assert_eq!(prefix_end(&[0xff, 0xff]), None);
    let span = Span::prefix(vec![4]);
    assert!(!span.is_empty());
    assert!(Span::between(vec![5], vec![5]).is_empty());
    assert!(Span::between(vec![6], vec![5]).is_empty());
    // A cursor below the span does not widen it; one past its end empties it.
    let s = Span::prefix(vec![4]).after(Some(vec![3, 9]));
    assert_eq!(s.lo, Bound::Included(vec![4]));
    assert!(Span::prefix(vec![4]).after(Some(vec![5])).is_empty());
    assert!(Span::prefix(vec![4]).before(Some(vec![4])).is_empty());
}
