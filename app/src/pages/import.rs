//! `/crm/importar`: CSV import of deals with their history, organizations
//! or contacts (managers: `crm.deals.edit_all`) and of the product catalogue
//! (`crm.pipeline.configure`). The island previews the
//! first rows of the chosen file, checks it (dry run) or imports it through
//! `POST /api/v1/import/{deals|organizations|contacts|products}` with a progress bar
//! (upload, then the server's streamed progress), and lists every bad row by
//! line, column and reason.
use crate::components::crm_page::crm_page;
use crate::components::session::use_session;
use crate::domain::csv;
use crate::domain::import::{
    DEAL_COLUMNS, DEAL_REQUIRED, ImportFailure, ImportLine, ImportPhase, ImportReport,
};
use crate::domain::permission::Permission;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

/// Rows of the file shown before importing.
const PREVIEW_ROWS: usize = 5;
/// Bytes of the file read for the preview.
const PREVIEW_BYTES: i32 = 64 * 1024;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let records = session.can(Permission::DealsEditAll);
    let catalogue = session.can(Permission::PipelineConfigure);
    let allowed = records || catalogue;
    let asked = use_query_map().get_untracked().get("kind");
    crm_page(
        t_string!(i18n, import.title).to_string(),
        async move {
            match allowed {
                true => Ok(()),
                false => Err(AppError::Forbidden),
            }
        },
        move |()| {
            // Boxed: the page's full type is too deep for the compiler.
            view! {
                <p class="muted">{t!(i18n, import.intro)}</p>
                <ImportForm words=words(i18n, (records, catalogue), asked.clone()) />
                {records.then(|| view! { <ColumnsHelp /> })}
            }
            .into_any()
        },
    )
}

