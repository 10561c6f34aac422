//! The OpenAPI 3 description of `/api/v1`, built from [`operations`]: the
//! same table the docs page (`/api/docs`) renders and the tests walk (every
//! documented operation must answer on the router), and what the fuzzer
//! (schemathesis) checks every answer against.
use serde_json::{Map, Value, json};

/// One documented operation.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    /// Query parameters: (name, schema, required, description).
    pub query: Vec<(&'static str, Value, bool, &'static str)>,
    /// JSON (or CSV) request body schema.
    pub body: Option<Value>,
    /// The success status and its body schema (`None`: no body).
    pub ok: (u16, Option<Value>),
    /// Error statuses this operation can answer besides 401/403/429.
    pub errors: &'static [u16],
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn integer() -> Value {
    json!({ "type": "integer", "format": "int64" })
}

fn number() -> Value {
    json!({ "type": "number" })
}

fn nullable(mut schema: Value) -> Value {
    schema["nullable"] = Value::Bool(true);
    schema
}

/// Money: a decimal string with up to two decimals.
fn money() -> Value {
    json!({ "type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$", "example": "12345.67" })
}

fn instant() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

fn date() -> Value {
    json!({ "type": "string", "format": "date" })
}

fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// An object with these properties, all of them required (`optional`
/// names the exceptions).
fn object(props: &[(&str, Value)], optional: &[&str]) -> Value {
    let properties: Map<String, Value> = props
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    shape(properties, props, optional)
}

/// A request body: like [`object`], but an optional field may also be
/// `null`, which the server reads as absent.
fn input(props: &[(&str, Value)], optional: &[&str]) -> Value {
    let properties: Map<String, Value> = props
        .iter()
        .map(|(k, v)| {
            let v = if optional.contains(k) {
                nullable(v.clone())
            } else {
                v.clone()
            };
            (k.to_string(), v)
        })
        .collect();
    shape(properties, props, optional)
}

fn shape(properties: Map<String, Value>, props: &[(&str, Value)], optional: &[&str]) -> Value {
    let required: Vec<&str> = props
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !optional.contains(k))
        .collect();
    let mut o = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    o
}

/// `{"items": […], "next": cursor-or-null}`.
fn page(item: &str) -> Value {
    object(
        &[("items", array(r(item))), ("next", nullable(string()))],
        &[],
    )
}

fn limit_cursor() -> Vec<(&'static str, Value, bool, &'static str)> {
    vec![
        (
            "limit",
            json!({ "type": "integer", "minimum": 1, "maximum": 200, "default": 50 }),
            false,
            "Items per page (1–200).",
        ),
        (
            "cursor",
            string(),
            false,
            "The `next` of the previous page.",
        ),
    ]
}

fn id_query(name: &'static str, what: &'static str) -> (&'static str, Value, bool, &'static str) {
    (
        name,
        json!({ "type": "integer", "minimum": 0 }),
        false,
        what,
    )
}

/// A CSV import: `text/csv` body, `?dry_run=true`.
fn import_op(path: &'static str, summary: &'static str) -> Operation {
    Operation {
        method: "post",
        path,
        summary,
        query: vec![(
            "dry_run",
            json!({ "type": "string", "enum": ["true", "false"] }),
            false,
            "Check the file and report, writing nothing.",
        )],
        body: Some(json!({ "type": "string" })),
        ok: (201, Some(r("ImportReport"))),
        errors: &[400, 413, 422],
    }
}

