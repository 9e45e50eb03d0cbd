//! The Today page's cache ([`campaign_ops_web::server::page_cache`]) on a real redb store
//! and a fixed clock, through one router: a kept page is sent again with a fresh nonce; a
//! write, time passing, another user, another encoding each get a fresh render; the off
//! switch and a store that cannot count its writes keep nothing.

use std::io::Read as _;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use campaign_ops_core::{FixedClock, Role};
use campaign_ops_store::RedbStore;
use campaign_ops_web::server::page_cache::{Limits, PageCache, Stats};
use campaign_ops_web::server::{self, Security, Service};
use chrono::{DateTime, TimeZone, Utc};

use super::{actor, seed, task};
use crate::{ROUTER, session, via};

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 6, h, m, s)
        .single()
        .expect("a time")
}

/// A service at 2027-01-06 `now` UTC with an active campaign.
fn service_at(now: DateTime<Utc>) -> (Service, FixedClock, campaign_ops_core::CampaignId) {
    let clock = FixedClock::new(now);
    let ops = campaign_ops_actions::ops(RedbStore::in_memory().expect("redb"), clock.clone());
    let id = seed(&ops, "Winter launch");
    ops.activate_campaign(&actor(), id).expect("active");
    (ops, clock, id)
}

async fn app_with(ops: &Service, cache: PageCache) -> axum::Router {
    let _turn = ROUTER.lock().await;
    let addr = "127.0.0.1:3000".parse().expect("an address");
    server::router_with_cache(
        ops.clone(),
        server::options(addr),
        Security::default(),
        cache,
    )
}

/// The Today page (`path`) as `cookie`'s user gets it accepting `accept`: the page
/// decoded, and the nonce of its `Content-Security-Policy`.
async fn page(app: &axum::Router, cookie: &str, path: &str, accept: &str) -> (String, String) {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .header(header::ACCEPT_ENCODING, accept)
        .body(Body::empty())
        .expect("a request");
    let res = via(app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ASCII")
        .to_owned();
    let nonce = csp
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-"))
        .and_then(|s| s.strip_suffix('\''))
        .expect("a nonce")
        .to_owned();
    let encoding = res
        .headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().expect("ASCII").to_owned());
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .expect("a body");
    let mut html = String::new();
    match encoding.as_deref() {
        None => html = String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        Some("gzip") => {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut html)
                .expect("gzip");
        }
        Some("zstd") => {
            zstd::stream::read::Decoder::new(&bytes[..])
                .expect("zstd")
                .read_to_string(&mut html)
                .expect("zstd");
        }
        Some("br") => {
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_string(&mut html)
                .expect("br");
        }
        Some(other) => panic!("unexpected encoding {other}"),
    }
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the scripts carry the header's nonce"
    );
    (html, nonce)
}

fn stats(cache: &PageCache) -> (u64, u64) {
    let Stats { hits, misses, .. } = cache.stats();
    (hits, misses)
}

#[tokio::test]
async fn a_kept_page_is_sent_again_with_a_fresh_nonce_until_a_write() {
    let (ops, _, c) = service_at(at(10, 0, 0));
    let cookie = session(&ops, "ann", Role::Operator);
    task(&ops, c, "Call the printer", at(8, 0, 0), "ann");
    let cache = PageCache::new(Limits::DEFAULT);
    let app = app_with(&ops, cache.clone()).await;
    for accept in ["gzip", "zstd", "identity", "br"] {
        let (first, n1) = page(&app, &cookie, "/today", accept).await;
        let (again, n2) = page(&app, &cookie, "/today", accept).await;
        assert_ne!(n1, n2, "{accept}: a fresh nonce per response");
        assert_eq!(first.replace(&n1, "N"), again.replace(&n2, "N"), "{accept}");
        assert!(first.contains("Call the printer"));
    }
    // gzip, zstd and identity are kept (one render, then a hit each); brotli passes by.
    assert_eq!(stats(&cache), (3, 3));
    // Any committed write: the next request renders again and shows it.
    task(&ops, c, "Review replies", at(15, 0, 0), "ann");
    let (html, _) = page(&app, &cookie, "/today", "gzip").await;
    assert!(html.contains("Review replies"), "{html}");
    assert_eq!(stats(&cache), (3, 4));
    let (html, _) = page(&app, &cookie, "/today", "gzip").await;
    assert!(html.contains("Review replies"));
    assert_eq!(stats(&cache), (4, 4));
    // Another query is another page.
    page(&app, &cookie, "/today?task=1", "gzip").await;
    assert_eq!(stats(&cache), (4, 5));
}