/// The columns of the file, explained.
#[component]
fn ColumnsHelp() -> impl IntoView {
    let i18n = use_i18n();
    let rows = DEAL_COLUMNS
        .iter()
        .map(|name| {
            let need = if DEAL_REQUIRED.contains(name) {
                t_string!(i18n, import.col_required)
            } else {
                t_string!(i18n, import.col_optional)
            };
            view! {
                <tr>
                    <td>
                        <code>{*name}</code>
                    </td>
                    <td>{need.to_string()}</td>
                    <td>{column_help(i18n, name)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="import-help">
            <summary>{t!(i18n, import.columns)}</summary>
            <table class="table">
                <thead>
                    <tr>
                        <th>{t!(i18n, import.col_name)}</th>
                        <th>{t!(i18n, import.col_need)}</th>
                        <th>{t!(i18n, import.col_meaning)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">
                {t!(i18n, import.export_hint)}" "
                <a href="/api/v1/export/deals" download="tratos.csv">
                    {t!(i18n, import.export_link)}
                </a>
            </p>
        </details>
    }
}

fn column_help(i18n: I18nContext<Locale>, name: &str) -> String {
    match name {
        "key" => t_string!(i18n, import.h_key),
        "title" => t_string!(i18n, import.h_title),
        "value" => t_string!(i18n, import.h_value),
        "currency" => t_string!(i18n, import.h_currency),
        "pipeline" => t_string!(i18n, import.h_pipeline),
        "stage" => t_string!(i18n, import.h_stage),
        "status" => t_string!(i18n, import.h_status),
        "owner_email" => t_string!(i18n, import.h_owner_email),
        "organization" => t_string!(i18n, import.h_organization),
        "contact_email" => t_string!(i18n, import.h_contact_email),
        "created_at" => t_string!(i18n, import.h_created_at),
        "won_at" => t_string!(i18n, import.h_won_at),
        "lost_at" => t_string!(i18n, import.h_lost_at),
        "lost_reason" => t_string!(i18n, import.h_lost_reason),
        "expected_close_date" => t_string!(i18n, import.h_expected_close_date),
        _ => t_string!(i18n, import.h_exchange_rate),
    }
    .to_string()
}

crate::island_props! {
    /// The import form's words, translated by the server. `{n}`, `{orgs}`,
    /// `{reasons}` and `{total}` are filled in by the island.
    pub struct ImportWords {
        kind: String,
        /// (what the URL names, its label)
        kinds: Vec<(String, String)>,
        /// The kind first chosen.
        chosen: String,
        file: String,
        preview: String,
        check: String,
        import: String,
        uploading: String,
        checking: String,
        writing: String,
        checked: String,
        imported: String,
        created: String,
        /// `{created}` and `{updated}` products.
        products_done: String,
        ignored: String,
        to_board: String,
        to_catalogue: String,
        problems: String,
        line: String,
        column: String,
        reason: String,
        value: String,
        too_large: String,
        forbidden: String,
        failed: String,
        /// (problem code, its explanation).
        codes: Vec<(String, String)>,
    }
}

/// The words of the form, offering the records the viewer may import
/// (`records`: deals, organizations, contacts; `catalogue`: products),
/// the one `asked` for (`?kind=`) chosen if it is one of them.
fn words(
    i18n: I18nContext<Locale>,
    (records, catalogue): (bool, bool),
    asked: Option<String>,
) -> ImportWords {
    let (n, total) = ("{n}", "{total}");
    let (deals, orgs, contacts, reasons) = ("{deals}", "{orgs}", "{contacts}", "{reasons}");
    let (created, updated) = ("{created}", "{updated}");
    let code = |c: &str, text: &str| (c.to_string(), text.to_string());
    let kinds: Vec<(String, String)> = [
        (records, code("deals", t_string!(i18n, import.kind_deals))),
        (
            records,
            code("organizations", t_string!(i18n, import.kind_organizations)),
        ),
        (
            records,
            code("contacts", t_string!(i18n, import.kind_contacts)),
        ),
        (
            catalogue,
            code("products", t_string!(i18n, import.kind_products)),
        ),
    ]
    .into_iter()
    .filter_map(|(may, kind)| may.then_some(kind))
    .collect();
    let chosen = asked
        .filter(|k| kinds.iter().any(|(c, _)| c == k))
        .or_else(|| kinds.first().map(|(k, _)| k.clone()))
        .unwrap_or_default();
    ImportWords {
        kind: t_string!(i18n, import.kind).to_string(),
        kinds,
        chosen,
        file: t_string!(i18n, import.file).to_string(),
        preview: t_string!(i18n, import.preview).to_string(),
        check: t_string!(i18n, import.check).to_string(),
        import: t_string!(i18n, import.import).to_string(),
        uploading: t_string!(i18n, import.uploading).to_string(),
        checking: t_string!(i18n, import.checking).to_string(),
        writing: t_string!(i18n, import.writing).to_string(),
        checked: t_string!(i18n, import.checked, n).to_string(),
        imported: t_string!(i18n, import.imported, n).to_string(),
        created: t_string!(i18n, import.created, deals, orgs, contacts, reasons).to_string(),
        products_done: t_string!(i18n, import.products_done, created, updated).to_string(),
        ignored: t_string!(i18n, import.ignored).to_string(),
        to_board: t_string!(i18n, import.to_board).to_string(),
        to_catalogue: t_string!(i18n, import.to_catalogue).to_string(),
        problems: t_string!(i18n, import.problems, total).to_string(),
        line: t_string!(i18n, import.line).to_string(),
        column: t_string!(i18n, import.column).to_string(),
        reason: t_string!(i18n, import.reason).to_string(),
        value: t_string!(i18n, import.value).to_string(),
        too_large: t_string!(i18n, import.too_large).to_string(),
        forbidden: t_string!(i18n, errors.forbidden).to_string(),
        failed: t_string!(i18n, import.failed).to_string(),
        codes: vec![
            code("required", t_string!(i18n, import.p_required)),
            code("unknown", t_string!(i18n, import.p_unknown)),
            code("malformed", t_string!(i18n, import.p_malformed)),
            code("negative", t_string!(i18n, import.p_negative)),
            code(
                "too_many_decimals",
                t_string!(i18n, import.p_too_many_decimals),
            ),
            code("too_large", t_string!(i18n, import.p_too_large)),
            code("too_long", t_string!(i18n, import.p_too_long)),
            code("out_of_range", t_string!(i18n, import.p_out_of_range)),
            code("inactive", t_string!(i18n, import.p_inactive)),
            code("future", t_string!(i18n, import.p_future)),
            code(
                "before_created_at",
                t_string!(i18n, import.p_before_created_at),
            ),
            code(
                "required_for_status",
                t_string!(i18n, import.p_required_for_status),
            ),
            code("not_for_status", t_string!(i18n, import.p_not_for_status)),
            code("duplicate", t_string!(i18n, import.p_duplicate)),
            code("taken", t_string!(i18n, import.p_taken)),
            code("missing_column", t_string!(i18n, import.p_missing_column)),
            code("repeated_column", t_string!(i18n, import.p_repeated_column)),
            code(
                "wrong_cell_count",
                t_string!(i18n, import.p_wrong_cell_count),
            ),
            code("malformed_csv", t_string!(i18n, import.p_malformed_csv)),
        ],
    }
}

/// How the last import attempt ended.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Done(ImportReport),
    Rejected(ImportFailure),
    Message(String),
}

/// The last complete line of a streamed answer (or a whole JSON answer).
fn last_line(text: &str) -> Option<ImportLine> {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| serde_json::from_str(l).ok())
}

#[island(lazy)]
fn ImportForm(words: ImportWords) -> impl IntoView {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{FileReader, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    let words = StoredValue::new(words);
    let w = move |f: fn(&ImportWords) -> &String| words.with_value(|w| f(w).clone());
    let kind = RwSignal::new(words.with_value(|w| w.chosen.clone()));
    let name = RwSignal::new(None::<String>);
    let preview = RwSignal::new(Vec::<Vec<String>>::new());
    let busy = RwSignal::new(false);
    // (what is happening, done, total)
    let progress = RwSignal::new(None::<(String, f64, f64)>);
    let outcome = RwSignal::new(None::<Outcome>);

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(chosen) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        name.set(Some(chosen.name()));
        outcome.set(None);
        preview.set(vec![]);
        if let (Ok(reader), Ok(head)) = (
            FileReader::new(),
            chosen.slice_with_i32_and_i32(0, PREVIEW_BYTES),
        ) {
            let done = reader.clone();
            let onload = Closure::once_into_js(move || {
                if let Some(text) = done.result().ok().and_then(|v| v.as_string()) {
                    preview.set(csv::parse(&text, PREVIEW_ROWS + 1));
                }
            });
            reader.set_onload(Some(onload.unchecked_ref()));
            let _ = reader.read_as_text(&head);
        }
    };

    // The file stays in its input (nothing of the browser's is kept in
    // the island, whose owner the server drops on any thread).
    let send = move |dry_run: bool| {
        let Some(chosen) = document()
            .get_element_by_id("import-file")
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|list| list.get(0))
        else {
            return;
        };
        let Ok(xhr) = XmlHttpRequest::new() else {
            return;
        };
        let mut url = format!("/api/v1/import/{}", kind.get_untracked());
        if dry_run {
            url.push_str("?dry_run=true");
        }
        if xhr.open("POST", &url).is_err() {
            return;
        }
        let _ = xhr.set_request_header("Content-Type", "text/csv");
        let _ = xhr.set_request_header("Accept", "application/x-ndjson");
        busy.set(true);
        outcome.set(None);
        progress.set(Some((w(|w| &w.uploading), 0.0, 1.0)));
        if let Ok(upload) = xhr.upload() {
            let on_upload = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
                if e.length_computable() {
                    progress.set(Some((w(|w| &w.uploading), e.loaded(), e.total())));
                }
            });
            upload.set_onprogress(Some(on_upload.as_ref().unchecked_ref()));
            on_upload.forget();
        }
        let reading = xhr.clone();
        let on_progress = Closure::<dyn FnMut()>::new(move || {
            let text = reading.response_text().ok().flatten().unwrap_or_default();
            if let Some(ImportLine::Progress(p)) = last_line(&text) {
                let what = match p.phase {
                    ImportPhase::Checking => w(|w| &w.checking),
                    ImportPhase::Writing => w(|w| &w.writing),
                };
                progress.set(Some((what, p.done as f64, p.total.max(1) as f64)));
            }
        });
        xhr.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
        let finished = xhr.clone();
        let on_end = Closure::<dyn FnMut()>::new(move || {
            busy.set(false);
            progress.set(None);
            let text = finished.response_text().ok().flatten().unwrap_or_default();
            outcome.set(Some(
                match (last_line(&text), finished.status().unwrap_or(0)) {
                    (Some(ImportLine::Report(r)), _) => Outcome::Done(r),
                    (Some(ImportLine::Error(e)), _) if e.code == "invalid_rows" => {
                        Outcome::Rejected(e)
                    }
                    (_, 413) => Outcome::Message(w(|w| &w.too_large)),
                    (_, 403) => Outcome::Message(w(|w| &w.forbidden)),
                    _ => Outcome::Message(w(|w| &w.failed)),
                },
            ));
        });
        xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
        on_end.forget();
        let _ = xhr.send_with_opt_blob(Some(&chosen));
    };

    let explain = move |code: &str| {
        words.with_value(|w| {
            w.codes
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, text)| text.clone())
                .unwrap_or_else(|| code.to_string())
        })
    };

    view! {
        <form class="form import-form" on:submit=|ev| ev.prevent_default()>
            <label for="import-kind">{w(|w| &w.kind)}</label>
            <select
                id="import-kind"
                on:change=move |ev| {
                    kind.set(event_target_value(&ev));
                    outcome.set(None);
                }
            >
                {words
                    .with_value(|w| w.kinds.clone())
                    .into_iter()
                    .map(|(value, label)| {
                        let selected = value == kind.get_untracked();
                        view! {
                            <option value=value selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <label for="import-file">{w(|w| &w.file)}</label>
            <input id="import-file" type="file" accept=".csv,text/csv" on:change=on_file />
            {move || {
                let rows = preview.get();
                (!rows.is_empty())
                    .then(|| {
                        let mut rows = rows.into_iter();
                        let head = rows.next().unwrap_or_default();
                        view! {
                            <div class="import-preview">
                                <p class="muted">
                                    {w(|w| &w.preview)}" "{name.get().unwrap_or_default()}
                                </p>
                                <div class="table-scroll">
                                    <table class="table" data-testid="import-preview">
                                        <thead>
                                            <tr>
                                                {head
                                                    .into_iter()
                                                    .map(|h| view! { <th>{h}</th> })
                                                    .collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .map(|r| {
                                                    view! {
                                                        <tr>
                                                            {r
                                                                .into_iter()
                                                                .map(|c| view! { <td>{c}</td> })
                                                                .collect_view()}
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </div>
                        }
                    })
            }}
            <div class="form-actions">
                <button
                    type="button"
                    class="button button-ghost"
                    disabled=move || busy.get() || name.get().is_none()
                    on:click=move |_| send(true)
                >
                    {w(|w| &w.check)}
                </button>
                <button
                    type="button"
                    class="button button-primary"
                    disabled=move || busy.get() || name.get().is_none()
                    on:click=move |_| send(false)
                >
                    {w(|w| &w.import)}
                </button>
            </div>
            {move || {
                progress
                    .get()
                    .map(|(what, done, total)| {
                        view! {
                            <div class="import-progress" role="status">
                                <span>{what}</span>
                                <progress max=total value=done></progress>
                            </div>
                        }
                    })
            }}
        </form>
        {move || {
            outcome
                .get()
                .map(|o| match o {
                    Outcome::Done(r) => {
                        let first = if r.dry_run {
                            w(|w| &w.checked).replace("{n}", &r.rows.to_string())
                        } else {
                            w(|w| &w.imported).replace("{n}", &r.rows.to_string())
                        };
                        let products = kind.get_untracked() == "products";
                        let created = if products {
                            w(|w| &w.products_done)
                                .replace("{created}", &r.products_created.to_string())
                                .replace("{updated}", &r.products_updated.to_string())
                        } else {
                            w(|w| &w.created)
                                .replace("{deals}", &r.deals_created.to_string())
                                .replace("{orgs}", &r.organizations_created.to_string())
                                .replace("{contacts}", &r.contacts_created.to_string())
                                .replace("{reasons}", &r.lost_reasons_created.to_string())
                        };
                        let ignored = (!r.ignored_columns.is_empty())
                            .then(|| {
                                format!("{} {}", w(|w| &w.ignored), r.ignored_columns.join(", "))
                            });
                        let (href, to) = if products {
                            ("/crm/productos", w(|w| &w.to_catalogue))
                        } else {
                            ("/crm/embudo", w(|w| &w.to_board))
                        };
                        let link = (!r.dry_run).then(|| view! { <a href=href>{to}</a> });
                        view! {
                            <div
                                class="alert alert-success import-result"
                                role="status"
                                data-testid="import-result"
                            >
                                <p>{first}" "{created}</p>
                                {ignored.map(|t| view! { <p class="muted">{t}</p> })}
                                {link}
                            </div>
                        }
                            .into_any()
                    }
                    Outcome::Rejected(e) => {
                        let title = w(|w| &w.problems)
                            .replace("{total}", &e.row_error_count.to_string());
                        let rows = e
                            .rows
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <tr>
                                        <td>{p.line}</td>
                                        <td>
                                            <code>{p.column.unwrap_or_default()}</code>
                                        </td>
                                        <td>{explain(&p.code)}</td>
                                        <td>{p.value.unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div
                                class="alert import-errors"
                                role="alert"
                                data-testid="import-errors"
                            >
                                <p>{title}</p>
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th>{w(|w| &w.line)}</th>
                                            <th>{w(|w| &w.column)}</th>
                                            <th>{w(|w| &w.reason)}</th>
                                            <th>{w(|w| &w.value)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                    Outcome::Message(text) => {
                        view! {
                            <p class="alert" role="alert">
                                {text}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
}
