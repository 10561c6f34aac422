//! The form in a dialog that creates and edits deals, organizations,
//! contacts and activities (one island for all four, its fields described
//! by the server), and the plain-form button that deletes one, marks an activity
//! done or dismisses a reminder. A refused field is explained under it in
//! the user's language.
use crate::api::records::save_record;
use crate::components::customer_lookup::{contact_select, organization_input};
use crate::domain::records::RecordKind;
use crate::error::AppError;
use crate::i18n::{Locale, t_string};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a field is typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Input {
    Text,
    Email,
    Tel,
    Date,
    Time,
    Select,
    Area,
    Hidden,
    /// An organization by name, searched as typed (the deal form's).
    Organization,
    /// A contact of the organization chosen in the same form.
    Contact,
}

crate::island_props! {
    /// One field of a form: its name as the server reads it, label, starting
    /// value and, for a select, its choices (value, text); a text field's
    /// choices are suggestions.
    pub struct FormField {
        pub name: String,
        pub label: String,
        pub input: Input,
        pub value: String,
        pub choices: Vec<(String, String)>,
        /// A line under the field (an organization's "will be created",
        /// a contact's "none").
        pub hint: String,
    }
}

impl FormField {
    pub fn new(name: &str, label: &str, input: Input, value: Option<String>) -> FormField {
        FormField {
            name: name.to_string(),
            label: label.to_string(),
            input,
            value: value.unwrap_or_default(),
            choices: vec![],
            hint: String::new(),
        }
    }

    pub fn with_hint(mut self, hint: &str) -> FormField {
        self.hint = hint.to_string();
        self
    }

    pub fn with_choices(mut self, choices: Vec<(String, String)>) -> FormField {
        self.choices = choices;
        self
    }
}

crate::island_props! {
    /// The form's words, translated by the server; `errors` maps a field (`*`:
    /// any) and an error code (`*`: any) to its message, the most particular
    /// first: the field's for this code, the field's, the code's, any.
    pub struct FormWords {
        pub open: String,
        pub heading: String,
        pub save: String,
        pub cancel: String,
        pub failed: String,
        /// Someone else changed the record meanwhile.
        pub conflict: String,
        pub errors: Vec<(String, String, String)>,
    }
}

