//! The kept page's encodings decode to the page with the new nonce; the map stays within
//! its limits and finds an entry only under its own key, change count and time.

use std::io::Read as _;

use chrono::TimeZone as _;

use super::*;

fn decode(form: Form, bytes: &[u8]) -> String {
    let mut out = String::new();
    match form {
        Form::Identity => out = String::from_utf8(bytes.to_vec()).unwrap(),
        Form::Gzip(_) => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_string(&mut out)
                .unwrap();
        }
        Form::Zstd(_) => {
            zstd::stream::read::Decoder::new(bytes)
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
        }
    }
    out
}

#[test]
fn a_kept_page_decodes_to_itself_with_the_new_nonce_in_every_form() {
    let row = "<li class=\"row\"><a href=\"/today?task=1\">Post</a></li>".repeat(200);
    let pages = [
        format!("<html><script nonce=\"OLD\">a</script>{row}<script nonce=\"OLD\">b</script>OLD"),
        format!("OLD{row}"),
        row.clone(),
        String::new(),
        // A stored block holds at most 65,535 bytes: a long nonce takes several.
        format!("{row}OLD{row}"),
    ];
    for form in [Form::Identity, Form::Gzip(1), Form::Gzip(6), Form::Zstd(1)] {
        for page in &pages {
            let kept = Spliced::new(form, page, "OLD");
            for nonce in ["n3w-nonce_123", "", &"x".repeat(70_000)] {
                let sent = kept.with_nonce(nonce);
                assert_eq!(decode(form, &sent), page.replace("OLD", nonce), "{form:?}");
            }
            if form != Form::Identity && !page.is_empty() {
                assert!(kept.size() * 5 < page.len(), "{form:?}: compressed");
            }
        }
    }
}

#[test]
fn a_raw_zstd_frame_decodes_to_its_bytes() {
    for len in [0, 1, 22, 128 << 10, (128 << 10) + 1, 300_000] {
        let body: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let mut frame = Vec::new();
        crate::server::compression::encoders::zstd_raw_frame(&body, &mut frame);
        assert_eq!(zstd::stream::decode_all(&frame[..]).unwrap(), body, "{len}");
    }
}

fn key(user: &str, path: &str) -> Key {
    Key {
        user: user.to_owned(),
        role: Role::Operator,
        time_zone: chrono_tz::Europe::Berlin,
        display_name: format!("{user} display"),
        path_and_query: path.to_owned(),
        form: Form::Gzip(1),
    }
}

fn entry(changes: u64, valid_until: DateTime<Utc>, page: &str) -> Entry {
    let body = Spliced::new(Form::Gzip(1), page, "NONCE");
    Entry {
        changes,
        valid_until,
        headers: HeaderMap::new(),
        size: body.size(),
        body,
        seq: 0,
    }
}

fn at(minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 6, 10, minute, second)
        .single()
        .unwrap()
}

#[test]
fn an_entry_is_found_only_under_its_key_count_and_time() {
    let cache = PageCache::new(Limits::DEFAULT);
    let inner = cache.inner.as_ref().unwrap();
    inner.insert(
        key("ann", "/today"),
        entry(7, at(1, 0), "ann's page"),
        7,
        at(0, 0),
    );
    assert!(inner.get(&key("ann", "/today"), 7, at(0, 59)).is_some());
    assert!(
        inner.get(&key("bob", "/today"), 7, at(0, 0)).is_none(),
        "another user"
    );
    assert!(
        inner
            .get(&key("ann", "/today?task=2"), 7, at(0, 0))
            .is_none()
    );
    let mut other_zone = key("ann", "/today");
    other_zone.time_zone = chrono_tz::UTC;
    assert!(
        inner.get(&other_zone, 7, at(0, 0)).is_none(),
        "another zone"
    );
    let mut other_role = key("ann", "/today");
    other_role.role = Role::Viewer;
    assert!(
        inner.get(&other_role, 7, at(0, 0)).is_none(),
        "another role"
    );
    let mut identity = key("ann", "/today");
    identity.form = Form::Identity;
    assert!(
        inner.get(&identity, 7, at(0, 0)).is_none(),
        "another encoding"
    );
    assert!(
        inner.get(&key("ann", "/today"), 8, at(0, 0)).is_none(),
        "a write since"
    );
    assert!(
        inner.get(&key("ann", "/today"), 7, at(1, 0)).is_none(),
        "expired"
    );
}

#[test]
fn the_cache_stays_within_its_limits_dropping_stale_entries_then_the_oldest() {
    let page = "<p>a page of some length</p>".repeat(40);
    let one = entry(1, at(1, 0), &page).size + key("u000", "/today").size();
    let limits = Limits {
        entries: 10,
        bytes: one * 5 + one / 2,
    };
    let cache = PageCache::new(limits);
    let inner = cache.inner.as_ref().unwrap();
    for i in 0..50 {
        let user = format!("u{i:03}");
        inner.insert(key(&user, "/today"), entry(1, at(1, 0), &page), 1, at(0, 0));
        let stats = cache.stats();
        assert!(
            stats.entries <= limits.entries && stats.bytes <= limits.bytes,
            "{stats:?}"
        );
    }
    let stats = cache.stats();
    assert_eq!(stats.entries, 5, "bytes bound it: {stats:?}");
    // The newest are kept.
    assert!(inner.get(&key("u049", "/today"), 1, at(0, 0)).is_some());
    assert!(inner.get(&key("u000", "/today"), 1, at(0, 0)).is_none());
    // A stale entry goes before an older current one.
    inner.insert(
        key("o000", "/today"),
        entry(0, at(1, 0), &page),
        1,
        at(0, 0),
    );
    inner.insert(
        key("n000", "/today"),
        entry(1, at(1, 0), &page),
        1,
        at(0, 0),
    );
    assert!(
        inner.get(&key("u046", "/today"), 1, at(0, 0)).is_some(),
        "kept"
    );
    assert!(inner.get(&key("n000", "/today"), 1, at(0, 0)).is_some());
    // Replacing an entry does not count it twice.
    for _ in 0..10 {
        inner.insert(
            key("n000", "/today"),
            entry(1, at(1, 0), &page),
            1,
            at(0, 0),
        );
    }
    assert_eq!(cache.stats().entries, 5);
    assert_eq!(cache.stats().bytes, 5 * one);
    // A page bigger than the whole budget is not kept; the off cache keeps nothing.
    // (Incompressible: a page that compresses small would fit.)
    let mut seed = 1u64;
    let huge: String = (0..limits.bytes * 2)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'0' + (seed >> 58) as u8)
        })
        .collect();
    inner.insert(
        key("huge", "/today"),
        entry(1, at(1, 0), &huge),
        1,
        at(0, 0),
    );
    assert!(inner.get(&key("huge", "/today"), 1, at(0, 0)).is_none());
    assert!(!PageCache::off().is_on());
    assert_eq!(PageCache::off().stats(), Stats::default());
}
