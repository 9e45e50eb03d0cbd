//! The campaign's downloads as plain GET routes, so a link (no JS) saves a file:
//! `/campaigns/{id}/export/{file}` with `file` one of [`super::DOWNLOADS`], each with its
//! content type and an attachment file name.
//!
//! They are axum routes, not server functions: a server function answers a browser's
//! navigation (`Accept: text/html` with a `Referer`) with a redirect back to the page,
//! which a download link must not get. The role check is the same as everywhere: the
//! handler gives [`call_as`] the Leptos context a server function gets (the request's
//! parts, response options, the service), so sign-in's `caller()` sees the same request.

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use axum::routing::get;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::reactive::owner::Owner;

use crate::api::AppError;
use crate::server::Service;
use crate::server::context::call_as;

/// The download routes over `ops`, to merge into the dashboard's router.
pub fn routes<S: Clone + Send + Sync + 'static>(ops: Service) -> Router<S> {
    Router::new().route(
        "/campaigns/{id}/export/{file}",
        get(
            move |Path((id, file)): Path<(String, String)>, req: Request<Body>| {
                download(ops.clone(), id, file, req)
            },
        ),
    )
}

/// A file name part made of the campaign's name: lower-case letters, digits and dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "campaign".to_owned()
    } else {
        out
    }
}

async fn download(ops: Service, id: String, file: String, req: Request<Body>) -> Response<Body> {
    let Some(&(name, content_type, _)) = super::DOWNLOADS.iter().find(|(n, ..)| *n == file) else {
        return plain(StatusCode::NOT_FOUND, format!("no download named '{file}'"));
    };
    let Ok(id) = id.parse::<u64>() else {
        return plain(StatusCode::NOT_FOUND, format!("no campaign '{id}'"));
    };
    let (parts, _) = req.into_parts();
    let owner = Owner::new();
    let made = owner
        .with(|| {
            ScopedFuture::new(async move {
                provide_context(parts);
                provide_context(leptos_axum::ResponseOptions::default());
                provide_context(ops);
                call_as(campaign_ops_core::Role::Viewer, move |ops, _| {
                    use campaign_ops_core::CampaignId;
                    use campaign_ops_core::service::ExportFormat::{Csv, Json};
                    let cid = CampaignId(id);
                    let campaign = ops.get_campaign(cid)?;
                    let body = match name {
                        "calendar.ics" => ops.export_ics(cid)?,
                        "tasks.csv" => ops.export_tasks(cid, Csv)?,
                        "tasks.json" => ops.export_tasks(cid, Json)?,
                        "metrics.csv" => ops.export_metrics(cid, Csv)?,
                        _ => ops.export_metrics(cid, Json)?,
                    };
                    Ok((slug(&campaign.name), body))
                })
                .await
            })
        })
        .await;
    drop(owner);
    match made {
        Ok((slug, body)) => {
            let disposition = format!("attachment; filename=\"{slug}-{name}\"");
            let mut res = Response::new(Body::from(body));
            let headers = res.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            let status = match &e {
                AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
                AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Validation { .. } | AppError::Taken { .. } => StatusCode::BAD_REQUEST,
                AppError::Refused(_) => StatusCode::CONFLICT,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            plain(status, e.to_string())
        }
    }
}

fn plain(status: StatusCode, text: String) -> Response<Body> {
    let mut res = Response::new(Body::from(text));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn file_names_are_made_of_safe_characters() {
        assert_eq!(slug("Winter launch 2027!"), "winter-launch-2027");
        assert_eq!(slug("  Ünïcode — only  "), "n-code-only");
        assert_eq!(slug("???"), "campaign");
    }
}
