//! The "Productos" section of a deal or a draft quote: its lines (a
//! catalogue product or free text; quantity, unit price, discount, IVA)
//! with what each and all come to. Whoever may edit them gets the editor,
//! a lazy island: products searched as typed, free lines, every change
//! priced by the server (the figures shown are always the server's), saved
//! at once — a deal's with the choice of its value following the subtotal.
//! Others see the table.
use crate::api::deal_lines::{preview_deal_lines, save_deal_lines, suggest_products};
use crate::api::quotes::{preview_quote_lines, save_quote_lines};
use crate::components::record_form::error_message;
use crate::domain::deal_lines::{LineFigures, LineInput, LinesOf, LinesView, ProductChoice};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use std::time::Duration;

/// How long typing pauses before the lines are priced again.
const PAUSE: Duration = Duration::from_millis(300);
/// Text from which the catalogue is searched.
const SEARCH_FROM: usize = 3;

crate::island_props! {
    /// The section's words, translated by the server; `errors` maps a
    /// line's field (`*`: any) and a code (`*`: any) to its message.
    pub struct LinesWords {
        pub description: String,
        pub quantity: String,
        pub unit_price: String,
        pub discount: String,
        pub iva: String,
        pub amount: String,
        pub subtotal: String,
        pub total: String,
        pub search: String,
        pub add_free: String,
        pub remove: String,
        pub value_from_lines: String,
        pub save: String,
        pub saving: String,
        pub failed: String,
        pub conflict: String,
        pub other_currency: String,
        pub unsaved: String,
        pub empty: String,
        pub iva_choices: Vec<(String, String)>,
        pub errors: Vec<(String, String, String)>,
    }
}

impl LinesWords {
    pub fn new(i18n: I18nContext<Locale>) -> LinesWords {
        let e = |field: &str, code: &str, text: &str| {
            (field.to_string(), code.to_string(), text.to_string())
        };
        LinesWords {
            description: t_string!(i18n, lines.description).to_string(),
            quantity: t_string!(i18n, lines.quantity).to_string(),
            unit_price: t_string!(i18n, lines.unit_price).to_string(),
            discount: t_string!(i18n, lines.discount).to_string(),
            iva: t_string!(i18n, lines.iva).to_string(),
            amount: t_string!(i18n, lines.amount).to_string(),
            subtotal: t_string!(i18n, lines.subtotal).to_string(),
            total: t_string!(i18n, lines.total).to_string(),
            search: t_string!(i18n, lines.search).to_string(),
            add_free: t_string!(i18n, lines.add_free).to_string(),
            remove: t_string!(i18n, lines.remove).to_string(),
            value_from_lines: t_string!(i18n, lines.value_from_lines).to_string(),
            save: t_string!(i18n, lines.save).to_string(),
            saving: t_string!(i18n, lines.saving).to_string(),
            failed: t_string!(i18n, lines.failed).to_string(),
            conflict: t_string!(i18n, lines.conflict).to_string(),
            other_currency: t_string!(i18n, lines.other_currency).to_string(),
            unsaved: t_string!(i18n, lines.unsaved).to_string(),
            empty: t_string!(i18n, lines.empty).to_string(),
            iva_choices: iva_choices(i18n),
            errors: vec![
                e("quantity", "*", t_string!(i18n, lines.e_quantity)),
                e("unit_price", "required", t_string!(i18n, lines.e_required)),
                e(
                    "unit_price",
                    "too_large",
                    t_string!(i18n, lines.e_too_large),
                ),
                e("unit_price", "*", t_string!(i18n, lines.e_price)),
                e("discount", "*", t_string!(i18n, lines.e_discount)),
                e(
                    "product_id",
                    "not_found",
                    t_string!(i18n, lines.e_not_found),
                ),
                e("lines", "too_many", t_string!(i18n, lines.e_too_many)),
                e("*", "too_large", t_string!(i18n, lines.e_too_large)),
                e("*", "required", t_string!(i18n, lines.e_required)),
                e("*", "*", t_string!(i18n, lines.e_invalid)),
            ],
        }
    }

    /// The message of a line field's problem.
    fn message(&self, field: &str, code: &str) -> String {
        error_message(&self.errors, field, code)
    }
}

/// The IVA rates as a select offers them: (code, label).
pub fn iva_choices(i18n: I18nContext<Locale>) -> Vec<(String, String)> {
    [
        ("16", t_string!(i18n, productos.iva_16)),
        ("8", t_string!(i18n, productos.iva_8)),
        ("0", t_string!(i18n, productos.iva_0)),
        ("exempt", t_string!(i18n, productos.iva_exempt)),
    ]
    .map(|(code, label)| (code.to_string(), label.to_string()))
    .to_vec()
}

