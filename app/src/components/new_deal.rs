//! "Nuevo trato": a dialog on the board that creates a deal, with each
//! refused field explained under it in the user's language.
use crate::api::deal::create_deal;
use crate::domain::deal::NewDealInput;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// The form's words, translated by the server; `errors` maps a field and an
/// error code to its message (`*` as code: any other problem of the field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewDealWords {
    pub open: String,
    pub heading: String,
    pub title: String,
    pub value: String,
    pub stage: String,
    pub owner: String,
    pub close_date: String,
    pub save: String,
    pub cancel: String,
    pub failed: String,
    pub errors: Vec<(String, String, String)>,
}

impl NewDealWords {
    fn message(&self, field: &str, code: &str) -> Option<String> {
        let find = |c: &str| {
            self.errors
                .iter()
                .find(|(f, k, _)| f == field && k == c)
                .map(|(_, _, text)| text.clone())
        };
        find(code).or_else(|| find("*"))
    }
}

#[island]
pub fn NewDealButton(
    /// The board's stages: (id, name).
    stages: Vec<(i64, String)>,
    /// Who may own it (empty: only the caller).
    owners: Vec<(i64, String)>,
    words: NewDealWords,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let input = RwSignal::new(NewDealInput {
        stage_id: stages
            .first()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default(),
        ..NewDealInput::default()
    });
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let failed = RwSignal::new(false);
    let words = StoredValue::new(words);
    let stages = StoredValue::new(stages);
    let owners = StoredValue::new(owners);
    let text = move |f: fn(&NewDealWords) -> &String| words.with_value(|w| f(w).clone());
    let error_of = move |field: &'static str| {
        move || {
            problems
                .with(|p| {
                    p.iter()
                        .find(|(f, _)| f == field)
                        .and_then(|(f, code)| words.with_value(|w| w.message(f, code)))
                })
                .map(|m| view! { <p class="field-error" role="alert">{m}</p> })
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(false);
        spawn_local(async move {
            match create_deal(input.get_untracked()).await {
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(AppError::Validation(list)) => {
                    problems.set(list.into_iter().map(|f| (f.field, f.code)).collect());
                }
                Err(_) => failed.set(true),
            }
        });
    };
    let field = move |set: fn(&mut NewDealInput, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            input.update(|i| set(i, value));
        }
    };
    let dialog = move || {
        open.get().then(|| {
            let stage_options = stages.with_value(|s| {
                s.iter()
                    .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                    .collect_view()
            });
            let owner_field = owners.with_value(|o| {
                (!o.is_empty()).then(|| {
                    let options = o
                        .iter()
                        .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                        .collect_view();
                    view! {
                        <label for="new-owner">{text(|w| &w.owner)}</label>
                        <select id="new-owner" on:change=field(|i, v| i.owner_id = v)>
                            <option value="">"—"</option>
                            {options}
                        </select>
                        {error_of("owner_id")}
                    }
                })
            });
            view! {
                <div class="dialog-backdrop">
                    <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="new-deal-title" on:submit=on_submit novalidate>
                        <h2 id="new-deal-title">{text(|w| &w.heading)}</h2>
                        <label for="new-title">{text(|w| &w.title)}</label>
                        <input id="new-title" type="text" maxlength="200" on:input=field(|i, v| i.title = v) />
                        {error_of("title")}
                        <label for="new-value">{text(|w| &w.value)}</label>
                        <input id="new-value" type="text" inputmode="decimal" placeholder="0.00" on:input=field(|i, v| i.value = v) />
                        {error_of("value")}
                        <label for="new-stage">{text(|w| &w.stage)}</label>
                        <select id="new-stage" on:change=field(|i, v| i.stage_id = v)>{stage_options}</select>
                        {error_of("stage_id")}
                        {owner_field}
                        <label for="new-close">{text(|w| &w.close_date)}</label>
                        <input id="new-close" type="date" on:input=field(|i, v| i.expected_close_date = v) />
                        {error_of("expected_close_date")}
                        {move || failed.get().then(|| view! { <p class="field-error" role="alert">{text(|w| &w.failed)}</p> })}
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=move |_| open.set(false)>{text(|w| &w.cancel)}</button>
                            <button type="submit" class="button button-primary">{text(|w| &w.save)}</button>
                        </div>
                    </form>
                </div>
            }
        })
    };
    view! {
        <button type="button" class="button button-primary" on:click=move |_| open.set(true)>{text(|w| &w.open)}</button>
        {dialog}
    }
}
