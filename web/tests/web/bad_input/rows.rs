//! The rows, grouped by what is wrong with them.

use campaign_ops_web::api::campaign::{
    AssignTask, BuildCalendar, CampaignReport, GeneratePlan, LoadCalendar, LoadItem, Reschedule,
    SaveItem,
};
use campaign_ops_web::api::users::{AddUser, SetMyTimeZone};
use campaign_ops_web::api::{
    ChangeCampaignStatus, CompleteTask, CreateCampaign, FailTask, GetCampaignForm, ListCampaigns,
    StartTask, UpdateCampaign,
};
use leptos::server_fn::ServerFn;

use super::{Row, World, form, typed};

/// A valid `create_campaign` body but for `field`, which is `value` (already encoded).
fn create_with(field: &str, value: &str) -> String {
    let mut pairs = vec![
        ("name", "Bad input".to_owned()),
        ("client_name", "Acme".to_owned()),
        ("objective", "awareness".to_owned()),
        ("platforms%5B%5D", "x".to_owned()),
        ("start_date", "2027-01-04".to_owned()),
        ("time_zone", "UTC".to_owned()),
    ];
    match pairs.iter_mut().find(|(k, _)| *k == field) {
        Some(pair) => pair.1 = value.to_owned(),
        None => pairs.push((leak(field), value.to_owned())),
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

pub fn rows(w: &World) -> Vec<Row> {
    let create = CreateCampaign::PATH;
    let list = ListCampaigns::PATH;
    let (open, done) = (w.open, w.done);
    let mut rows = vec![
        // Malformed bodies.
        form(create, "%%%zz&&==", 400, &["name"]),
        form(create, "", 400, &["name"]),
        typed(
            create,
            "application/json",
            r#"{"name":"Json","client_name":"Acme","objective":"awareness","platforms":["x"],"start_date":"2027-01-04","time_zone":"UTC"}"#,
            400,
            &["name"],
        ),
        typed(
            create,
            "application/x-www-form-urlencoded",
            b"name=\xff\xfe&client_name=Acme".to_vec(),
            400,
            &["utf-8"],
        ),
        form(
            create,
            create_with("platforms%5Ba%5D%5Bb%5D%5Bc%5D%5Bd%5D%5Be%5D%5Bf%5D", "x"),
            400,
            &["platforms"],
        ),
        // Missing, duplicated and mistyped fields.
        form(
            create,
            create_with("time_zone", "UTC").replace("&start_date=2027-01-04", ""),
            400,
            &["start_date"],
        ),
        form(list, "limit=abc", 400, &["limit"]),
        form(list, "limit=-1", 400, &["limit"]),
        form(list, "limit=0", 400, &["limit"]),
        form(list, "limit=10&limit=20", 400, &["limit"]),
        form(list, "limit=10&after=1.5", 400, &["after"]),
        form(
            GetCampaignForm::PATH,
            "campaign_id=18446744073709551616",
            400,
            &["campaign_id"],
        ),
        form(GetCampaignForm::PATH, "campaign_id=", 400, &["campaign_id"]),
        form(
            GeneratePlan::PATH,
            format!("campaign_id={open}&focus_area=Launch&duration_days=two+weeks"),
            400,
            &["duration_days"],
        ),
        form(
            GeneratePlan::PATH,
            format!("campaign_id={open}&focus_area=Launch&duration_days=0"),
            400,
            &["duration_days"],
        ),
        form(
            LoadCalendar::PATH,
            format!("campaign_id={open}&view=year"),
            400,
            &["view"],
        ),
        form(
            CampaignReport::PATH,
            format!("campaign_id={open}&week=2027-W60"),
            400,
            &["week"],
        ),
        form(
            Reschedule::PATH,
            format!("item_id={}&scheduled_at=tomorrow", w.open_item),
            400,
            &["scheduled_at"],
        ),
        form(
            ChangeCampaignStatus::PATH,
            format!("campaign_id={open}&to=explode"),
            400,
            &["to"],
        ),
        form(
            AddUser::PATH,
            "name=newbie&role=god&time_zone=UTC&password=long+enough+pass",
            400,
            &["role"],
        ),
        // Over-long fields (the message quotes at most a little of them).
        form(
            create,
            create_with("name", &"n".repeat(500)),
            400,
            &["name"],
        ),
        form(
            create,
            create_with("description", &"d".repeat(6000)),
            400,
            &["description"],
        ),
        form(
            SaveItem::PATH,
            format!(
                "item_id={}&title=T&copy={}",
                w.open_item,
                "c".repeat(25_000)
            ),
            400,
            &["copy"],
        ),
        form(
            FailTask::PATH,
            format!("task_id={}&reason={}", w.open_task, "r".repeat(100_000)),
            400,
            &["reason"],
        ),
        // Control, NUL, bidi and invisible characters.
        form(
            create,
            create_with("name", "Bell%07campaign"),
            400,
            &["name"],
        ),
        form(
            create,
            create_with("name", "Nul%00campaign"),
            400,
            &["name"],
        ),
        form(
            create,
            create_with("name", "Evil%E2%80%AEnoitpac"),
            400,
            &["name"],
        ),
        form(
            create,
            create_with("client_name", "Ac%E2%80%8Bme"),
            400,
            &["client_name"],
        ),
        form(
            AssignTask::PATH,
            format!("task_id={}&assignee=bob%E2%80%AE", w.open_task),
            400,
            &["assignee"],
        ),
        form(
            FailTask::PATH,
            format!("task_id={}&reason=+++", w.open_task),
            400,
            &["reason"],
        ),
        // Bad values of the right type.
        form(
            create,
            create_with("start_date", "2027-02-30"),
            400,
            &["start_date"],
        ),
        form(
            create,
            create_with("end_date", "2026-12-01"),
            400,
            &["end_date"],
        ),
        form(
            create,
            create_with("objective", "world_domination"),
            400,
            &["objective"],
        ),
        form(
            create,
            create_with("platforms%5B%5D", "myspace"),
            400,
            &["platforms"],
        ),
        form(create, create_with("name", "Winter+launch"), 409, &["name"]),
        form(
            CompleteTask::PATH,
            format!("task_id={}&proof=javascript%3Aalert(1)", w.open_task),
            400,
            &["proof"],
        ),
        form(
            CompleteTask::PATH,
            format!("task_id={}&metrics%5Bimpressions%5D=NaN", w.open_task),
            400,
            &["metrics.impressions"],
        ),
        form(
            CompleteTask::PATH,
            format!("task_id={}&metrics%5Bclicks%5D=-5", w.open_task),
            400,
            &["metrics.clicks"],
        ),
        form(
            CompleteTask::PATH,
            format!("task_id={}&metrics%5Blikes%5D=1e400", w.open_task),
            400,
            &["metrics.likes"],
        ),
        // Bad time zones.
        form(
            create,
            create_with("time_zone", "Mars%2FOlympus_Mons"),
            400,
            &["time_zone"],
        ),
        form(
            create,
            create_with("time_zone", "%2B02%3A00"),
            400,
            &["time_zone"],
        ),
        form(create, create_with("time_zone", ""), 400, &["time_zone"]),
        form(
            SetMyTimeZone::PATH,
            "time_zone=UTC%2B1",
            400,
            &["time_zone"],
        ),
        form(
            AddUser::PATH,
            "name=newbie&role=viewer&time_zone=Europe%2FAtlantis&password=long+enough+pass",
            400,
            &["time_zone"],
        ),
        // Unknown ids.
        form(
            GetCampaignForm::PATH,
            "campaign_id=999999",
            404,
            &["999999"],
        ),
        form(
            UpdateCampaign::PATH,
            create_with("campaign_id", "424242"),
            404,
            &["424242"],
        ),
        form(StartTask::PATH, "task_id=999999", 404, &["999999"]),
        form(LoadItem::PATH, "item_id=999999", 404, &["999999"]),
        form(BuildCalendar::PATH, "plan_id=999999", 404, &["999999"]),
        // Ids of a completed (read-only) campaign, and an illegal move.
        form(
            Reschedule::PATH,
            format!("item_id={}&scheduled_at=2027-01-06T10%3A00", w.done_item),
            409,
            &["completed", "can no longer change"],
        ),
        form(
            SaveItem::PATH,
            format!("item_id={}&title=T&copy=Hello", w.done_item),
            409,
            &["completed", "can no longer change"],
        ),
        form(
            StartTask::PATH,
            format!("task_id={}", w.done_task),
            409,
            &["completed", "can no longer change"],
        ),
        form(
            BuildCalendar::PATH,
            format!("plan_id={}", w.done_plan),
            409,
            &["completed", "can no longer change"],
        ),
        form(
            GeneratePlan::PATH,
            format!("campaign_id={done}&focus_area=Again&duration_days=14"),
            409,
            &["completed", "can no longer change"],
        ),
        form(
            ChangeCampaignStatus::PATH,
            format!("campaign_id={open}&to=complete"),
            409,
            &["complete"],
        ),
        // Past the body limit.
        form(
            create,
            create_with("description", &"x".repeat(2 << 20)),
            413,
            &["too large"],
        ),
    ];
    rows.push(form(
        "/api/no_such_function",
        "a=1",
        404,
        &["no_such_function"],
    ));
    rows
}