/// Every operation of `/api/v1`.
pub fn operations() -> Vec<Operation> {
    let deal_filters = {
        let mut q = vec![
            (
                "q",
                json!({ "type": "string", "maxLength": 100 }),
                false,
                "Words of 3 characters or more, each in the title, key or organization.",
            ),
            (
                "status",
                json!({ "type": "string", "enum": ["open", "won", "lost"] }),
                false,
                "Only deals in this status.",
            ),
            id_query("owner_id", "Only deals of this user."),
            id_query("pipeline_id", "Only deals of this pipeline."),
            id_query("stage_id", "Only deals in this stage."),
        ];
        q.extend(limit_cursor());
        q
    };
    let search = {
        let mut q = vec![(
            "q",
            json!({ "type": "string", "maxLength": 100 }),
            false,
            "Words of 3 characters or more, each in the name or RFC (a contact: name or email).",
        )];
        q.extend(limit_cursor());
        q
    };
    let op = |method, path, summary| Operation {
        method,
        path,
        summary,
        query: vec![],
        body: None,
        ok: (200, None),
        errors: &[],
    };
    vec![
        Operation {
            ok: (200, Some(page("Pipeline"))),
            ..op("get", "/pipelines", "Pipelines with their stages")
        },
        Operation {
            ok: (200, Some(r("Pipeline"))),
            errors: &[404],
            ..op("get", "/pipelines/{id}", "One pipeline with its stages")
        },
        Operation {
            ok: (200, Some(page("User"))),
            ..op("get", "/users", "Users of the account")
        },
        Operation {
            ok: (200, Some(page("LostReason"))),
            ..op("get", "/lost-reasons", "Active lost reasons")
        },
        Operation {
            query: vec![
                (
                    "as_of",
                    date(),
                    false,
                    "Last day of the window (default: today in the account's time zone).",
                ),
                id_query(
                    "pipeline_id",
                    "Pipeline of the funnel (default: the main one).",
                ),
            ],
            ok: (200, Some(r("Dashboard"))),
            errors: &[400, 404, 422],
            ..op("get", "/dashboard", "The seven widgets of CRM > Resumen")
        },
        Operation {
            query: deal_filters.clone(),
            ok: (200, Some(page("Deal"))),
            errors: &[400, 422],
            ..op("get", "/deals", "Deals, newest id last, a page at a time")
        },
        Operation {
            body: Some(r("DealCreate")),
            ok: (201, Some(r("Deal"))),
            errors: &[400, 404, 413, 422],
            ..op("post", "/deals", "Create a deal")
        },
        Operation {
            ok: (200, Some(r("Deal"))),
            errors: &[404],
            ..op("get", "/deals/{id}", "One deal")
        },
        Operation {
            body: Some(r("DealUpdate")),
            ok: (200, Some(r("Deal"))),
            errors: &[400, 404, 409, 413, 422],
            ..op(
                "patch",
                "/deals/{id}",
                "Change a deal (carries the version you read)",
            )
        },
        Operation {
            query: vec![("version", integer(), true, "The version you read.")],
            ok: (204, None),
            errors: &[400, 404, 409, 422],
            ..op("delete", "/deals/{id}", "Delete a deal")
        },
        Operation {
            body: Some(r("DealMove")),
            ok: (200, Some(r("Deal"))),
            errors: &[400, 404, 409, 413, 422],
            ..op(
                "post",
                "/deals/{id}/move",
                "Move a deal to a stage and position",
            )
        },
        Operation {
            body: Some(r("Version")),
            ok: (200, Some(r("Deal"))),
            errors: &[400, 404, 409, 413, 422],
            ..op("post", "/deals/{id}/won", "Mark a deal won")
        },
        Operation {
            body: Some(r("DealLost")),
            ok: (200, Some(r("Deal"))),
            errors: &[400, 404, 409, 413, 422],
            ..op(
                "post",
                "/deals/{id}/lost",
                "Mark a deal lost, with a reason",
            )
        },
        Operation {
            body: Some(r("Version")),
            ok: (200, Some(r("Deal"))),
            errors: &[400, 404, 409, 413, 422],
            ..op("post", "/deals/{id}/reopen", "Reopen a won or lost deal")
        },
        Operation {
            query: limit_cursor(),
            ok: (200, Some(page("HistoryEvent"))),
            errors: &[400, 404, 422],
            ..op(
                "get",
                "/deals/{id}/history",
                "A deal's history, oldest first",
            )
        },
        Operation {
            query: search.clone(),
            ok: (200, Some(page("Organization"))),
            errors: &[400, 422],
            ..op("get", "/organizations", "Organizations (clientes)")
        },
        Operation {
            body: Some(r("OrganizationCreate")),
            ok: (201, Some(r("Organization"))),
            errors: &[400, 413, 422],
            ..op("post", "/organizations", "Create an organization")
        },
        Operation {
            ok: (200, Some(r("Organization"))),
            errors: &[404],
            ..op("get", "/organizations/{id}", "One organization")
        },
        Operation {
            body: Some(r("OrganizationUpdate")),
            ok: (200, Some(r("Organization"))),
            errors: &[400, 404, 413, 422],
            ..op(
                "patch",
                "/organizations/{id}",
                "Change an organization (only the fields sent)",
            )
        },
        Operation {
            ok: (204, None),
            errors: &[404],
            ..op(
                "delete",
                "/organizations/{id}",
                "Delete an organization (its contacts, deals and activities stay, unlinked)",
            )
        },
        Operation {
            query: search,
            ok: (200, Some(page("Contact"))),
            errors: &[400, 422],
            ..op("get", "/contacts", "Contacts")
        },
        Operation {
            body: Some(r("ContactCreate")),
            ok: (201, Some(r("Contact"))),
            errors: &[400, 413, 422],
            ..op("post", "/contacts", "Create a contact")
        },
        Operation {
            ok: (200, Some(r("Contact"))),
            errors: &[404],
            ..op("get", "/contacts/{id}", "One contact")
        },
        Operation {
            body: Some(r("ContactUpdate")),
            ok: (200, Some(r("Contact"))),
            errors: &[400, 404, 413, 422],
            ..op(
                "patch",
                "/contacts/{id}",
                "Change a contact (only the fields sent)",
            )
        },
        Operation {
            ok: (204, None),
            errors: &[404],
            ..op(
                "delete",
                "/contacts/{id}",
                "Delete a contact (its deals and activities stay, unlinked)",
            )
        },
        Operation {
            query: {
                let mut q = vec![(
                    "due",
                    json!({ "type": "string", "enum": ["overdue", "today", "upcoming"] }),
                    false,
                    "Open activities due before today, today or later (the account's days).",
                )];
                q.extend(limit_cursor());
                q
            },
            ok: (200, Some(page("Activity"))),
            errors: &[400, 422],
            ..op("get", "/activities", "Activities")
        },
        Operation {
            body: Some(r("ActivityCreate")),
            ok: (201, Some(r("Activity"))),
            errors: &[400, 413, 422],
            ..op(
                "post",
                "/activities",
                "Create an activity (llamada, correo, mensaje, reunión, tarea)",
            )
        },
        Operation {
            ok: (200, Some(r("Activity"))),
            errors: &[404],
            ..op("get", "/activities/{id}", "One activity")
        },
        Operation {
            body: Some(r("ActivityUpdate")),
            ok: (200, Some(r("Activity"))),
            errors: &[400, 404, 413, 422],
            ..op(
                "patch",
                "/activities/{id}",
                "Change an activity (only the fields sent)",
            )
        },
        Operation {
            ok: (204, None),
            errors: &[404],
            ..op("delete", "/activities/{id}", "Delete an activity")
        },
        Operation {
            ok: (200, Some(r("Activity"))),
            errors: &[404],
            ..op("post", "/activities/{id}/done", "Mark an activity done")
        },
        Operation {
            query: deal_filters,
            ok: (200, Some(json!({ "type": "string" }))),
            errors: &[400, 422],
            ..op(
                "get",
                "/export/deals",
                "The deals of the filters as CSV (the import's columns)",
            )
        },
        Operation {
            ok: (200, Some(json!({ "type": "string" }))),
            ..op(
                "get",
                "/export/organizations",
                "Every organization as CSV (the import's columns)",
            )
        },
        Operation {
            ok: (200, Some(json!({ "type": "string" }))),
            ..op(
                "get",
                "/export/contacts",
                "Every contact as CSV (the import's columns)",
            )
        },
        import_op(
            "/import/deals",
            "Import deals with their history from CSV (all or nothing; 200 on a dry run)",
        ),
        import_op(
            "/import/organizations",
            "Import organizations from CSV (all or nothing; 200 on a dry run)",
        ),
        import_op(
            "/import/contacts",
            "Import contacts from CSV; missing organizations are created (all or nothing)",
        ),
    ]
}