/// One line being edited: its text fields and the server's figures.
#[derive(Clone, Copy)]
struct Row {
    key: u32,
    product_id: RwSignal<String>,
    sku: RwSignal<Option<String>>,
    description: RwSignal<String>,
    quantity: RwSignal<String>,
    unit_price: RwSignal<String>,
    discount: RwSignal<String>,
    iva: RwSignal<String>,
    figures: RwSignal<LineFigures>,
}

impl Row {
    fn new(key: u32, input: LineInput, sku: Option<String>, figures: LineFigures) -> Row {
        Row {
            key,
            product_id: RwSignal::new(input.product_id),
            sku: RwSignal::new(sku),
            description: RwSignal::new(input.description),
            quantity: RwSignal::new(input.quantity),
            unit_price: RwSignal::new(input.unit_price),
            discount: RwSignal::new(input.discount),
            iva: RwSignal::new(input.iva),
            figures: RwSignal::new(figures),
        }
    }

    fn input(&self) -> LineInput {
        LineInput {
            product_id: self.product_id.get_untracked(),
            description: self.description.get_untracked(),
            quantity: self.quantity.get_untracked(),
            unit_price: self.unit_price.get_untracked(),
            discount: self.discount.get_untracked(),
            iva: self.iva.get_untracked(),
        }
    }
}

/// What `inputs` come to on `of` (a deal's value following them when
/// `value_from`).
async fn preview(
    of: LinesOf,
    inputs: Vec<LineInput>,
    value_from: bool,
) -> Result<LinesView, AppError> {
    match of {
        LinesOf::Deal(id) => preview_deal_lines(id, inputs, value_from).await,
        LinesOf::Quote(id) => preview_quote_lines(id, inputs).await,
    }
}

/// Saves `inputs` as the lines of `of` seen at `version`.
async fn save(
    of: LinesOf,
    version: i64,
    inputs: Vec<LineInput>,
    value_from: bool,
) -> Result<i64, AppError> {
    match of {
        LinesOf::Deal(id) => save_deal_lines(id, version, inputs, value_from).await,
        LinesOf::Quote(id) => save_quote_lines(id, version, inputs).await,
    }
}