impl FormWords {
    /// The form's words in the page's language, with the messages of the
    /// checks every record shares.
    pub fn new(i18n: I18nContext<Locale>, open: &str, heading: &str) -> FormWords {
        let e = |field: &str, code: &str, text: &str| {
            (field.to_string(), code.to_string(), text.to_string())
        };
        FormWords {
            open: open.to_string(),
            heading: heading.to_string(),
            save: t_string!(i18n, form.save).to_string(),
            cancel: t_string!(i18n, form.cancel).to_string(),
            failed: t_string!(i18n, form.failed).to_string(),
            conflict: t_string!(i18n, errors.conflict).to_string(),
            errors: vec![
                e("name", "taken", t_string!(i18n, form.e_name_taken)),
                e("email", "taken", t_string!(i18n, form.e_email_taken)),
                e(
                    "pipeline_name",
                    "taken",
                    t_string!(i18n, form.e_pipeline_taken),
                ),
                e("label", "taken", t_string!(i18n, form.e_label_taken)),
                e(
                    "move_to",
                    "has_deals",
                    t_string!(i18n, form.e_stage_has_deals),
                ),
                e("move_to", "*", t_string!(i18n, form.e_move_to)),
                e("stage", "last", t_string!(i18n, form.e_last_stage)),
                e("pipeline", "last", t_string!(i18n, form.e_last_pipeline)),
                e(
                    "pipeline",
                    "has_deals",
                    t_string!(i18n, form.e_pipeline_has_deals),
                ),
                e(
                    "user_email",
                    "taken",
                    t_string!(i18n, form.e_user_email_taken),
                ),
                e("role_name", "taken", t_string!(i18n, form.e_role_taken)),
                e("state", "frozen", t_string!(i18n, form.e_frozen)),
                e("state", "empty", t_string!(i18n, form.e_empty)),
                e("state", "expired", t_string!(i18n, form.e_expired)),
                e("state", "state", t_string!(i18n, form.e_state)),
                e("*", "past", t_string!(i18n, form.e_past)),
                e("*", "too_far", t_string!(i18n, form.e_too_far)),
                e(
                    "contact_id",
                    "other_organization",
                    t_string!(i18n, form.e_other_organization),
                ),
                e("deal", "has_quotes", t_string!(i18n, form.e_has_quotes)),
                e("deal", "has_note", t_string!(i18n, form.e_deal_has_note)),
                e("quote", "has_note", t_string!(i18n, form.e_has_note)),
                e(
                    "state",
                    "not_accepted",
                    t_string!(i18n, form.e_not_accepted),
                ),
                e("status", "not_won", t_string!(i18n, form.e_not_won)),
                e("lines", "no_lines", t_string!(i18n, form.e_no_lines)),
                e("contact_id", "no_email", t_string!(i18n, form.e_no_email)),
                e("email", "not_configured", t_string!(i18n, form.e_mail_off)),
                e("email", "too_soon", t_string!(i18n, form.e_mail_too_soon)),
                e("email", "limit_reached", t_string!(i18n, form.e_mail_limit)),
                e("url", "internal", t_string!(i18n, form.e_url_internal)),
                e("url", "scheme", t_string!(i18n, form.e_url_scheme)),
                e(
                    "url",
                    "credentials",
                    t_string!(i18n, form.e_url_credentials),
                ),
                e("url", "too_many", t_string!(i18n, form.e_webhooks_too_many)),
                e("*", "builtin", t_string!(i18n, form.e_builtin)),
                e("*", "own_manage", t_string!(i18n, form.e_own_manage)),
                e("*", "own", t_string!(i18n, form.e_own)),
                e("*", "beyond_own", t_string!(i18n, form.e_beyond_own)),
                e("*", "outranks", t_string!(i18n, form.e_outranks)),
                e("*", "in_use", t_string!(i18n, form.e_in_use)),
                e("*", "unknown_role", t_string!(i18n, form.e_unknown_role)),
                e("*", "too_short", t_string!(i18n, form.e_too_short)),
                e("*", "common", t_string!(i18n, form.e_common)),
                e(
                    "*",
                    "wrong_password",
                    t_string!(i18n, form.e_wrong_password),
                ),
                e(
                    "currency",
                    "has_deals",
                    t_string!(i18n, form.e_currency_has_deals),
                ),
                e("*", "invalid_currency", t_string!(i18n, form.e_currency)),
                e("*", "invalid_time_zone", t_string!(i18n, form.e_time_zone)),
                e("*", "invalid_color", t_string!(i18n, form.e_color)),
                e("*", "invalid_percent", t_string!(i18n, form.e_percent)),
                e("*", "invalid_days", t_string!(i18n, form.e_days)),
                e("*", "required", t_string!(i18n, form.e_required)),
                e("*", "too_long", t_string!(i18n, form.e_too_long)),
                e("*", "invalid_email", t_string!(i18n, form.e_email)),
                e("*", "invalid_phone", t_string!(i18n, form.e_phone)),
                e("*", "invalid_rfc", t_string!(i18n, form.e_rfc)),
                e("*", "invalid_tax_id", t_string!(i18n, form.e_tax_id)),
                e(
                    "tax_system",
                    "not_for_tax_id",
                    t_string!(i18n, form.e_regime_person),
                ),
                e(
                    "cfdi_use",
                    "not_for_tax_id",
                    t_string!(i18n, form.e_use_person),
                ),
                e(
                    "cfdi_use",
                    "not_for_tax_system",
                    t_string!(i18n, form.e_use_regime),
                ),
                e("*", "not_for_foreign", t_string!(i18n, form.e_foreign)),
                e("tax_zip", "invalid", t_string!(i18n, form.e_zip)),
                e("*", "invalid_date", t_string!(i18n, form.e_date)),
                e("*", "needs_due", t_string!(i18n, form.e_needs_due)),
                e("*", "too_many", t_string!(i18n, form.e_too_many)),
                e("*", "limit_reached", t_string!(i18n, form.e_limit_reached)),
                e("*", "not_found", t_string!(i18n, form.e_not_found)),
                e("*", "not_allowed", t_string!(i18n, form.e_not_allowed)),
                e("*", "*", t_string!(i18n, form.e_invalid)),
            ],
        }
    }

    /// The message of a field's problem.
    pub fn message(&self, field: &str, code: &str) -> String {
        error_message(&self.errors, field, code)
    }
}

/// The message `errors` (field, code, text; `*`: any) give a field's
/// problem, the most particular first: the field's for this code, the
/// field's, the code's, any.
pub fn error_message(errors: &[(String, String, String)], field: &str, code: &str) -> String {
    let find = |f: &str, c: &str| {
        errors
            .iter()
            .find(|(ef, ec, _)| ef == f && ec == c)
            .map(|(_, _, text)| text.clone())
    };
    find(field, code)
        .or_else(|| find(field, "*"))
        .or_else(|| find("*", code))
        .or_else(|| find("*", "*"))
        .unwrap_or_default()
}

/// Goes to `url`, or shows the page afresh when it is empty.
fn go(url: &str) {
    let location = window().location();
    let _ = if url.is_empty() {
        location.reload()
    } else {
        location.set_href(url)
    };
}

