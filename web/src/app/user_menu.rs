//! The header's account corner: who is signed in (display name and role) and the sign-out
//! button, a plain form post to `/sign-out` that works without the WASM client.

use leptos::prelude::*;

use crate::api::users::current_user;

/// Who is signed in, and the sign-out button; a sign-in link for nobody.
#[component]
pub fn UserMenu() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! {
                        <div class="user-menu">
                            {(me.role == "admin")
                                .then(|| view! {
                                    <nav class="admin-links" aria-label="Admin">
                                        <a class="users-link" href="/users">"Users"</a>
                                        <a class="actions-link" href="/actions">"Actions"</a>
                                        <a class="audit-link" href="/audit">"Audit"</a>
                                    </nav>
                                })}
                            <span class="who" id="signed-in-as" data-role=me.role.clone()>
                                {me.display_name}
                                <span class="role">{format!(" · {}", me.role)}</span>
                            </span>
                            <form method="post" action="/sign-out" class="sign-out">
                                <button type="submit" id="sign-out">"Sign out"</button>
                            </form>
                        </div>
                    }
                    .into_any(),
                    _ => view! {
                        // `rel=external`: a full page load, the sign-in page is the server's.
                        <a class="sign-in" href="/sign-in" rel="external">"Sign in"</a>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
