//! The downloads: plain GET routes with the right type and file name.

use axum::http::{StatusCode, header};

use super::{planned, send, text};
use crate::get;

#[tokio::test]
async fn each_download_has_its_type_and_an_attachment_name() {
    let p = planned();
    for (file, content_type, first) in [
        (
            "calendar.ics",
            "text/calendar; charset=utf-8",
            "BEGIN:VCALENDAR",
        ),
        ("tasks.csv", "text/csv; charset=utf-8", "id,"),
        ("tasks.json", "application/json", "["),
        ("metrics.csv", "text/csv; charset=utf-8", "id,"),
        ("metrics.json", "application/json", "["),
    ] {
        let res = send(&p.ops, get(&format!("/campaigns/{}/export/{file}", p.id))).await;
        assert_eq!(res.status(), StatusCode::OK, "{file}");
        assert_eq!(res.headers()[header::CONTENT_TYPE], content_type, "{file}");
        assert_eq!(
            res.headers()[header::CONTENT_DISPOSITION],
            format!("attachment; filename=\"winter-launch-{file}\"").as_str()
        );
        let body = text(res).await;
        assert!(body.starts_with(first), "{file}: {body}");
    }
}

#[tokio::test]
async fn unknown_files_and_campaigns_are_404() {
    let p = planned();
    let res = send(
        &p.ops,
        get(&format!("/campaigns/{}/export/passwords.txt", p.id)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = send(&p.ops, get("/campaigns/424242/export/tasks.csv")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains("not found"));
}