/// The statuses every operation may answer with.
const ALWAYS: [u16; 3] = [401, 403, 429];

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        400 => "Malformed request (query string, JSON, content type)",
        401 => "No valid session or token",
        403 => "The role or plan does not allow it",
        404 => "No such record in the account",
        409 => "Stale version: the record changed meanwhile",
        413 => "Body too large (2 MB; imports 64 MB or 200,000 rows)",
        422 => "Invalid fields (named in `fields`) or rows (`rows`)",
        429 => "Too many requests; retry after `Retry-After` seconds",
        _ => "",
    }
}

fn content(path: &str, schema: Value) -> Value {
    let kind = if path.starts_with("/export") || path.starts_with("/import") {
        "text/csv"
    } else {
        "application/json"
    };
    json!({ kind: { "schema": schema } })
}

fn operation_json(o: &Operation) -> Value {
    let mut parameters: Vec<Value> = vec![];
    if o.path.contains("{id}") {
        parameters.push(json!({
            "name": "id", "in": "path", "required": true,
            "schema": { "type": "integer", "minimum": 1 }
        }));
    }
    for (name, schema, required, description) in &o.query {
        parameters.push(json!({
            "name": name, "in": "query", "required": required,
            "schema": schema, "description": description
        }));
    }
    let mut responses = Map::new();
    let (status, body) = &o.ok;
    let mut ok = json!({ "description": reason(*status) });
    if let Some(schema) = body {
        let kind = if o.path.starts_with("/export") {
            "text/csv"
        } else {
            "application/json"
        };
        ok["content"] = json!({ kind: { "schema": schema } });
    }
    responses.insert(status.to_string(), ok);
    if o.path.starts_with("/import/") {
        responses.insert(
            "200".into(),
            json!({ "description": "Dry run: what the import would do",
                    "content": { "application/json": { "schema": r("ImportReport") } } }),
        );
    }
    for s in o.errors.iter().chain(ALWAYS.iter()) {
        responses.insert(
            s.to_string(),
            json!({ "description": reason(*s),
                    "content": { "application/json": { "schema": r("Error") } } }),
        );
    }
    let mut op = json!({
        "summary": o.summary,
        "operationId": format!("{}{}", o.method, o.path.replace(['/', '{', '}', '-'], "_")),
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(body) = &o.body {
        op["requestBody"] = json!({ "required": true, "content": content(o.path, body.clone()) });
    }
    op
}

fn schemas() -> Value {
    let stage = object(
        &[
            ("id", integer()),
            ("name", string()),
            ("position", integer()),
            ("color", string()),
            ("probability", integer()),
            ("rotting_days", nullable(integer())),
        ],
        &[],
    );
    let figure = object(&[("count", integer()), ("total", money())], &[]);
    let stage_figure = object(
        &[
            ("stage_id", integer()),
            ("stage_name", string()),
            ("color", string()),
            ("count", integer()),
            ("total", money()),
        ],
        &[],
    );
    let kpis = [
        ("open_deals", figure.clone()),
        ("won_deals", figure),
        ("average_won_value", nullable(money())),
        (
            "conversion_rate",
            nullable(json!({ "type": "number", "minimum": 0, "maximum": 1 })),
        ),
        ("average_days_to_win", nullable(number())),
    ];
    let mut dashboard = vec![
        ("as_of", date()),
        ("currency", string()),
        ("window_start", date()),
        ("window_end", date()),
        ("pipeline_id", integer()),
        (
            "monthly_revenue",
            array(object(
                &[
                    ("month", string()),
                    ("count", integer()),
                    ("total", money()),
                ],
                &[],
            )),
        ),
        (
            "open_by_owner",
            array(object(
                &[
                    ("user_id", integer()),
                    ("user_name", string()),
                    ("user_email", string()),
                    ("count", integer()),
                    ("total", money()),
                    ("stages", array(stage_figure.clone())),
                ],
                &[],
            )),
        ),
        ("funnel", array(stage_figure)),
        (
            "lost_by_reason",
            array(object(
                &[
                    ("reason_id", integer()),
                    ("reason", string()),
                    ("count", integer()),
                    ("total", money()),
                ],
                &[],
            )),
        ),
        ("previous", object(&kpis, &[])),
    ];
    dashboard.extend(kpis.iter().cloned());
    let lifecycle =
        json!({ "type": "string", "enum": ["prospecto", "cliente_potencial", "cliente"] });
    let tags = json!({ "type": "string", "description": "Comma-separated tags; they replace the record's tags." });
    let organization_fields = [
        ("name", string()),
        ("tax_id", string()),
        ("phone", string()),
        ("email", string()),
        ("address", string()),
        ("lifecycle", lifecycle.clone()),
        ("owner_id", integer()),
        ("tags", tags.clone()),
    ];
    let contact_fields = [
        ("name", string()),
        ("organization_id", integer()),
        ("organization", string()),
        ("job_title", string()),
        ("email", string()),
        ("phone", string()),
        ("lifecycle", lifecycle.clone()),
        ("owner_id", integer()),
        ("tags", tags),
    ];
    let activity_fields = [
        (
            "kind",
            json!({
                "type": "string",
                "enum": ["call", "email", "message", "meeting", "task", "llamada", "correo", "mensaje", "reunion", "tarea"],
                "description": "call, email, message, meeting or task (the Spanish words are accepted too)."
            }),
        ),
        (
            "subject",
            json!({ "type": "string", "minLength": 1, "maxLength": 200 }),
        ),
        ("due_at", instant()),
        (
            "priority",
            json!({
                "type": "string",
                "enum": ["low", "medium", "high", "baja", "media", "alta"],
                "description": "low, medium or high (the Spanish words are accepted too)."
            }),
        ),
        ("assigned_to", integer()),
        ("deal_id", integer()),
        ("contact_id", integer()),
        ("organization_id", integer()),
        ("notes", json!({ "type": "string", "maxLength": 5000 })),
        (
            "reminder",
            json!({ "type": "integer", "minimum": 0, "maximum": 43200, "description": "Minutes before due_at to remind the assignee." }),
        ),
    ];
    // An update's fields are all optional: what is not sent is kept.
    let all = |fields: &[(&'static str, Value)]| fields.iter().map(|(k, _)| *k).collect::<Vec<_>>();
    json!({
        "Error": object(&[(
            "error",
            object(
                &[
                    ("code", string()),
                    ("message", string()),
                    ("fields", json!({ "type": "object", "additionalProperties": { "type": "string" } })),
                    ("rows", array(object(
                        &[
                            ("line", integer()),
                            ("column", nullable(string())),
                            ("code", string()),
                            ("value", nullable(string())),
                        ],
                        &[],
                    ))),
                    ("row_error_count", integer()),
                ],
                &["fields", "rows", "row_error_count"],
            ),
        )], &[]),
        "Pipeline": object(
            &[("id", integer()), ("name", string()), ("is_default", json!({ "type": "boolean" })), ("stages", array(stage))],
            &[],
        ),
        "User": object(
            &[("id", integer()), ("name", string()), ("email", string()), ("role", string()), ("active", json!({ "type": "boolean" }))],
            &[],
        ),
        "LostReason": object(&[("id", integer()), ("label", string())], &[]),
        "Dashboard": object(&dashboard, &[]),
        "Deal": object(
            &[
                ("id", integer()),
                ("key", string()),
                ("title", string()),
                ("value", money()),
                ("currency", string()),
                ("exchange_rate", string()),
                ("pipeline_id", integer()),
                ("stage_id", integer()),
                ("position", number()),
                ("status", json!({ "type": "string", "enum": ["open", "won", "lost"] })),
                ("owner_id", integer()),
                ("organization_id", nullable(integer())),
                ("contact_id", nullable(integer())),
                ("expected_close_date", nullable(string())),
                ("created_at", instant()),
                ("updated_at", instant()),
                ("won_at", nullable(instant())),
                ("lost_at", nullable(instant())),
                ("lost_reason_id", nullable(integer())),
                ("lost_reason", nullable(string())),
                ("lost_note", nullable(string())),
                ("version", integer()),
            ],
            &[],
        ),
        "DealCreate": deal_fields(&["title", "value", "stage_id"], false),
        "DealUpdate": deal_fields(&["version"], true),
        "DealMove": input(
            &[("stage_id", integer()), ("position", number()), ("version", integer())],
            &["position"],
        ),
        "Version": input(&[("version", integer())], &[]),
        "DealLost": input(
            &[
                ("version", integer()),
                ("lost_reason_id", integer()),
                ("lost_reason", string()),
                ("note", string()),
            ],
            &["lost_reason_id", "lost_reason", "note"],
        ),
        "HistoryEvent": object(
            &[
                ("at", instant()),
                ("kind", string()),
                ("actor", nullable(string())),
                ("data", json!({})),
            ],
            &[],
        ),
        "Organization": object(
            &[
                ("id", integer()),
                ("name", string()),
                ("tax_id", nullable(string())),
                ("phone", nullable(string())),
                ("email", nullable(string())),
                ("address", nullable(string())),
                ("lifecycle", lifecycle.clone()),
                ("owner_id", nullable(integer())),
                ("tags", array(string())),
            ],
            &[],
        ),
        "OrganizationCreate": input(&organization_fields, &["tax_id", "phone", "email", "address", "lifecycle", "owner_id", "tags"]),
        "OrganizationUpdate": input(&organization_fields, &all(&organization_fields)),
        "Contact": object(
            &[
                ("id", integer()),
                ("organization_id", nullable(integer())),
                ("name", string()),
                ("job_title", nullable(string())),
                ("email", nullable(string())),
                ("phone", nullable(string())),
                ("lifecycle", lifecycle.clone()),
                ("owner_id", nullable(integer())),
                ("tags", array(string())),
            ],
            &[],
        ),
        "ContactCreate": input(&contact_fields, &["organization_id", "organization", "job_title", "email", "phone", "lifecycle", "owner_id", "tags"]),
        "ContactUpdate": input(&contact_fields, &all(&contact_fields)),
        "Activity": object(
            &[
                ("id", integer()),
                (
                    "kind",
                    json!({ "type": "string", "enum": ["call", "email", "message", "meeting", "task"] }),
                ),
                ("subject", string()),
                ("due_at", nullable(instant())),
                (
                    "priority",
                    json!({ "type": "string", "enum": ["low", "medium", "high"] }),
                ),
                ("assigned_to", integer()),
                ("deal_id", nullable(integer())),
                ("contact_id", nullable(integer())),
                ("organization_id", nullable(integer())),
                ("notes", nullable(string())),
                ("done", json!({ "type": "boolean" })),
                ("done_at", nullable(instant())),
                ("reminder_at", nullable(instant())),
            ],
            &[],
        ),
        "ActivityCreate": input(&activity_fields, &["due_at", "priority", "assigned_to", "deal_id", "contact_id", "organization_id", "notes", "reminder"]),
        "ActivityUpdate": input(&activity_fields, &all(&activity_fields)),
        "ImportReport": object(
            &[
                ("dry_run", json!({ "type": "boolean" })),
                ("rows", integer()),
                ("deals_created", integer()),
                ("contacts_created", integer()),
                ("organizations_created", integer()),
                ("lost_reasons_created", integer()),
                ("ignored_columns", array(string())),
            ],
            &[],
        ),
    })
}

/// A deal's writable fields; `required` must be present.
fn deal_fields(required: &[&str], with_version: bool) -> Value {
    let mut props = vec![
        (
            "title",
            json!({ "type": "string", "minLength": 1, "maxLength": 200 }),
        ),
        ("value", money()),
        (
            "currency",
            json!({ "type": "string", "minLength": 3, "maxLength": 3 }),
        ),
        ("exchange_rate", string()),
        ("stage_id", integer()),
        ("owner_id", integer()),
        ("expected_close_date", date()),
    ];
    if with_version {
        props.push(("version", integer()));
    }
    let optional: Vec<&str> = props
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !required.contains(k))
        .collect();
    input(&props, &optional)
}

/// The whole document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(build);
    &DOCUMENT
}

fn build() -> Value {
    let mut paths = Map::new();
    for o in operations() {
        let entry = paths.entry(o.path.to_string()).or_insert_with(|| json!({}));
        entry[o.method] = operation_json(&o);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Embudo CRM API",
            "version": "1",
            "description": "JSON over HTTPS. Authenticate with a personal token (Mi cuenta → Tokens): \
                `Authorization: Bearer <token>`; the token acts with its user's permissions. Money is a \
                decimal string (\"12345.67\"), instants ISO 8601 in UTC, dates YYYY-MM-DD. Lists answer \
                {\"items\": [...], \"next\": cursor-or-null}: pass `next` as `cursor` for the following page. \
                Changes carry the `version` you read and answer 409 when the record changed meanwhile. \
                Errors answer {\"error\": {\"code\", \"message\", \"fields\"}}."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "bearer": [] }],
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": schemas(),
        },
        "paths": paths,
    })
}