/// A button that opens the form of a new record (`id` none) or of the
/// record `id`; saved, the page shows the record. Lazy: its code (the
/// checks' messages, the customer lookup) comes only to pages with a form.
#[island(lazy)]
pub fn RecordForm(
    kind: RecordKind,
    id: Option<i64>,
    fields: Vec<FormField>,
    words: FormWords,
    primary: bool,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let values = RwSignal::new(
        fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .collect::<BTreeMap<_, _>>(),
    );
    // The contacts a contact field offers (its organization's).
    let contacts = RwSignal::new(
        fields
            .iter()
            .find(|f| f.input == Input::Contact)
            .map(|f| f.choices.clone())
            .unwrap_or_default(),
    );
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let words = StoredValue::new(words);
    let fields = StoredValue::new(fields);
    let text = move |f: fn(&FormWords) -> &String| words.with_value(|w| f(w).clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        spawn_local(async move {
            match save_record(kind, id, values.get_untracked()).await {
                Ok(url) => go(&url),
                Err(AppError::Validation(list)) => {
                    problems.set(list.into_iter().map(|f| (f.field, f.code)).collect());
                }
                Err(AppError::Conflict(_)) => failure.set(Some(text(|w| &w.conflict))),
                Err(_) => failure.set(Some(text(|w| &w.failed))),
            }
        });
    };
    let field_view = move |f: FormField| {
        let name = StoredValue::new(f.name.clone());
        let dom_id = format!("rf-{}", f.name);
        let on_input = move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            values.update(|v| {
                v.insert(name.get_value(), value);
            });
        };
        let error = move || {
            problems
                .with(|p| {
                    let n = name.get_value();
                    p.iter()
                        .find(|(field, _)| *field == n)
                        .map(|(field, code)| words.with_value(|w| w.message(field, code)))
                })
                .map(|m| {
                    view! {
                        <p class="field-error" role="alert" data-error-for=name.get_value()>
                            {m}
                        </p>
                    }
                })
        };
        let list_id = format!("{dom_id}-list");
        let control = match f.input {
            Input::Hidden => return None,
            Input::Organization => {
                organization_input(&f, dom_id.clone(), values, contacts).into_any()
            }
            Input::Contact => contact_select(&f, dom_id.clone(), values, contacts).into_any(),
            Input::Select => {
                let options = f
                    .choices
                    .iter()
                    .map(|(value, label)| {
                        let selected = *value == f.value;
                        view! {
                            <option value=value.clone() selected=selected>
                                {label.clone()}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <select id=dom_id.clone() name=f.name.clone() on:change=on_input>
                        {options}
                    </select>
                }
                .into_any()
            }
            Input::Area => view! {
                <textarea
                    id=dom_id.clone()
                    name=f.name.clone()
                    rows="3"
                    prop:value=f.value.clone()
                    on:input=on_input
                ></textarea>
            }
            .into_any(),
            input => {
                let kind = match input {
                    Input::Email => "email",
                    Input::Tel => "tel",
                    Input::Date => "date",
                    Input::Time => "time",
                    _ => "text",
                };
                let suggestions = (!f.choices.is_empty()).then(|| {
                    let options = f
                        .choices
                        .iter()
                        .map(|(value, _)| view! { <option value=value.clone()></option> })
                        .collect_view();
                    view! { <datalist id=list_id.clone()>{options}</datalist> }
                });
                let list = suggestions.is_some().then(|| list_id.clone());
                view! {
                    <input
                        id=dom_id.clone()
                        name=f.name.clone()
                        type=kind
                        list=list
                        prop:value=f.value.clone()
                        on:input=on_input
                    />
                    {suggestions}
                }
                .into_any()
            }
        };
        Some(view! {
            <label for=dom_id>{f.label.clone()}</label>
            {control}
            {error}
        })
    };
    let dialog = move || {
        open.get().then(|| {
            let inputs =
                fields.with_value(|list| list.clone().into_iter().map(field_view).collect_view());
            view! {
                <div class="dialog-backdrop">
                    <form
                        class="dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="record-form-title"
                        on:submit=on_submit
                        novalidate
                    >
                        <h2 id="record-form-title">{text(|w| &w.heading)}</h2>
                        {inputs}
                        {move || {
                            failure
                                .get()
                                .map(|f| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {f}
                                        </p>
                                    }
                                })
                        }}
                        <div class="dialog-actions">
                            <button
                                type="button"
                                class="button button-ghost"
                                on:click=move |_| open.set(false)
                            >
                                {text(|w| &w.cancel)}
                            </button>
                            <button type="submit" class="button button-primary">
                                {text(|w| &w.save)}
                            </button>
                        </div>
                    </form>
                </div>
            }
        })
    };
    let class = if primary {
        "button button-primary"
    } else {
        "button button-ghost"
    };
    view! {
        <button type="button" class=class on:click=move |_| open.set(true)>
            {text(|w| &w.open)}
        </button>
        {dialog}
    }
}

/// A button that posts a plain form to a server function (no WASM): the
/// server answers with the page to show next (this one, or where it
/// redirects); with `confirm`, the browser asks first (`/confirm.js`).
#[component]
pub fn PostButton(
    action: &'static str,
    fields: Vec<(&'static str, String)>,
    text: String,
    #[prop(optional)] confirm: Option<String>,
    /// What the button does, when its text is a symbol.
    #[prop(optional)]
    label: Option<String>,
) -> impl IntoView {
    let hidden = fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view();
    view! {
        <form class="inline-form" method="post" action=action data-confirm=confirm>
            {hidden}
            <button type="submit" class="button button-ghost" aria-label=label.clone() title=label>
                {text}
            </button>
        </form>
    }
}
