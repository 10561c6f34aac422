//! `/cuenta/tokens`: the signed-in user's personal API tokens. The list is
//! rendered by the server; creating (the token shown once) and revoking
//! are islands.
use crate::api::tokens::{create_token, list_tokens};
use crate::components::crm_page::PageError;
use crate::components::record_form::PostButton;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::TokenView;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let words = TokenFormWords {
        name: t_string!(i18n, tokens.name).to_string(),
        placeholder: t_string!(i18n, tokens.placeholder).to_string(),
        create: t_string!(i18n, tokens.create).to_string(),
        expires: t_string!(i18n, tokens.expires).to_string(),
        lifetimes: vec![
            (
                String::new(),
                t_string!(i18n, tokens.never_expires).to_string(),
            ),
            ("30".into(), t_string!(i18n, tokens.days_30).to_string()),
            ("90".into(), t_string!(i18n, tokens.days_90).to_string()),
            ("365".into(), t_string!(i18n, tokens.days_365).to_string()),
        ],
        shown_once: t_string!(i18n, tokens.shown_once).to_string(),
        done: t_string!(i18n, tokens.done).to_string(),
        bad_name: t_string!(i18n, tokens.e_name).to_string(),
        failed: t_string!(i18n, tokens.failed).to_string(),
    };
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, tokens.title)) />
        <h1>{t!(i18n, tokens.title)}</h1>
        <p class="muted">{t!(i18n, tokens.intro)}</p>
        <TokenForm words />
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, shell.loading)}</p> }
        }>
            {Suspend::new(async move {
                match list_tokens().await {
                    Ok(list) => Either::Left(view! { <TokensTable tokens=list /> }),
                    Err(error) => Either::Right(view! { <PageError error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TokensTable(tokens: Vec<TokenView>) -> impl IntoView {
    let i18n = use_i18n();
    if tokens.is_empty() {
        return Either::Left(view! { <p class="muted">{t!(i18n, tokens.empty)}</p> });
    }
    let revoke = t_string!(i18n, tokens.revoke).to_string();
    let rows = tokens
        .into_iter()
        .map(|t| {
            let status = if t.revoked {
                t_string!(i18n, tokens.revoked)
            } else if t.expired {
                t_string!(i18n, tokens.expired)
            } else {
                t_string!(i18n, tokens.active)
            };
            let expires = t
                .expires
                .unwrap_or_else(|| t_string!(i18n, tokens.never).to_string());
            let last = t
                .last_used
                .unwrap_or_else(|| t_string!(i18n, tokens.never).to_string());
            let action = (!t.revoked && !t.expired).then(|| {
                view! {
                    <PostButton
                        action="/api/revoke_token"
                        fields=vec![("id", t.id.to_string())]
                        text=revoke.clone()
                    />
                }
            });
            view! {
                <tr data-token-id=t.id>
                    <td>{t.name}</td>
                    <td>
                        <code>{format!("{}…", t.prefix)}</code>
                    </td>
                    <td>{t.created}</td>
                    <td data-field="last-used">{last}</td>
                    <td data-field="expires">{expires}</td>
                    <td data-field="status">{status.to_string()}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <div class="table-scroll">
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(i18n, tokens.col_name)}</th>
                        <th>{t!(i18n, tokens.col_prefix)}</th>
                        <th>{t!(i18n, tokens.col_created)}</th>
                        <th>{t!(i18n, tokens.col_last_used)}</th>
                        <th>{t!(i18n, tokens.col_expires)}</th>
                        <th>{t!(i18n, tokens.col_status)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    })
}

crate::island_props! {
    /// The token form's words, translated by the server.
    pub struct TokenFormWords {
        pub name: String,
        pub placeholder: String,
        pub create: String,
        /// The lifetime's label and its choices (days, or empty: never).
        pub expires: String,
        pub lifetimes: Vec<(String, String)>,
        pub shown_once: String,
        pub done: String,
        pub bad_name: String,
        pub failed: String,
    }
}

/// Names and creates a token, then shows it once.
#[island(lazy)]
fn TokenForm(words: TokenFormWords) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let lifetime = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let words = StoredValue::new(words);
    let text = move |f: fn(&TokenFormWords) -> &String| words.with_value(|w| f(w).clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        spawn_local(async move {
            match create_token(name.get_untracked(), Some(lifetime.get_untracked())).await {
                Ok(token) => created.set(Some(token)),
                Err(AppError::Validation(_)) => error.set(Some(text(|w| &w.bad_name))),
                Err(_) => error.set(Some(text(|w| &w.failed))),
            }
        });
    };
    let lifetimes = words.with_value(|w| {
        w.lifetimes
            .iter()
            .map(|(days, label)| view! { <option value=days.clone()>{label.clone()}</option> })
            .collect_view()
    });
    view! {
        <form class="form token-form" on:submit=on_submit novalidate>
            <label for="token-name">{text(|w| &w.name)}</label>
            <div class="token-row">
                <input
                    id="token-name"
                    type="text"
                    maxlength="80"
                    placeholder=text(|w| &w.placeholder)
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <label class="token-lifetime">
                    <span>{text(|w| &w.expires)}</span>
                    <select on:change=move |ev| {
                        lifetime.set(event_target_value(&ev))
                    }>{lifetimes}</select>
                </label>
                <button type="submit" class="button button-primary">
                    {text(|w| &w.create)}
                </button>
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
        </form>
        {move || {
            created
                .get()
                .map(|token| {
                    view! {
                        <div class="alert token-once" role="status">
                            <p>{text(|w| &w.shown_once)}</p>
                            <p>
                                <code data-testid="new-token">{token}</code>
                            </p>
                            <button
                                type="button"
                                class="button button-ghost"
                                on:click=move |_| {
                                    let _ = window().location().reload();
                                }
                            >
                                {text(|w| &w.done)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