/// The editor of the lines of a deal or a draft quote (seen at `version`).
#[island(lazy)]
pub fn LinesEditor(
    of: LinesOf,
    version: i64,
    lines: LinesView,
    words: LinesWords,
) -> impl IntoView {
    let currency = StoredValue::new(lines.currency.clone());
    let next_key = StoredValue::new(lines.lines.len() as u32);
    let rows = RwSignal::new(
        lines
            .lines
            .into_iter()
            .zip(0..)
            .map(|(l, key)| Row::new(key, l.input, l.sku, l.figures))
            .collect::<Vec<_>>(),
    );
    let totals = RwSignal::new((lines.subtotal, lines.iva, lines.total));
    let value_from = RwSignal::new(lines.value_from_lines);
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let dirty = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let generation = StoredValue::new(0_u32);
    let found = RwSignal::new(Vec::<ProductChoice>::new());
    let words = StoredValue::new(words);
    let word = move |f: fn(&LinesWords) -> &String| words.with_value(|w| f(w).clone());
    let inputs = move || rows.with_untracked(|rs| rs.iter().map(Row::input).collect::<Vec<_>>());

    // Prices the lines once typing pauses: the server's figures replace
    // the shown ones, its problems are shown under their fields.
    let price = move || {
        dirty.set(true);
        generation.update_value(|g| *g += 1);
        let asked = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() != asked {
                    return;
                }
                spawn_local(async move {
                    let answer = preview(of, inputs(), value_from.get_untracked()).await;
                    if generation.get_value() != asked {
                        return;
                    }
                    match answer {
                        Ok(view) => {
                            rows.with_untracked(|rs| {
                                for (row, line) in rs.iter().zip(view.lines) {
                                    row.figures.set(line.figures);
                                    row.sku.set(line.sku);
                                }
                            });
                            totals.set((view.subtotal, view.iva, view.total));
                            problems.set(vec![]);
                        }
                        Err(AppError::Validation(list)) => {
                            problems.set(list.into_iter().map(|f| (f.field, f.code)).collect());
                        }
                        Err(_) => {}
                    }
                });
            },
            PAUSE,
        );
    };
    let add = move |input: LineInput| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|rs| rs.push(Row::new(key, input, None, LineFigures::default())));
        price();
    };
    let remove = move |key: u32| {
        rows.update(|rs| rs.retain(|r| r.key != key));
        price();
    };
    // The problem of a row's field, by the row's place now.
    let error = move |key: u32, field: &'static str| {
        move || {
            let at = rows.with(|rs| rs.iter().position(|r| r.key == key))?;
            let name = format!("lines.{at}.{field}");
            problems.with(|p| {
                p.iter()
                    .find(|(f, _)| *f == name)
                    .map(|(_, code)| words.with_value(|w| w.message(field, code)))
                    .map(|m| {
                        view! {
                            <p class="field-error" role="alert">
                                {m}
                            </p>
                        }
                    })
            })
        }
    };
    let cell = move |row: Row,
                     field: &'static str,
                     signal: RwSignal<String>,
                     label: fn(&LinesWords) -> &String,
                     numeric: bool| {
        view! {
            <td data-label=word(label)>
                <input
                    type="text"
                    name=format!("line-{}-{field}", row.key)
                    aria-label=word(label)
                    inputmode=numeric.then_some("decimal")
                    prop:value=move || signal.get()
                    on:input=move |ev| {
                        signal.set(event_target_value(&ev));
                        price();
                    }
                />
                {error(row.key, field)}
            </td>
        }
    };
    let row_view = move |row: Row| {
        let iva_options = words.with_value(|w| w.iva_choices.clone());
        let options = iva_options
            .into_iter()
            .map(|(code, label)| {
                let value = code.clone();
                let selected = move || {
                    let iva = row.iva.get();
                    iva == code || (iva.is_empty() && code == "16")
                };
                view! {
                    <option value=value selected=selected>
                        {label}
                    </option>
                }
            })
            .collect_view();
        view! {
            <tr data-line=row.key>
                <td data-label=word(|w| &w.description) class="line-description">
                    {move || row.sku.get().map(|s| view! { <span class="line-sku">{s}</span> })}
                    <input
                        type="text"
                        name=format!("line-{}-description", row.key)
                        aria-label=word(|w| &w.description)
                        prop:value=move || row.description.get()
                        on:input=move |ev| {
                            row.description.set(event_target_value(&ev));
                            price();
                        }
                    />
                    {error(row.key, "description")}
                    {error(row.key, "product_id")}
                </td>
                {cell(row, "quantity", row.quantity, |w| &w.quantity, true)}
                {cell(row, "unit_price", row.unit_price, |w| &w.unit_price, true)}
                {cell(row, "discount", row.discount, |w| &w.discount, true)}
                <td data-label=word(|w| &w.iva)>
                    <select
                        name=format!("line-{}-iva", row.key)
                        aria-label=word(|w| &w.iva)
                        on:change=move |ev| {
                            row.iva.set(event_target_value(&ev));
                            price();
                        }
                    >
                        {options}
                    </select>
                </td>
                <td data-label=word(|w| &w.amount) class="num line-amount">
                    {move || row.figures.get().subtotal}
                    {error(row.key, "total")}
                </td>
                <td class="line-remove">
                    <button
                        type="button"
                        class="button button-ghost"
                        aria-label=word(|w| &w.remove)
                        title=word(|w| &w.remove)
                        on:click=move |_| remove(row.key)
                    >
                        "×"
                    </button>
                </td>
            </tr>
        }
    };
    // The catalogue as typed: a product picked from the list is added.
    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        search.set(typed.clone());
        let picked = found.with_untracked(|f| f.iter().find(|c| c.label == typed).cloned());
        if let Some(choice) = picked {
            if choice.unit_price.is_empty() {
                let text = word(|w| &w.other_currency).replace("{currency}", &currency.get_value());
                failure.set(Some(text));
            }
            add(LineInput {
                product_id: choice.id.to_string(),
                description: choice.name,
                quantity: "1".into(),
                unit_price: choice.unit_price,
                discount: String::new(),
                iva: choice.iva,
            });
            search.set(String::new());
            return;
        }
        if typed.trim().chars().count() >= SEARCH_FROM {
            spawn_local(async move {
                if let Ok(list) = suggest_products(typed, currency.get_value()).await {
                    found.set(list);
                }
            });
        }
    };
    let add_free = move |_| {
        add(LineInput {
            quantity: "1".into(),
            ..LineInput::default()
        })
    };
    let on_save = move |_| {
        failure.set(None);
        saving.set(true);
        spawn_local(async move {
            match save(of, version, inputs(), value_from.get_untracked()).await {
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(AppError::Validation(list)) => {
                    problems.set(list.into_iter().map(|f| (f.field, f.code)).collect());
                }
                Err(AppError::Conflict(_)) => failure.set(Some(word(|w| &w.conflict))),
                Err(_) => failure.set(Some(word(|w| &w.failed))),
            }
            saving.set(false);
        });
    };
    let whole_problem = move || {
        problems.with(|p| {
            p.iter()
                .find(|(f, _)| f == "lines" || f == "value")
                .map(|(_, code)| words.with_value(|w| w.message("lines", code)))
                .map(|m| {
                    view! {
                        <p class="field-error" role="alert">
                            {m}
                        </p>
                    }
                })
        })
    };
    let head = move |label: fn(&LinesWords) -> &String, class: &'static str| {
        view! { <th class=class>{word(label)}</th> }
    };
    view! {
        <div class="lines-editor">
            <table class="lines">
                <thead>
                    <tr>
                        {head(|w| &w.description, "")} {head(|w| &w.quantity, "num")}
                        {head(|w| &w.unit_price, "num")} {head(|w| &w.discount, "num")}
                        {head(|w| &w.iva, "")} {head(|w| &w.amount, "num")} <th></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|r| r.key let:row>
                        {row_view(row)}
                    </For>
                </tbody>
            </table>
            {move || {
                rows.with(|r| r.is_empty())
                    .then(|| view! { <p class="muted">{word(|w| &w.empty)}</p> })
            }}
            <div class="lines-add">
                <input
                    type="search"
                    class="lines-search"
                    list="lines-products"
                    autocomplete="off"
                    aria-label=word(|w| &w.search)
                    placeholder=word(|w| &w.search)
                    prop:value=move || search.get()
                    on:input=on_search
                />
                <datalist id="lines-products">
                    {move || {
                        found
                            .get()
                            .into_iter()
                            .map(|c| view! { <option value=c.label></option> })
                            .collect_view()
                    }}
                </datalist>
                <button type="button" class="button button-ghost" on:click=add_free>
                    {word(|w| &w.add_free)}
                </button>
            </div>
            {whole_problem}
            <dl class="lines-totals">
                <dt>{word(|w| &w.subtotal)}</dt>
                <dd data-total="subtotal">{move || totals.get().0}</dd>
                <dt>{word(|w| &w.iva)}</dt>
                <dd data-total="iva">{move || totals.get().1}</dd>
                <dt>{word(|w| &w.total)}</dt>
                <dd data-total="total">
                    <strong>{move || totals.get().2}</strong>
                </dd>
            </dl>
            {matches!(of, LinesOf::Deal(_))
                .then(|| {
                    view! {
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                name="value_from_lines"
                                prop:checked=move || value_from.get()
                                on:change=move |ev| {
                                    value_from.set(event_target_checked(&ev));
                                    dirty.set(true);
                                }
                            />
                            {word(|w| &w.value_from_lines)}
                        </label>
                    }
                })}
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
            <div class="lines-actions">
                {move || {
                    dirty.get().then(|| view! { <span class="muted">{word(|w| &w.unsaved)}</span> })
                }}
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || saving.get() || !dirty.get()
                    on:click=on_save
                >
                    {move || if saving.get() { word(|w| &w.saving) } else { word(|w| &w.save) }}
                </button>
            </div>
        </div>
    }
}

