//! `/api/docs`: the REST API's reference, rendered on the server from the
//! same OpenAPI document served at `/api/v1/openapi.json` (no scripts, no
//! assets from elsewhere; open to anyone, like the document).
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// One operation as the page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocOperation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    /// (name, where, schema, required, description)
    pub params: Vec<(String, String, String, bool, String)>,
    /// (media type, schema)
    pub body: Option<(String, String)>,
    /// (status, schema or "")
    pub responses: Vec<(String, String)>,
}

/// The operations and the named schemas (pretty JSON) of the document.
#[cfg(feature = "ssr")]
fn reference() -> (Vec<DocOperation>, Vec<(String, String)>) {
    use serde_json::Value;
    let doc = crate::ssr::openapi::document();
    let short = |schema: &Value| -> String {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => r.rsplit('/').next().unwrap_or(r).to_string(),
            None => schema.to_string(),
        }
    };
    let mut operations = vec![];
    for (path, methods) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in methods.as_object().into_iter().flatten() {
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or("").to_string(),
                        p["in"].as_str().unwrap_or("").to_string(),
                        p["schema"].to_string(),
                        p["required"].as_bool().unwrap_or(false),
                        p["description"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let body = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.iter().next())
                .map(|(kind, c)| (kind.clone(), short(&c["schema"])));
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, r)| {
                    let schema = r["content"]
                        .as_object()
                        .and_then(|c| c.values().next())
                        .map(|c| short(&c["schema"]))
                        .unwrap_or_default();
                    (status.clone(), schema)
                })
                .collect();
            operations.push(DocOperation {
                id: op["operationId"].as_str().unwrap_or("").to_string(),
                method: method.to_uppercase(),
                path: format!("/api/v1{path}"),
                summary: op["summary"].as_str().unwrap_or("").to_string(),
                params,
                body,
                responses,
            });
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            (
                name.clone(),
                serde_json::to_string_pretty(s).unwrap_or_default(),
            )
        })
        .collect();
    (operations, schemas)
}

#[cfg(not(feature = "ssr"))]
fn reference() -> (Vec<DocOperation>, Vec<(String, String)>) {
    (vec![], vec![])
}

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let i18n = use_i18n();
    let (operations, schemas) = reference();
    let status_text = move |status: &str| match status {
        "200" => t_string!(i18n, docs.s200),
        "201" => t_string!(i18n, docs.s201),
        "204" => t_string!(i18n, docs.s204),
        "400" => t_string!(i18n, docs.s400),
        "401" => t_string!(i18n, docs.s401),
        "403" => t_string!(i18n, docs.s403),
        "404" => t_string!(i18n, docs.s404),
        "409" => t_string!(i18n, docs.s409),
        "413" => t_string!(i18n, docs.s413),
        "422" => t_string!(i18n, docs.s422),
        _ => t_string!(i18n, docs.s429),
    };
    let index = operations
        .iter()
        .map(|o| {
            view! {
                <li>
                    <a href=format!("#{}", o.id)>
                        <code>{o.method.clone()}" "{o.path.clone()}</code>
                    </a>
                    " — "
                    {o.summary.clone()}
                </li>
            }
        })
        .collect_view();
    let sections = operations
        .into_iter()
        .map(|o| {
            let params = (!o.params.is_empty()).then(|| {
                let rows = o
                    .params
                    .into_iter()
                    .map(|(name, place, schema, required, description)| {
                        let need = if required {
                            t_string!(i18n, docs.required)
                        } else {
                            t_string!(i18n, docs.optional)
                        };
                        view! {
                            <tr>
                                <td>
                                    <code>{name}</code>
                                </td>
                                <td>{place}</td>
                                <td>
                                    <code>{schema}</code>
                                </td>
                                <td>{need.to_string()}</td>
                                <td>{description}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="table docs-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, docs.param)}</th>
                                <th>{t!(i18n, docs.place)}</th>
                                <th>{t!(i18n, docs.type_)}</th>
                                <th>{t!(i18n, docs.need)}</th>
                                <th>{t!(i18n, docs.meaning)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            });
            let body = o.body.map(|(kind, schema)| {
                view! {
                    <p>
                        {t!(i18n, docs.body)}" "<code>{kind}</code>" · "
                        <a href=format!("#schema-{schema}")>
                            <code>{schema.clone()}</code>
                        </a>
                    </p>
                }
            });
            let responses = o
                .responses
                .into_iter()
                .map(|(status, schema)| {
                    let text = status_text(&status).to_string();
                    let link = (!schema.is_empty() && !schema.starts_with('{')).then(|| {
                        view! {
                            " · "
                            <a href=format!("#schema-{schema}")>
                                <code>{schema.clone()}</code>
                            </a>
                        }
                    });
                    view! {
                        <li>
                            <strong>{status}</strong>
                            " "
                            {text}
                            {link}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="docs-operation card" id=o.id.clone()>
                    <h3>
                        <span class=format!(
                            "docs-method docs-{}",
                            o.method.to_lowercase(),
                        )>{o.method.clone()}</span>
                        " "
                        <code>{o.path.clone()}</code>
                    </h3>
                    <p>{o.summary}</p>
                    {params}
                    {body}
                    <p class="muted">{t!(i18n, docs.responses)}</p>
                    <ul class="docs-responses">{responses}</ul>
                </section>
            }
        })
        .collect_view();
    let schemas = schemas
        .into_iter()
        .map(|(name, json)| {
            let id = format!("schema-{name}");
            view! {
                <section class="docs-schema" id=id>
                    <h3>
                        <code>{name}</code>
                    </h3>
                    <pre>{json}</pre>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=move || format!("{} · Embudo", t_string!(i18n, docs.title)) />
        <main class="docs">
            <h1>{t!(i18n, docs.title)}</h1>
            <p>{t!(i18n, docs.intro)}</p>
            <ul>
                <li>{t!(i18n, docs.auth)}" "<a href="/cuenta/tokens">"/cuenta/tokens"</a></li>
                <li>{t!(i18n, docs.formats)}</li>
                <li>{t!(i18n, docs.lists)}</li>
                <li>{t!(i18n, docs.versions)}</li>
                <li>{t!(i18n, docs.errors)}</li>
                <li>
                    {t!(i18n, docs.openapi)}" "
                    <a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>
                </li>
            </ul>
            <pre class="docs-example">
                "curl -H \"Authorization: Bearer $TOKEN\" \"$EMBUDO/api/v1/deals?status=open&limit=50\"\n\ncurl -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n  -d '{\"stage_id\": 12, \"version\": 3}' \"$EMBUDO/api/v1/deals/123/move\"\n\ncurl -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: text/csv' \\\n  --data-binary @tratos.csv \"$EMBUDO/api/v1/import/deals?dry_run=true\""
            </pre>
            <h2>{t!(i18n, docs.operations)}</h2>
            <ul class="docs-index">{index}</ul>
            {sections}
            <h2>{t!(i18n, docs.schemas)}</h2>
            {schemas}
        </main>
    }
}
