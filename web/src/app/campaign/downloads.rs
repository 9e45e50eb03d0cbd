//! The downloads section: plain links to the campaign's files (iCalendar, CSV, JSON),
//! served by axum routes that check the caller's role like every server function.

use leptos::prelude::*;

use crate::api::campaign::{DOWNLOADS, download_href};

/// The downloads of campaign `id`.
#[component]
pub fn DownloadsSection(id: u64) -> impl IntoView {
    view! {
        <section class="card" id="downloads" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">"Downloads"</h2>
            <ul class="downloads">
                {DOWNLOADS
                    .iter()
                    .map(|(file, _, label)| {
                        view! {
                            <li>
                                <a href=download_href(id, file) download=*file data-file=*file rel="external">
                                    {*label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
