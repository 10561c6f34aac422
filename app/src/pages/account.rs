//! Mi cuenta: plan and users (tokens: [`super::tokens`]).
use crate::api::account::list_users;
use crate::components::error_message::ErrorMessage;
use crate::components::labels::role_label;
use crate::components::notices::ForbiddenNotice;
use crate::components::session::use_session;
use crate::domain::permission::Permission;
use crate::domain::plan::Plan;
use crate::i18n::*;
use crate::model::UserView;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

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
    }
}

/// `/cuenta/usuarios`: the account's users (needs `account.users.manage`).
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_session();
    let body = if s.can(Permission::UsersManage) {
        let users = Resource::new(|| (), |_| list_users());
        Either::Left(view! {
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(list) => Either::Left(view! { <UsersTable users=list /> }),
                        Err(error) => Either::Right(view! { <ErrorMessage error /> }),
                    }
                })}
            </Transition>
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

#[component]
fn UsersTable(users: Vec<UserView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, users.name)}</th>
                    <th scope="col">{t!(i18n, users.email)}</th>
                    <th scope="col">{t!(i18n, users.role)}</th>
                    <th scope="col">{t!(i18n, users.status)}</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|u| {
                        let status = if u.active {
                            t!(i18n, users.active).into_any()
                        } else {
                            t!(i18n, users.inactive).into_any()
                        };
                        view! {
                            <tr>
                                <td>{u.name}</td>
                                <td>{u.email}</td>
                                <td>{role_label(i18n, &u.role)}</td>
                                <td>{status}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