/// The lines of a deal or a quote for a reader who may not edit them
/// (`empty`: what to say when there are none; a deal's words otherwise).
#[component]
pub fn LinesTable(lines: LinesView, #[prop(optional)] empty: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.lines.is_empty() {
        let empty = empty.unwrap_or_else(|| t_string!(i18n, lines.empty).to_string());
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    let choices = iva_choices(i18n);
    let rate = move |code: &str| {
        choices
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let rows = lines
        .lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td data-label=t_string!(
                        i18n, lines.description
                    )>
                        {l.sku.map(|s| view! { <span class="line-sku">{s}</span> })}
                        {l.input.description}
                    </td>
                    <td data-label=t_string!(i18n, lines.quantity) class="num">
                        {l.input.quantity}
                    </td>
                    <td data-label=t_string!(i18n, lines.unit_price) class="num">
                        {l.figures.unit_price}
                    </td>
                    <td data-label=t_string!(i18n, lines.discount) class="num">
                        {l.input.discount}
                    </td>
                    <td data-label=t_string!(i18n, lines.iva)>{rate(&l.input.iva)}</td>
                    <td data-label=t_string!(i18n, lines.amount) class="num">
                        {l.figures.subtotal}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="lines">
            <thead>
                <tr>
                    <th>{t!(i18n, lines.description)}</th>
                    <th class="num">{t!(i18n, lines.quantity)}</th>
                    <th class="num">{t!(i18n, lines.unit_price)}</th>
                    <th class="num">{t!(i18n, lines.discount)}</th>
                    <th>{t!(i18n, lines.iva)}</th>
                    <th class="num">{t!(i18n, lines.amount)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <dl class="lines-totals">
            <dt>{t!(i18n, lines.subtotal)}</dt>
            <dd data-total="subtotal">{lines.subtotal}</dd>
            <dt>{t!(i18n, lines.iva)}</dt>
            <dd data-total="iva">{lines.iva}</dd>
            <dt>{t!(i18n, lines.total)}</dt>
            <dd data-total="total">
                <strong>{lines.total}</strong>
            </dd>
        </dl>
    }
    .into_any()
}
