//! Mi cuenta: plan and account, users and roles (tokens: [`super::tokens`]).
use crate::api::users::{list_roles, list_users};
use crate::components::crm_page::PageError;
use crate::components::labels::{permission_label, role_label};
use crate::components::notices::ForbiddenNotice;
use crate::components::record_form::PostButton;
use crate::components::session::use_session;
use crate::domain::money::CURRENCIES;
use crate::domain::permission::Permission;
use crate::domain::plan::Plan;
use crate::domain::settings::{RoleSetting, TIME_ZONES};
use crate::i18n::*;
use crate::model::UserView;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/cuenta/plan`: the account's plan and what it includes.
#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_session();
    let plan = match s.plan {
        Plan::Basico => t!(i18n, plans.basico).into_any(),
        Plan::Estandar => t!(i18n, plans.estandar).into_any(),
        Plan::Premium => t!(i18n, plans.premium).into_any(),
    };
    let crm = if s.plan.has_crm() {
        t!(i18n, plan.crm_included).into_any()
    } else {
        t!(i18n, plan.crm_not_included).into_any()
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, plan.title)) />
        <h1>{t!(i18n, plan.title)}</h1>
        <section class="card">
            <dl class="facts">
                <dt>{t!(i18n, plan.account)}</dt>
                <dd>{s.account_name.clone()}</dd>
                <dt>{t!(i18n, plan.current)}</dt>
                <dd data-plan=s.plan.as_str()>{plan}</dd>
                <dt>{t!(i18n, plan.currency)}</dt>
                <dd>{s.currency.clone()}</dd>
                <dt>{t!(i18n, plan.time_zone)}</dt>
                <dd>{s.time_zone.clone()}</dd>
            </dl>
            <p>{crm}</p>
        </section>
        {s
            .can(Permission::PlanManage)
            .then(|| {
                view! {
                    <AccountForm
                        name=s.account_name.clone()
                        currency=s.currency.clone()
                        time_zone=s.time_zone.clone()
                    />
                }
            })}
    }
}

/// The account's name, base currency and time zone, for whoever manages
/// the account.
#[component]
fn AccountForm(name: String, currency: String, time_zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let currencies = CURRENCIES
        .iter()
        .map(|c| {
            view! {
                <option value=*c selected=*c == currency>
                    {*c}
                </option>
            }
        })
        .collect_view();
    let mut zones: Vec<&str> = TIME_ZONES.to_vec();
    if !zones.contains(&time_zone.as_str()) {
        zones.insert(0, &time_zone);
    }
    let zones = zones
        .into_iter()
        .map(|z| {
            view! {
                <option value=z.to_string() selected=z == time_zone>
                    {z.replace('_', " ")}
                </option>
            }
        })
        .collect_view();
    view! {
        <section class="card settings-card">
            <h2>{t!(i18n, plan.settings)}</h2>
            <form class="stack-form" method="post" action="/api/save_account">
                <label>
                    {t!(i18n, plan.account)}
                    <input
                        type="text"
                        name="account_name"
                        required
                        maxlength="120"
                        value=name.clone()
                    />
                </label>
                <label>
                    {t!(i18n, plan.currency)}<select name="currency">{currencies}</select>
                </label>
                <p class="muted hint">{t!(i18n, plan.currency_hint)}</p>
                <label>{t!(i18n, plan.time_zone)}<select name="time_zone">{zones}</select></label>
                <p class="muted hint">{t!(i18n, plan.time_zone_hint)}</p>
                <button type="submit" class="button button-primary">
                    {t!(i18n, form.save)}
                </button>
            </form>
        </section>
    }
}

/// `/cuenta/usuarios`: the account's users and roles (needs
/// `account.users.manage`): create a user, change a role, deactivate or
/// activate, custom roles with permission checkboxes. Plain forms.
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_session();
    let me = s.user_id;
    let body = if s.can(Permission::UsersManage) {
        Either::Left(view! {
            <Suspense fallback=move || {
                view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
            }>
                {Suspend::new(async move {
                    match (list_users().await, list_roles().await) {
                        (Ok(users), Ok(roles)) => {
                            Either::Left(
                                view! {
                                    <UsersTable users roles=roles.clone() me />
                                    <NewUser roles=roles.clone() />
                                    <Roles roles />
                                },
                            )
                        }
                        (Err(error), _) | (_, Err(error)) => {
                            Either::Right(view! { <PageError error /> })
                        }
                    }
                })}
            </Suspense>
        })
    } else {
        Either::Right(view! { <ForbiddenNotice /> })
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, users.title)) />
        <h1>{t!(i18n, users.title)}</h1>
        {body}
    }
}

/// The options of a role select, `chosen` selected.
fn role_options(
    i18n: I18nContext<Locale>,
    roles: &[RoleSetting],
    chosen: &str,
    by_id: bool,
) -> impl IntoView + use<> {
    roles
        .iter()
        .map(|r| {
            let value = if by_id {
                r.id.to_string()
            } else {
                r.name.clone()
            };
            view! {
                <option value=value selected=r.name == chosen>
                    {role_label(i18n, &r.name)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn UsersTable(users: Vec<UserView>, roles: Vec<RoleSetting>, me: i64) -> impl IntoView {
    let i18n = use_i18n();
    let rows = users
        .into_iter()
        .map(|u| {
            let status = if u.active {
                t!(i18n, users.active).into_any()
            } else {
                t!(i18n, users.inactive).into_any()
            };
            let id = u.id.to_string();
            let (role, standing) = if u.id == me {
                (
                    role_label(i18n, &u.role).into_any(),
                    t!(i18n, users.you).into_any(),
                )
            } else {
                let reset = view! {
                    <details class="reset-password">
                        <summary>{t!(i18n, users.reset)}</summary>
                        <form class="inline-form" method="post" action="/api/reset_password">
                            <input type="hidden" name="id" value=id.clone() />
                            <input
                                type="password"
                                name="password"
                                required
                                minlength="8"
                                autocomplete="new-password"
                                aria-label=t_string!(i18n, users.new_password)
                                placeholder=t_string!(i18n, users.new_password)
                            />
                            <button type="submit" class="button button-ghost">
                                {t!(i18n, users.reset_save)}
                            </button>
                        </form>
                    </details>
                };
                let fields = vec![("id", id.clone()), ("active", (!u.active).to_string())];
                let standing = if u.active {
                    view! {
                        <PostButton
                            action="/api/set_user_active"
                            fields
                            text=t_string!(i18n, users.deactivate).to_string()
                            confirm=t_string!(i18n, users.confirm_deactivate).to_string()
                        />
                        {reset}
                    }
                    .into_any()
                } else {
                    view! {
                        <PostButton
                            action="/api/set_user_active"
                            fields
                            text=t_string!(i18n, users.activate).to_string()
                        />
                    }
                    .into_any()
                };
                (
                    view! {
                        <form class="inline-form" method="post" action="/api/set_user_role">
                            <input type="hidden" name="id" value=id.clone() />
                            <select name="role_id" aria-label=t_string!(i18n, users.role)>
                                {role_options(i18n, &roles, &u.role, true)}
                            </select>
                            <button type="submit" class="button button-ghost">
                                {t!(i18n, users.change_role)}
                            </button>
                        </form>
                    }
                    .into_any(),
                    standing,
                )
            };
            view! {
                <tr data-user-id=u.id class:inactive=!u.active>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{role}</td>
                    <td>{status}</td>
                    <td>{standing}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table users-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, users.name)}</th>
                    <th scope="col">{t!(i18n, users.email)}</th>
                    <th scope="col">{t!(i18n, users.role)}</th>
                    <th scope="col">{t!(i18n, users.status)}</th>
                    <th scope="col">
                        <span class="visually-hidden">{t!(i18n, users.actions)}</span>
                    </th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
fn NewUser(roles: Vec<RoleSetting>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card settings-card">
            <h2>{t!(i18n, users.new)}</h2>
            <p class="muted">{t!(i18n, users.new_intro)}</p>
            <form class="stack-form" method="post" action="/api/create_user">
                <label>
                    {t!(i18n, users.name)}
                    <input type="text" name="name" required maxlength="120" autocomplete="off" />
                </label>
                <label>
                    {t!(i18n, users.email)}
                    <input
                        type="email"
                        name="user_email"
                        required
                        maxlength="254"
                        autocomplete="off"
                    />
                </label>
                <label>
                    {t!(i18n, users.password)}
                    <input
                        type="password"
                        name="password"
                        required
                        minlength="8"
                        autocomplete="new-password"
                    />
                </label>
                <label>
                    {t!(i18n, users.role)}
                    <select name="role">{role_options(i18n, &roles, "vendedor", false)}</select>
                </label>
                <button type="submit" class="button button-primary">
                    {t!(i18n, users.create)}
                </button>
            </form>
        </section>
    }
}

/// The permission checkboxes of a role's form.
fn permission_boxes(
    i18n: I18nContext<Locale>,
    granted: &[String],
    fixed: bool,
) -> impl IntoView + use<> {
    Permission::ALL
        .into_iter()
        .map(|p| {
            let label = permission_label(i18n, p);
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name=format!("permissions[{}]", p.name())
                        value="on"
                        checked=granted.iter().any(|g| g == p.name())
                        disabled=fixed
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view()
}

#[component]
fn Roles(roles: Vec<RoleSetting>) -> impl IntoView {
    let i18n = use_i18n();
    let cards = roles
        .into_iter()
        .map(|r| {
            let fixed = r.builtin.is_some();
            let id = r.id.to_string();
            let name = if fixed {
                view! {
                    <strong>{role_label(i18n, &r.name)}</strong>
                    " "
                    <span class="badge">{t!(i18n, users.builtin)}</span>
                }
                .into_any()
            } else {
                view! {
                    <input
                        type="text"
                        name="role_name"
                        required
                        maxlength="60"
                        value=r.name.clone()
                        aria-label=t_string!(i18n, users.role_name)
                    />
                }
                .into_any()
            };
            let save = (!fixed).then(|| {
                view! {
                    <button type="submit" class="button button-ghost">
                        {t!(i18n, form.save)}
                    </button>
                }
            });
            let delete = (!fixed && r.users == 0).then(|| {
                view! {
                    <PostButton
                        action="/api/delete_role"
                        fields=vec![("id", id.clone())]
                        text=t_string!(i18n, form.delete).to_string()
                        confirm=t_string!(i18n, users.confirm_delete_role).to_string()
                    />
                }
            });
            view! {
                <article class="card role-card" data-role=r.name.clone()>
                    <form method="post" action="/api/save_role">
                        <input type="hidden" name="id" value=id.clone() />
                        <header class="pipeline-head">
                            {name}
                            <span class="muted">
                                {t_string!(i18n, users.holders, count = r.users)}
                            </span>
                        </header>
                        <div class="permission-boxes">
                            {permission_boxes(i18n, &r.permissions, fixed)}
                        </div>
                        {save}
                    </form>
                    {delete}
                </article>
            }
        })
        .collect_view();
    view! {
        <section class="settings-card-wide">
            <h2>{t!(i18n, users.roles)}</h2>
            <p class="muted">{t!(i18n, users.roles_intro)}</p>
            {cards}
            <article class="card role-card">
                <form method="post" action="/api/save_role">
                    <header class="pipeline-head">
                        <input
                            type="text"
                            name="role_name"
                            required
                            maxlength="60"
                            placeholder=t_string!(i18n, users.role_new)
                            aria-label=t_string!(i18n, users.role_new)
                        />
                    </header>
                    <div class="permission-boxes">{permission_boxes(i18n, &[], false)}</div>
                    <button type="submit" class="button button-primary">
                        {t!(i18n, users.role_add)}
                    </button>
                </form>
            </article>
        </section>
    }
}

/// `/cuenta/contrasena`: anyone changes their own password, given the
/// current one (their other sessions end). A plain form.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let changed = use_query_map().get_untracked().get("cambiada").is_some();
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, password.title)) />
        <h1>{t!(i18n, password.title)}</h1>
        {changed
            .then(|| {
                view! {
                    <p class="alert alert-success" role="status">
                        {t!(i18n, password.changed)}
                    </p>
                }
            })}
        <section class="card settings-card">
            <p class="muted">{t!(i18n, password.intro)}</p>
            <form class="stack-form" method="post" action="/api/change_password">
                <label>
                    {t!(i18n, password.current)}
                    <input
                        type="password"
                        name="current_password"
                        required
                        autocomplete="current-password"
                    />
                </label>
                <label>
                    {t!(i18n, password.new)}
                    <input
                        type="password"
                        name="new_password"
                        required
                        minlength="8"
                        autocomplete="new-password"
                    />
                </label>
                <button type="submit" class="button button-primary">
                    {t!(i18n, password.save)}
                </button>
            </form>
        </section>
    }
}