#[tokio::test]
async fn time_passing_expires_a_kept_page_when_a_task_falls_due_or_the_minute_ends() {
    let (ops, clock, c) = service_at(at(10, 0, 30));
    let cookie = session(&ops, "ann", Role::Operator);
    task(&ops, c, "Post the teaser", at(10, 0, 45), "ann");
    task(&ops, c, "Later today", at(16, 0, 0), "ann");
    let cache = PageCache::new(Limits::DEFAULT);
    let app = app_with(&ops, cache.clone()).await;
    let (html, _) = page(&app, &cookie, "/today", "gzip").await;
    assert!(
        html.contains("Today (2)") && html.contains("Overdue (0)"),
        "{html}"
    );
    clock.set(at(10, 0, 44));
    page(&app, &cookie, "/today", "gzip").await;
    assert_eq!(stats(&cache), (1, 1), "before the task falls due: kept");
    // The teaser has fallen due: it is overdue now, and the page says so.
    clock.set(at(10, 0, 46));
    let (html, _) = page(&app, &cookie, "/today", "gzip").await;
    assert_eq!(stats(&cache), (1, 2));
    assert!(
        html.contains("Overdue (1)") && html.contains("Today (1)"),
        "{html}"
    );
    clock.set(at(10, 0, 59));
    page(&app, &cookie, "/today", "gzip").await;
    assert_eq!(stats(&cache), (2, 2));
    // The next minute begins: rendered again, with no write in between (the session,
    // seen at 10:00:30, is written back a minute after that at the soonest).
    let changes = campaign_ops_core::Store::change_count(ops.store());
    clock.set(at(10, 1, 0));
    page(&app, &cookie, "/today", "gzip").await;
    assert_eq!(stats(&cache), (2, 3));
    assert_eq!(campaign_ops_core::Store::change_count(ops.store()), changes);
    clock.set(at(10, 1, 1));
    page(&app, &cookie, "/today", "gzip").await;
    assert_eq!(stats(&cache), (3, 3));
}

#[tokio::test]
async fn two_users_never_share_a_page() {
    let (ops, _, c) = service_at(at(10, 0, 0));
    let ann = session(&ops, "ann", Role::Operator);
    let bob = session(&ops, "bob", Role::Operator);
    task(&ops, c, "Task of ann", at(12, 0, 0), "ann");
    task(&ops, c, "Task of bob", at(12, 0, 0), "bob");
    let cache = PageCache::new(Limits::DEFAULT);
    let app = app_with(&ops, cache.clone()).await;
    for _ in 0..2 {
        let (a, _) = page(&app, &ann, "/today", "gzip").await;
        let (b, _) = page(&app, &bob, "/today", "gzip").await;
        assert!(
            a.contains("Task of ann") && !a.contains("Task of bob"),
            "{a}"
        );
        assert!(
            b.contains("Task of bob") && !b.contains("Task of ann"),
            "{b}"
        );
    }
    assert_eq!(stats(&cache), (2, 2), "one render each, then one hit each");
}

#[tokio::test]
async fn the_cache_stays_bounded_through_the_router() {
    let (ops, _, c) = service_at(at(10, 0, 0));
    let ann = session(&ops, "ann", Role::Operator);
    for h in 11..16 {
        task(&ops, c, &format!("Task at {h}"), at(h, 0, 0), "ann");
    }
    let limits = Limits {
        entries: 2,
        bytes: 1 << 20,
    };
    let cache = PageCache::new(limits);
    let app = app_with(&ops, cache.clone()).await;
    for id in 1..=6 {
        page(&app, &ann, &format!("/today?task={id}"), "gzip").await;
        let s = cache.stats();
        assert!(s.entries <= 2 && s.bytes <= limits.bytes, "{s:?}");
    }
    assert_eq!(cache.stats().entries, 2);
}

#[tokio::test]
async fn off_or_on_a_store_that_cannot_count_its_writes_nothing_is_kept() {
    let (ops, _, c) = service_at(at(10, 0, 0));
    let ann = session(&ops, "ann", Role::Operator);
    task(&ops, c, "A task", at(12, 0, 0), "ann");
    let off = PageCache::off();
    let app = app_with(&ops, off.clone()).await;
    for _ in 0..2 {
        page(&app, &ann, "/today", "gzip").await;
    }
    assert_eq!(off.stats(), Stats::default());
    // A store without a change count (CountingStore's default, as PostgreSQL's).
    let clock = FixedClock::new(at(10, 0, 0));
    let counted =
        campaign_ops_core::testing::CountingStore::new(RedbStore::in_memory().expect("redb"));
    let ops = campaign_ops_actions::ops(counted, clock);
    let ann = session(&ops, "ann", Role::Operator);
    let cache = PageCache::new(Limits::DEFAULT);
    let app = app_with(&ops, cache.clone()).await;
    for _ in 0..2 {
        page(&app, &ann, "/today", "gzip").await;
    }
    assert_eq!(stats(&cache), (0, 0));
}
