//! The deal form in a dialog: "Nuevo trato" on the board and "Editar trato"
//! on the deal page, with each refused field explained under it in the
//! user's language.
use crate::api::deal::{create_deal, update_deal};
use crate::domain::deal::{DealForm, DealInput};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// The form's words, translated by the server; `errors` maps a field and an
/// error code to its message (`*` as code: any other problem of the field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealFormWords {
    pub open: String,
    pub heading: String,
    pub title: String,
    pub value: String,
    pub currency: String,
    pub exchange_rate: String,
    pub stage: String,
    pub owner: String,
    pub close_date: String,
    pub save: String,
    pub cancel: String,
    pub failed: String,
    pub conflict: String,
    pub errors: Vec<(String, String, String)>,
}

impl DealFormWords {
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

/// The form's words in the page's language, for a new deal or an edit.
pub fn deal_form_words(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    editing: bool,
    account_currency: &str,
) -> DealFormWords {
    use crate::i18n::t_string;
    let e = |field: &str, code: &str, text: &str| {
        (field.to_string(), code.to_string(), text.to_string())
    };
    let currency = account_currency;
    let pick = |edit: &str, new: &str| if editing { edit } else { new }.to_string();
    DealFormWords {
        open: pick(
            t_string!(i18n, deal_form.edit_open),
            t_string!(i18n, deal_form.new_open),
        ),
        heading: pick(
            t_string!(i18n, deal_form.edit_heading),
            t_string!(i18n, deal_form.new_heading),
        ),
        save: pick(
            t_string!(i18n, deal_form.edit_save),
            t_string!(i18n, deal_form.new_save),
        ),
        failed: pick(
            t_string!(i18n, deal_form.edit_failed),
            t_string!(i18n, deal_form.new_failed),
        ),
        title: t_string!(i18n, deal_form.title).to_string(),
        value: t_string!(i18n, deal_form.value).to_string(),
        currency: t_string!(i18n, deal_form.currency).to_string(),
        exchange_rate: t_string!(i18n, deal_form.exchange_rate, currency).to_string(),
        stage: t_string!(i18n, deal_form.stage).to_string(),
        owner: t_string!(i18n, deal_form.owner).to_string(),
        close_date: t_string!(i18n, deal_form.close_date).to_string(),
        cancel: t_string!(i18n, deal_form.cancel).to_string(),
        conflict: t_string!(i18n, deal_form.conflict).to_string(),
        errors: vec![
            e("title", "*", t_string!(i18n, deal_form.e_title)),
            e(
                "value",
                "negative",
                t_string!(i18n, deal_form.e_value_negative),
            ),
            e(
                "value",
                "too_many_decimals",
                t_string!(i18n, deal_form.e_value_decimals),
            ),
            e(
                "value",
                "too_large",
                t_string!(i18n, deal_form.e_value_large),
            ),
            e("value", "*", t_string!(i18n, deal_form.e_value)),
            e(
                "currency",
                "closed",
                t_string!(i18n, deal_form.e_currency_closed),
            ),
            e("currency", "*", t_string!(i18n, deal_form.e_currency)),
            e("exchange_rate", "*", t_string!(i18n, deal_form.e_rate)),
            e(
                "stage_id",
                "closed",
                t_string!(i18n, deal_form.e_stage_closed),
            ),
            e("stage_id", "*", t_string!(i18n, deal_form.e_stage)),
            e(
                "owner_id",
                "not_allowed",
                t_string!(i18n, deal_form.e_owner_not_allowed),
            ),
            e("owner_id", "*", t_string!(i18n, deal_form.e_owner)),
            e(
                "expected_close_date",
                "*",
                t_string!(i18n, deal_form.e_close_date),
            ),
        ],
    }
}

/// A button that opens the deal form. `editing` is the deal and the version
/// the page shows (none: a new deal); `form` holds the values the form
/// starts with and the choices it offers (no owners: the owner stays).
#[island]
pub fn DealFormButton(
    editing: Option<(i64, i64)>,
    form: DealForm,
    currencies: Vec<String>,
    words: DealFormWords,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let start = form.input.clone();
    let input = RwSignal::new(form.input.clone());
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let words = StoredValue::new(words);
    let form = StoredValue::new(form);
    let currencies = StoredValue::new(currencies);
    let text = move |f: fn(&DealFormWords) -> &String| words.with_value(|w| f(w).clone());
    let error_of = move |field: &'static str| {
        move || {
            problems
                .with(|p| {
                    p.iter()
                        .find(|(f, _)| f == field)
                        .and_then(|(f, code)| words.with_value(|w| w.message(f, code)))
                })
                .map(|m| view! { <p class="field-error" role="alert" data-error-for=field>{m}</p> })
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        spawn_local(async move {
            let sent = input.get_untracked();
            let answer = match editing {
                Some((deal_id, version)) => update_deal(deal_id, version, sent).await,
                None => create_deal(sent).await,
            };
            match answer {
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(AppError::Validation(list)) => {
                    problems.set(list.into_iter().map(|f| (f.field, f.code)).collect());
                }
                Err(AppError::Conflict(_)) => failure.set(Some(text(|w| &w.conflict))),
                Err(_) => failure.set(Some(text(|w| &w.failed))),
            }
        });
    };
    let field = move |set: fn(&mut DealInput, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            input.update(|i| set(i, value));
        }
    };
    let options = move |choices: Vec<(String, String)>, chosen: String| {
        choices
            .into_iter()
            .map(|(value, name)| {
                let selected = value == chosen;
                view! { <option value=value selected=selected>{name}</option> }
            })
            .collect_view()
    };
    // Another currency asks for its rate afresh (back to the deal's own
    // currency, its stored rate again).
    let on_currency = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        let (own, rate) =
            form.with_value(|f| (f.input.currency.clone(), f.input.exchange_rate.clone()));
        input.update(|i| {
            i.exchange_rate = if code == own { rate } else { String::new() };
            i.currency = code;
        });
    };
    let foreign = move || {
        input.with(|i| {
            !i.currency.is_empty() && form.with_value(|f| i.currency != f.account_currency)
        })
    };
    let dialog = move || {
        open.get().then(|| {
            let stage_options = form.with_value(|f| {
                let list = f.stages.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                options(list, start.stage_id.clone())
            });
            let currency_options = currencies.with_value(|c| {
                let list = c.iter().map(|code| (code.clone(), code.clone())).collect();
                options(list, start.currency.clone())
            });
            let owner_field = form.with_value(|f| {
                (!f.owners.is_empty()).then(|| {
                    let mut list = vec![(String::new(), "—".to_string())];
                    list.extend(f.owners.iter().map(|(id, n)| (id.to_string(), n.clone())));
                    view! {
                        <label for="deal-owner">{text(|w| &w.owner)}</label>
                        <select id="deal-owner" on:change=field(|i, v| i.owner_id = v)>
                            {options(list, start.owner_id.clone())}
                        </select>
                        {error_of("owner_id")}
                    }
                })
            });
            let rate_field = move || {
                foreign().then(|| {
                    view! {
                        <label for="deal-rate">{text(|w| &w.exchange_rate)}</label>
                        <input id="deal-rate" type="text" inputmode="decimal" prop:value=move || input.with(|i| i.exchange_rate.clone()) on:input=field(|i, v| i.exchange_rate = v) />
                    }
                })
            };
            view! {
                <div class="dialog-backdrop">
                    <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="deal-form-title" on:submit=on_submit novalidate>
                        <h2 id="deal-form-title">{text(|w| &w.heading)}</h2>
                        <label for="deal-title">{text(|w| &w.title)}</label>
                        <input id="deal-title" type="text" maxlength="200" prop:value=start.title.clone() on:input=field(|i, v| i.title = v) />
                        {error_of("title")}
                        <div class="form-row">
                            <div>
                                <label for="deal-value">{text(|w| &w.value)}</label>
                                <input id="deal-value" type="text" inputmode="decimal" placeholder="0.00" prop:value=start.value.clone() on:input=field(|i, v| i.value = v) />
                            </div>
                            <div>
                                <label for="deal-currency">{text(|w| &w.currency)}</label>
                                <select id="deal-currency" on:change=on_currency>{currency_options}</select>
                            </div>
                        </div>
                        {error_of("value")}
                        {error_of("currency")}
                        {rate_field}
                        {error_of("exchange_rate")}
                        <label for="deal-stage">{text(|w| &w.stage)}</label>
                        <select id="deal-stage" on:change=field(|i, v| i.stage_id = v)>{stage_options}</select>
                        {error_of("stage_id")}
                        {owner_field}
                        <label for="deal-close">{text(|w| &w.close_date)}</label>
                        <input id="deal-close" type="date" prop:value=start.expected_close_date.clone() on:input=field(|i, v| i.expected_close_date = v) />
                        {error_of("expected_close_date")}
                        {move || failure.get().map(|f| view! { <p class="field-error" role="alert">{f}</p> })}
                        <div class="dialog-actions">
                            <button type="button" class="button button-ghost" on:click=move |_| open.set(false)>{text(|w| &w.cancel)}</button>
                            <button type="submit" class="button button-primary">{text(|w| &w.save)}</button>
                        </div>
                    </form>
                </div>
            }
        })
    };
    let class = if editing.is_some() {
        "button button-ghost"
    } else {
        "button button-primary"
    };
    view! {
        <button type="button" class=class on:click=move |_| open.set(true)>{text(|w| &w.open)}</button>
        {dialog}
    }
}
