//! The parts of the OpenAPI document no handler states: its title and
//! conventions, the bearer scheme, and the error answers: every operation
//! may answer 401, 403 and 429 (those under `/public/`, reached by a
//! customer's link without a credential, only 429), and every error answer has its reason and
//! the one error shape ([`super::ErrorBody`]); every operation's id is its
//! method and path (`post_deals__id__move`).
use super::ErrorBody;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};
use utoipa::{OpenApi as _, PartialSchema, ToSchema};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Embudo CRM API",
        version = "1",
        description = "JSON over HTTPS. Authenticate with a personal token (Mi cuenta → Tokens): \
            `Authorization: Bearer <token>`; the token acts with its user's permissions. Money is a \
            decimal string (\"12345.67\"), instants ISO 8601 in UTC, dates YYYY-MM-DD. Lists answer \
            {\"items\": [...], \"next\": cursor-or-null}: pass `next` as `cursor` for the following page. \
            Changes carry the `version` you read and answer 409 when the record changed meanwhile. \
            Errors answer {\"error\": {\"code\", \"message\", \"fields\"}}."
    ),
    servers((url = "/api/v1")),
    security(("bearer" = []))
)]
struct Base;

/// The document before the routes are added.
pub fn base() -> OpenApi {
    Base::openapi()
}

/// The statuses every operation may answer with.
const ALWAYS: [u16; 3] = [401, 403, 429];

fn reason(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "204" => "No content",
        "400" => "Malformed request (query string, JSON, content type)",
        "401" => "No valid session or token",
        "403" => "The role or plan does not allow it",
        "404" => "No such record in the account",
        "409" => "Stale version: the record changed meanwhile",
        "413" => "Body too large (2 MB; imports 64 MB or 200,000 rows)",
        "422" => "Invalid fields (named in `fields`) or rows (`rows`)",
        "429" => "Too many requests; retry after `Retry-After` seconds",
        _ => "",
    }
}

/// The document with the error answers and the security scheme, as JSON.
pub fn finish(mut doc: OpenApi) -> serde_json::Value {
    let error = || {
        let mut r = Response::new("");
        r.content.insert(
            "application/json".into(),
            Content::new(Some(Ref::from_schema_name(ErrorBody::name()))).into(),
        );
        r
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("patch", &mut item.patch),
            ("put", &mut item.put),
            ("delete", &mut item.delete),
        ];
        for (method, op) in operations {
            let Some(op) = op else { continue };
            // Stable ids (the docs page's anchors, clients' generated
            // method names): method and path, as they always were.
            op.operation_id = Some(format!(
                "{method}{}",
                path.replace(['/', '{', '}', '-'], "_")
            ));
            let public = path.starts_with("/public/");
            if public {
                // No credential: the link in the path is the only one.
                op.security = Some(vec![]);
            }
            let responses = &mut op.responses.responses;
            for status in ALWAYS.into_iter().filter(|s| !public || *s == 429) {
                responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::T(error()));
            }
            for (status, answer) in responses.iter_mut() {
                let RefOr::T(r) = answer else { continue };
                if status.as_str() >= "400" && r.content.is_empty() {
                    *r = error();
                }
                if r.description.is_empty() || status.as_str() >= "400" {
                    r.description = reason(status).into();
                }
            }
        }
    }
    let components = doc.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert(ErrorBody::name().into(), ErrorBody::schema());
    let mut schemas = vec![];
    ErrorBody::schemas(&mut schemas);
    components.schemas.extend(schemas);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    serde_json::to_value(&doc).unwrap_or_default()
}
