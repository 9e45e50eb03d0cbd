//! The users page (admin): the users with their role and status, a form per user to
//! change the role, reset the password and disable / enable, and the form that adds a
//! user. Every form is an `ActionForm` (a real `<form>` posting to its server function), so
//! it works without JS; every server function checks the admin role itself.

use leptos::prelude::*;

use crate::api::AppError;
use crate::api::users::{
    AddUser, DisableUser, EnableUser, ResetPassword, SetUserRole, UserRow, list_users,
};

/// Roles offered in the forms: key and label.
const ROLES: [(&str, &str); 3] = [
    ("viewer", "Viewer"),
    ("operator", "Operator"),
    ("admin", "Admin"),
];

/// The users page.
#[component]
pub fn UsersPage() -> impl IntoView {
    let hydrated = super::hydrated();
    let add = ServerAction::<AddUser>::new();
    let role = ServerAction::<SetUserRole>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let disable = ServerAction::<DisableUser>::new();
    let enable = ServerAction::<EnableUser>::new();
    let users = Resource::new(
        move || {
            (
                add.version().get(),
                role.version().get(),
                reset.version().get(),
                disable.version().get(),
                enable.version().get(),
            )
        },
        |_| list_users(None),
    );
    let actions = UserActions {
        role,
        reset,
        disable,
        enable,
    };
    let last_error = move || {
        [
            role.value().get().and_then(Result::err),
            reset.value().get().and_then(Result::err),
            disable.value().get().and_then(Result::err),
            enable.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|e: AppError| view! { <p class="error" id="users-error">{e.to_string()}</p> })
    };
    view! {
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <h1>"Users"</h1>
            {last_error}
            <Suspense fallback=|| view! { <p>"Loading users…"</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(list) => view! { <UserTable list actions/> }.into_any(),
                        Err(e) => view! { <super::LoadError error=e id="users-load-error"/> }.into_any(),
                    }
                })}
            </Suspense>
            <AddUserForm add/>
        </main>
    }
}

/// The per-user actions of the table.
#[derive(Clone, Copy)]
struct UserActions {
    role: ServerAction<SetUserRole>,
    reset: ServerAction<ResetPassword>,
    disable: ServerAction<DisableUser>,
    enable: ServerAction<EnableUser>,
}

/// The users as a table, each row with its forms.
#[component]
fn UserTable(list: Vec<UserRow>, actions: UserActions) -> impl IntoView {
    view! {
        <table id="users">
            <thead>
                <tr>
                    <th>"Login"</th>
                    <th>"Name"</th>
                    <th>"Role"</th>
                    <th>"Zone"</th>
                    <th>"Status"</th>
                    <th>"Password"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|u| view! { <UserRowView u actions/> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One user with their forms.
#[component]
fn UserRowView(u: UserRow, actions: UserActions) -> impl IntoView {
    let UserActions {
        role,
        reset,
        disable,
        enable,
    } = actions;
    // One copy of the name per form: each view takes its own.
    let [for_role, for_status, for_reset] = [(); 3].map(|()| u.name.clone());
    let current = u.role.clone();
    view! {
        <tr data-user=u.name.clone()>
            <td class="name">{u.name.clone()}</td>
            <td>{u.display_name.clone()}</td>
            <td>
                <ActionForm action=role>
                    <input type="hidden" name="name" value=for_role/>
                    <label class="sr-only" for=format!("role-{}", u.id)>"Role"</label>
                    <select name="role" id=format!("role-{}", u.id)>
                        {ROLES
                            .iter()
                            .map(|(key, label)| {
                                view! { <option value=*key selected=current == *key>{*label}</option> }
                            })
                            .collect_view()}
                    </select>
                    <button type="submit">"Set"</button>
                </ActionForm>
            </td>
            <td>{u.time_zone.clone()}</td>
            <td>
                {if u.disabled {
                    view! {
                        <ActionForm action=enable>
                            <input type="hidden" name="name" value=for_status/>
                            <span class="status">"disabled"</span>
                            " "
                            <button type="submit">"Enable"</button>
                        </ActionForm>
                    }
                    .into_any()
                } else {
                    view! {
                        <ActionForm action=disable>
                            <input type="hidden" name="name" value=for_status/>
                            <span class="status status-active">"active"</span>
                            " "
                            <button type="submit">"Disable"</button>
                        </ActionForm>
                    }
                    .into_any()
                }}
            </td>
            <td>
                <ActionForm action=reset>
                    <input type="hidden" name="name" value=for_reset/>
                    <label class="sr-only" for=format!("password-{}", u.id)>"New password"</label>
                    <input type="password" name="password" id=format!("password-{}", u.id)
                        autocomplete="new-password" placeholder="new password"/>
                    <button type="submit">"Reset"</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The form that adds a user, with each field's error next to it.
#[component]
fn AddUserForm(add: ServerAction<AddUser>) -> impl IntoView {
    const FIELDS: [&str; 5] = ["name", "display_name", "role", "time_zone", "password"];
    let value = add.value();
    let error = move || value.get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error().and_then(|e| e.field_message(field)).map(|message| {
                view! { <p class="field-error" id=format!("user-{field}-error")>{message}</p> }
            })
        }
    };
    let form_error = move || {
        error()
            .and_then(|e: AppError| e.form_message(&FIELDS))
            .map(|message| view! { <p class="error">{message}</p> })
    };
    let added = move || {
        value.get().and_then(Result::ok).map(|u| {
            view! { <p class="created" id="user-added">{format!("Added {}.", u.name)}</p> }
        })
    };
    view! {
        <section class="create">
            <h2>"New user"</h2>
            {added}
            {form_error}
            <ActionForm action=add attr:id="add-user">
                <label>"Login name" <input type="text" name="name" autocomplete="off"/></label>
                {field_error("name")}
                <label>"Display name" <input type="text" name="display_name"/></label>
                {field_error("display_name")}
                <label>
                    "Role"
                    <select name="role">
                        {ROLES
                            .iter()
                            .map(|(key, label)| view! { <option value=*key>{*label}</option> })
                            .collect_view()}
                    </select>
                </label>
                {field_error("role")}
                <label>"Time zone" <input type="text" name="time_zone" value="UTC"/></label>
                {field_error("time_zone")}
                <label>
                    "First password"
                    <input type="password" name="password" autocomplete="new-password"/>
                </label>
                {field_error("password")}
                <button type="submit">"Add user"</button>
            </ActionForm>
        </section>
    }
}
