//! `load_item` and `save_item`: the server runs the same content check as the editor.

use campaign_ops_core::Platform;
use campaign_ops_core::platform::x_weighted_length;
use campaign_ops_web::api::AppError;
use campaign_ops_web::api::campaign::{ItemView, LoadItem, SaveItem};
use leptos::server_fn::ServerFn;

use super::{call, field_error, planned};

#[tokio::test]
async fn an_item_loads_with_its_local_time_and_an_unknown_one_is_not_found() {
    let p = planned();
    let item = p.item_of(Platform::X);
    let id = item.id.0.to_string();
    let view: ItemView = call(&p.ops, LoadItem::PATH, &[("item_id", &id)])
        .await
        .unwrap();
    assert_eq!(view.copy, item.copy);
    assert_eq!(view.platform, "x");
    assert_eq!(view.time_zone, "Europe/Berlin");
    assert!(view.editable && view.movable);
    let local = item.scheduled_at.with_timezone(&chrono_tz::Europe::Berlin);
    assert_eq!(
        view.scheduled_local,
        local.format("%Y-%m-%dT%H:%M").to_string()
    );
    let missing = call::<ItemView>(&p.ops, LoadItem::PATH, &[("item_id", "999999")]).await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
}

#[tokio::test]
async fn a_save_stores_copy_cta_and_asset_and_clears_blanks() {
    let p = planned();
    let item = p.item_of(Platform::X);
    let id = item.id.0.to_string();
    let copy = "Launch day 🚀 see https://example.com/launch #winter";
    let saved: ItemView = call(
        &p.ops,
        SaveItem::PATH,
        &[
            ("item_id", &id),
            ("title", "Launch day"),
            ("copy", copy),
            ("cta", "Sign up"),
            ("asset_ref", "hero.png"),
        ],
    )
    .await
    .expect("saved");
    assert_eq!(saved.copy, copy);
    assert_eq!(saved.cta, "Sign up");
    let stored = p.ops.get_calendar_item(item.id).unwrap();
    assert_eq!(stored.asset_ref.as_deref(), Some("hero.png"));
    assert!(x_weighted_length(copy) <= 280);

    let cleared: ItemView = call(
        &p.ops,
        SaveItem::PATH,
        &[
            ("item_id", &id),
            ("title", "Launch day"),
            ("copy", copy),
            ("cta", " "),
            ("asset_ref", ""),
        ],
    )
    .await
    .expect("saved");
    assert_eq!(cleared.cta, "");
    assert_eq!(p.ops.get_calendar_item(item.id).unwrap().cta, None);
}

#[tokio::test]
async fn copy_that_breaks_a_rule_is_refused_on_copy_and_a_blank_title_on_title() {
    let p = planned();
    let item = p.item_of(Platform::X);
    let id = item.id.0.to_string();
    // 290 weighted characters: over X's 280.
    let long = "日".repeat(145);
    let rule = field_error(
        call::<ItemView>(
            &p.ops,
            SaveItem::PATH,
            &[("item_id", &id), ("title", "T"), ("copy", &long)],
        )
        .await,
        "copy",
    );
    assert!(rule.contains("x.length") && rule.contains("290"), "{rule}");
    let rule = field_error(
        call::<ItemView>(
            &p.ops,
            SaveItem::PATH,
            &[("item_id", &id), ("title", "  "), ("copy", "ok")],
        )
        .await,
        "title",
    );
    assert!(rule.contains("empty"), "{rule}");
    assert_eq!(
        p.ops.get_calendar_item(item.id).unwrap(),
        item,
        "nothing changed"
    );
}
