//! The permission matrix (each role against each server function and REST
//! route), tenant isolation with foreign ids, plan gating and the
//! cross-origin guard — through the real router, on SQLite and PostgreSQL.

use crate::common::*;
use http::{Request, StatusCode, header};

/// What an endpoint call should answer for a caller.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Ok,
    Status(StatusCode),
}
use Expect::*;

/// One row of the matrix: endpoint, server-function form (`None`: REST GET),
/// and what each caller gets, in the order of `callers`.
type Row<'a> = (&'a str, Option<Vec<(&'a str, &'a str)>>, [Expect; 8]);

const UNAUTH: Expect = Status(StatusCode::UNAUTHORIZED);
const FORBID: Expect = Status(StatusCode::FORBIDDEN);
const MISSING: Expect = Status(StatusCode::NOT_FOUND);
const INVALID: Expect = Status(StatusCode::UNPROCESSABLE_ENTITY);

#[tokio::test]
async fn every_role_against_every_endpoint() {
    for t in databases().await {
        let main = account(&t.db, "Principal", "estandar").await;
        let basic = account(&t.db, "Basica", "basico").await;
        let custom_email = "sinpermisos@principal.mx";
        let (watcher_email, manager_email) = ("miron@principal.mx", "personal@principal.mx");
        use app::domain::permission::Permission::{DealsEditOwn, DealsViewAll, UsersManage};
        let customs: [(&str, &str, &[_]); 3] = [
            (custom_email, "consulta", &[]),
            (watcher_email, "miron", &[DealsViewAll, DealsEditOwn]),
            (manager_email, "personal", &[UsersManage]),
        ];
        for (email, role, grants) in customs {
            let mut conn = t.db.begin().await.unwrap();
            app::ssr::users::db::roles::insert(&mut conn.ex(), main.id, role, None, grants)
                .await
                .unwrap();
            conn.commit().await.unwrap();
            app::ssr::accounts::provision::create_user(
                &t.db,
                &app::ssr::accounts::provision::UserInput {
                    account_id: main.id,
                    email,
                    name: role,
                    role,
                    password: PASSWORD,
                },
            )
            .await
            .unwrap();
        }
        let router = router(&t.db);
        let callers: Vec<(&str, Option<String>)> = vec![
            ("anonymous", None),
            ("admin", Some(login(&router, &main.admin).await)),
            ("gerente", Some(login(&router, &main.gerente).await)),
            ("vendedor", Some(login(&router, &main.vendedor).await)),
            ("custom role", Some(login(&router, custom_email).await)),
            (
                "view all + edit own",
                Some(login(&router, watcher_email).await),
            ),
            (
                "manage users only",
                Some(login(&router, manager_email).await),
            ),
            ("basico admin", Some(login(&router, &basic.admin).await)),
        ];
        let pid = main.pipeline_id.to_string();
        let first_stage = {
            let mut conn = t.db.read().await.unwrap();
            app::ssr::pipelines::db::list(&mut conn.ex(), main.id)
                .await
                .unwrap()[0]
                .stages[0]
                .id
                .to_string()
        };
        let pipeline_path = format!("/api/v1/pipelines/{pid}");
        // (endpoint, form or None for REST GET, expectations per caller in order above)
        let matrix: Vec<Row> = vec![
            (
                "/api/session_info",
                Some(vec![]),
                [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
            ),
            (
                "/api/set_locale",
                Some(vec![("locale", "es")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
            ),
            // The directory's and the agenda's writes: a role without
            // edit permissions may not add; foreign ids are missing.
            (
                "/api/save_record",
                Some(vec![("kind", "Organization"), ("fields[name]", "")]),
                [
                    UNAUTH, INVALID, INVALID, INVALID, FORBID, INVALID, FORBID, FORBID,
                ],
            ),
            (
                "/api/delete_record",
                Some(vec![("kind", "Organization"), ("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // The deal form's customer lookups: anyone of the CRM.
            (
                "/api/suggest_organizations",
                Some(vec![("q", "aceros")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/organization_contacts",
                Some(vec![("name", "Aceros")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            // The catalogue: everyone of the CRM reads it, whoever
            // configures the pipeline changes it.
            (
                "/api/list_products",
                Some(vec![("query[q]", "")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/get_product",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/save_record",
                Some(vec![("kind", "Product"), ("fields[sku]", "")]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/delete_record",
                Some(vec![("kind", "Product"), ("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/complete_activity",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/reschedule_activity",
                Some(vec![("id", "987654321"), ("date", "2027-01-01")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/dismiss_reminder",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/activity_calendar",
                Some(vec![("query[view]", "week")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/due_reminders",
                Some(vec![]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/reminder_count",
                Some(vec![]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/save_filter",
                Some(vec![
                    ("page", "clientes"),
                    ("name", "Mío"),
                    ("query", "q=sol"),
                ]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/delete_filter",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // Configuración: whoever configures the pipeline (admin).
            (
                "/api/lost_reason_settings",
                Some(vec![]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/save_lost_reason",
                Some(vec![("label", "")]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/pipeline_settings",
                Some(vec![]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/save_pipeline",
                Some(vec![("name", "")]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/default_pipeline",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/delete_pipeline",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/save_stage",
                Some(vec![
                    ("id", "987654321"),
                    ("name", "X"),
                    ("color", "#000000"),
                    ("probability", "1"),
                    ("rotting_days", ""),
                ]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/move_stage",
                Some(vec![("id", "987654321"), ("direction", "up")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/delete_stage",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            // Users, roles, the account and its history: whoever manages
            // users (or the account), on any plan.
            (
                "/api/list_users",
                Some(vec![]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, Ok, Ok],
            ),
            (
                "/api/list_roles",
                Some(vec![]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, Ok, Ok],
            ),
            (
                "/api/create_user",
                Some(vec![
                    ("name", ""),
                    ("user_email", "x"),
                    ("password", "x"),
                    ("role", "vendedor"),
                ]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, INVALID, INVALID,
                ],
            ),
            (
                "/api/set_user_role",
                Some(vec![("id", "987654321"), ("role_id", "1")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, MISSING, MISSING,
                ],
            ),
            (
                "/api/set_user_active",
                Some(vec![("id", "987654321"), ("active", "false")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, MISSING, MISSING,
                ],
            ),
            (
                "/api/save_role",
                Some(vec![("role_name", "")]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, INVALID, INVALID,
                ],
            ),
            (
                "/api/delete_role",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, MISSING, MISSING,
                ],
            ),
            (
                "/api/save_account",
                Some(vec![
                    ("account_name", ""),
                    ("currency", "MXN"),
                    ("time_zone", "America/Mexico_City"),
                ]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, FORBID, INVALID,
                ],
            ),
            (
                "/api/reset_password",
                Some(vec![("id", "987654321"), ("password", "otra-clave-larga")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, MISSING, MISSING,
                ],
            ),
            (
                "/api/change_password",
                Some(vec![
                    ("current_password", "no-es-esta"),
                    ("new_password", "x"),
                ]),
                [
                    UNAUTH, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID,
                ],
            ),
            (
                "/api/account_history",
                Some(vec![("query[page]", "1")]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, Ok, Ok],
            ),
            (
                "/api/list_pipelines",
                Some(vec![]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/get_pipeline",
                Some(vec![("id", &pid)]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/pipelines",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                &pipeline_path,
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/users",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/dashboard",
                Some(vec![]),
                [UNAUTH, Ok, Ok, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/v1/dashboard",
                None,
                [UNAUTH, Ok, Ok, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/board",
                Some(vec![("query[mine]", "false")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/board_cards",
                Some(vec![
                    ("query[mine]", "false"),
                    ("stage_id", &first_stage),
                    ("after", "0"),
                ]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            // A deal nobody has: every CRM user gets "not found", never more.
            (
                "/api/move_deal",
                Some(vec![
                    ("query[mine]", "false"),
                    ("deal_id", "987654321"),
                    ("version", "1"),
                    ("stage_id", &first_stage),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/win_deal",
                Some(vec![
                    ("query[mine]", "false"),
                    ("deal_id", "987654321"),
                    ("version", "1"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/lose_deal",
                Some(vec![
                    ("query[mine]", "false"),
                    ("deal_id", "987654321"),
                    ("version", "1"),
                    ("reason_id", "1"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/deal",
                Some(vec![("key", "T-987654")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/add_comment",
                Some(vec![("deal_id", "987654321"), ("body", "Hola")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/reopen_deal",
                Some(vec![("deal_id", "987654321"), ("version", "1")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/update_deal",
                Some(vec![
                    ("deal_id", "987654321"),
                    ("version", "1"),
                    ("input[title]", "x"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // A deal's lines: whoever may edit the deal; a missing deal is
            // missing for every role (an existing one: tests/it/deal_lines.rs).
            (
                "/api/preview_deal_lines",
                Some(vec![
                    ("deal_id", "987654321"),
                    ("value_from_lines", "false"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/save_deal_lines",
                Some(vec![
                    ("deal_id", "987654321"),
                    ("version", "1"),
                    ("value_from_lines", "false"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // Quotes: anyone of the CRM lists those of the deals they see;
            // a missing quote or deal is missing for every role (existing
            // ones: tests/it/quotes.rs).
            (
                "/api/list_quotes",
                Some(vec![]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/get_quote",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/create_quote",
                Some(vec![("deal_id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/change_quote",
                Some(vec![
                    ("id", "987654321"),
                    ("version", "1"),
                    ("action", "cancel"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/preview_quote_lines",
                Some(vec![("quote_id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/save_quote_lines",
                Some(vec![("quote_id", "987654321"), ("version", "1")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/save_record",
                Some(vec![
                    ("kind", "Quote"),
                    ("id", "987654321"),
                    ("fields[version]", "1"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // Mailing a quote again: without a relay (this router has
            // none) it is refused as not configured, whatever the id.
            (
                "/api/email_quote",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, INVALID, INVALID, INVALID, INVALID, INVALID, INVALID, FORBID,
                ],
            ),
            // Notas de venta: whoever may edit the deal issues them.
            (
                "/api/get_sale_note",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/sale_note_from_quote",
                Some(vec![("quote_id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/sale_note_from_deal",
                Some(vec![("deal_id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/save_record",
                Some(vec![
                    ("kind", "SaleNote"),
                    ("id", "987654321"),
                    ("fields[payment_form]", "03"),
                ]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // A customer's link: no sign-in, the link is the credential; a
            // link nobody has is missing for everyone.
            (
                "/api/public_quote",
                Some(vec![(
                    "token",
                    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                )]),
                [
                    MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING,
                ],
            ),
            (
                "/api/answer_quote",
                Some(vec![
                    ("token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                    ("accept", "true"),
                    ("name", "Cliente"),
                ]),
                [
                    MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING,
                ],
            ),
            // The line editor's catalogue search: anyone of the CRM.
            (
                "/api/suggest_products",
                Some(vec![("q", "cable"), ("currency", "MXN")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            // Tokens: every signed-in user has their own (any plan).
            (
                "/api/list_tokens",
                Some(vec![]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
            ),
            (
                "/api/create_token",
                Some(vec![("name", "Matriz")]),
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, Ok],
            ),
            (
                "/api/revoke_token",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING,
                ],
            ),
            (
                "/api/v1/deals",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/lost-reasons",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/export/deals",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/export/organizations",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/export/contacts",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/activities",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/products",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/export/products",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/products/987654321",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/deals/987654321",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/deals/987654321/history",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/deals/987654321/lines",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/quotes",
                None,
                [UNAUTH, Ok, Ok, Ok, Ok, Ok, Ok, FORBID],
            ),
            (
                "/api/v1/quotes/987654321",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/sale-notes/987654321",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/quotes/987654321/pdf",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/sale-notes/987654321/pdf",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            (
                "/api/v1/sale-notes/987654321/cfdi",
                None,
                [
                    UNAUTH, MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, FORBID,
                ],
            ),
            // Webhooks: who manages integrations and sees every deal.
            (
                "/api/list_webhooks",
                Some(vec![]),
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/create_webhook",
                Some(vec![("url", "")]),
                [
                    UNAUTH, INVALID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/set_webhook_active",
                Some(vec![
                    ("id", "987654321"),
                    ("version", "1"),
                    ("active", "true"),
                ]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/delete_webhook",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/test_webhook",
                Some(vec![("id", "987654321")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/resend_webhook",
                Some(vec![("id", "987654321"), ("delivery_id", "1")]),
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/v1/webhooks",
                None,
                [UNAUTH, Ok, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID],
            ),
            (
                "/api/v1/webhooks/987654321",
                None,
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
            (
                "/api/v1/webhooks/987654321/deliveries",
                None,
                [
                    UNAUTH, MISSING, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID,
                ],
            ),
        ];
        for (path, form, expected) in &matrix {
            for ((who, cookie), want) in callers.iter().zip(expected) {
                let req = match form {
                    Some(f) => server_fn(path, f, cookie.as_deref()),
                    None => get(path, cookie.as_deref(), None),
                };
                let ans = send(&router, req).await;
                let got = if ans.status == StatusCode::OK {
                    Ok
                } else {
                    Status(ans.status)
                };
                assert_eq!(got, *want, "{}: {who} → {path}: {}", t.name, ans.body);
            }
        }
        // The basico account's CRM refusal says why.
        let ans = send(
            &router,
            server_fn("/api/list_pipelines", &[], callers[7].1.as_deref()),
        )
        .await;
        assert!(ans.body.contains("PlanRequired"), "{}", ans.body);
        let ans = send(
            &router,
            get("/api/v1/pipelines", callers[7].1.as_deref(), None),
        )
        .await;
        assert_eq!(ans.json()["error"]["code"], "plan_required");
    }
}

#[tokio::test]
async fn a_foreign_id_is_answered_like_a_missing_one() {
    for t in databases().await {
        let mine = account(&t.db, "Mia", "estandar").await;
        let theirs = account(&t.db, "Ajena", "premium").await;
        let router = router(&t.db);
        let cookie = login(&router, &mine.admin).await;

        let own = send(
            &router,
            server_fn(
                "/api/get_pipeline",
                &[("id", &mine.pipeline_id.to_string())],
                Some(&cookie),
            ),
        )
        .await;
        assert_eq!(own.status, StatusCode::OK);
        assert_eq!(own.json()["stages"].as_array().unwrap().len(), 5);

        let foreign_id = theirs.pipeline_id.to_string();
        let foreign = send(
            &router,
            server_fn("/api/get_pipeline", &[("id", &foreign_id)], Some(&cookie)),
        )
        .await;
        let missing = send(
            &router,
            server_fn("/api/get_pipeline", &[("id", "987654321")], Some(&cookie)),
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", t.name);
        assert_eq!(
            (foreign.status, &foreign.body),
            (missing.status, &missing.body)
        );

        let foreign = send(
            &router,
            get(
                &format!("/api/v1/pipelines/{foreign_id}"),
                Some(&cookie),
                None,
            ),
        )
        .await;
        let missing = send(
            &router,
            get("/api/v1/pipelines/987654321", Some(&cookie), None),
        )
        .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        assert_eq!(foreign.body, missing.body);
        assert_eq!(foreign.json()["error"]["code"], "not_found");

        // Lists only hold this account's records.
        let users = send(&router, get("/api/v1/users", Some(&cookie), None)).await;
        let emails: Vec<String> = users.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["email"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(emails.len(), 3, "{emails:?}");
        assert!(emails.iter().all(|e| e.ends_with("@mia.mx")), "{emails:?}");
        let pipes = send(&router, get("/api/v1/pipelines", Some(&cookie), None)).await;
        assert_eq!(pipes.json()["items"][0]["id"], mine.pipeline_id);
        assert_eq!(pipes.json()["items"].as_array().unwrap().len(), 1);
        assert!(pipes.json()["next"].is_null());

        // The dashboard of another account's pipeline is like a missing one.
        let path = |id: &str| format!("/api/v1/dashboard?pipeline_id={id}");
        let foreign = send(&router, get(&path(&foreign_id), Some(&cookie), None)).await;
        let missing = send(&router, get(&path("987654321"), Some(&cookie), None)).await;
        assert_eq!(
            foreign.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            foreign.body
        );
        assert_eq!(foreign.body, missing.body);
        assert_eq!(
            foreign.json()["error"]["fields"]["pipeline_id"],
            "not_found"
        );
        let form = [("pipeline_id", foreign_id.as_str())];
        let foreign = send(&router, server_fn("/api/dashboard", &form, Some(&cookie))).await;
        let form = [("pipeline_id", "987654321")];
        let missing = send(&router, server_fn("/api/dashboard", &form, Some(&cookie))).await;
        assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(foreign.body, missing.body);
    }
}

#[tokio::test]
async fn api_tokens_act_as_their_user() {
    for t in databases().await {
        let acc = account(&t.db, "Tokens", "estandar").await;
        let router = router(&t.db);
        let token =
            app::ssr::accounts::provision::create_token(&t.db, &acc.vendedor, "integración")
                .await
                .unwrap();
        assert!(token.starts_with("emb_"));
        let ok = send(&router, get("/api/v1/pipelines", None, Some(&token))).await;
        assert_eq!(ok.status, StatusCode::OK, "{}: {}", t.name, ok.body);
        let wrong = send(&router, get("/api/v1/pipelines", None, Some("emb_wrong"))).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.json()["error"]["code"], "unauthorized");
        let unknown = app::ssr::accounts::provision::create_token(&t.db, "nadie@x.mx", "x").await;
        assert_eq!(
            unknown,
            Err(app::error::AppError::field("email", "unknown_user"))
        );
    }
}

#[tokio::test]
async fn cross_origin_state_changes_are_refused() {
    let t = sqlite().await;
    let acc = account(&t.db, "Origen", "estandar").await;
    let router = router(&t.db);
    let cookie = login(&router, &acc.admin).await;
    for origin in [
        "https://evil.example",
        "null",
        "http://embudo.test.evil.example",
    ] {
        let mut req = server_fn("/api/set_locale", &[("locale", "en")], Some(&cookie));
        req.headers_mut()
            .insert(header::ORIGIN, origin.parse().unwrap());
        let ans = send(&router, req).await;
        assert_eq!(ans.status, StatusCode::FORBIDDEN, "{origin}");
        assert_eq!(ans.json()["error"]["code"], "cross_origin");
    }
    let mut req = server_fn("/api/logout", &[], Some(&cookie));
    req.headers_mut().remove(header::ORIGIN);
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&router, req).await.status, StatusCode::FORBIDDEN);
    // The session survived the refused logout.
    let me = send(&router, server_fn("/api/session_info", &[], Some(&cookie))).await;
    assert_eq!(me.json()["email"], acc.admin.as_str());
    // Reads are never blocked, and pages carry the protective headers.
    let page = send(
        &router,
        Request::get("/login")
            .header(header::HOST, HOST)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["x-frame-options"], "DENY");
    assert!(page.body.contains("Iniciar sesión"));
}

#[tokio::test]
async fn unknown_api_routes_answer_json_404() {
    let t = sqlite().await;
    let ans = send(&router(&t.db), get("/api/v1/nothing-here", None, None)).await;
    assert_eq!(ans.status, StatusCode::NOT_FOUND);
    assert_eq!(ans.json()["error"]["code"], "not_found");
}

/// A server function called with an id: (path, the other fields, the id).
type FnCall<'a> = (&'a str, Vec<(&'a str, String)>, String);

/// Every id-taking endpoint, called by one estandar account's admin with a
/// real id of another estandar account, answers exactly as with an id
/// nobody has (status and body).
#[tokio::test]
async fn every_endpoint_answers_a_foreign_id_like_a_missing_one() {
    use serde_json::json;
    for t in databases().await {
        let name = t.name;
        let mine = account(&t.db, "Propia", "estandar").await;
        let theirs = account(&t.db, "Vecina", "estandar").await;
        let router = router(&t.db);
        let cookie = login(&router, &mine.admin).await;
        let token = app::ssr::accounts::provision::create_token(&t.db, &mine.admin, "m")
            .await
            .unwrap();
        let their_token = app::ssr::accounts::provision::create_token(&t.db, &theirs.admin, "v")
            .await
            .unwrap();
        let owner = user_id(&t.db, &theirs.gerente).await;
        let deal = open_deals(&t.db, &theirs, &[("Ajeno", 1_000, 0, owner)]).await[0];
        let created = |path: &'static str, body: serde_json::Value| {
            let router = router.clone();
            let their_token = their_token.clone();
            async move {
                let ans = send(&router, with_token("POST", path, &their_token, Some(body))).await;
                assert_eq!(ans.status, StatusCode::CREATED, "{path}: {}", ans.body);
                ans.json()["id"].as_i64().unwrap().to_string()
            }
        };
        let org = created("/api/v1/organizations", json!({"name": "Ajena SA"})).await;
        let contact = created(
            "/api/v1/contacts",
            json!({"name": "Ana Ajena", "email": "ana@ajena.mx"}),
        )
        .await;
        let activity = created(
            "/api/v1/activities",
            json!({"kind": "tarea", "subject": "Ajena"}),
        )
        .await;
        let product = created(
            "/api/v1/products",
            json!({"sku": "AJ-1", "name": "Ajeno", "unit_price": "10"}),
        )
        .await;
        let their_cookie = login(&router, &theirs.admin).await;
        let deal_field = deal.to_string();
        let made = call(
            &router,
            &their_cookie,
            "/api/create_quote",
            &[("deal_id", &deal_field)],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let quote = call(&router, &their_cookie, "/api/list_quotes", &[])
            .await
            .json()["rows"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        // A nota de venta of theirs: a won deal's lines.
        let noted = open_deals(&t.db, &theirs, &[("Con nota", 1_000, 0, owner)]).await[0];
        let lines = json!({"version": 1, "lines": [{"description": "x", "unit_price": "1"}]});
        let path = format!("/api/v1/deals/{noted}/lines");
        let ans = send(&router, with_token("PUT", &path, &their_token, Some(lines))).await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let path = format!("/api/v1/deals/{noted}/won");
        let won = json!({"version": ans.json()["version"]});
        let ans = send(&router, with_token("POST", &path, &their_token, Some(won))).await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        let key = ans.json()["key"].as_str().unwrap().to_string();
        let noted = noted.to_string();
        let made = call(
            &router,
            &their_cookie,
            "/api/sale_note_from_deal",
            &[("deal_id", &noted)],
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let note = deal_page_of(&router, &their_cookie, &key).await["sale_notes"][0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let their_hooks = router_with(&t.db, |s| {
            s.webhook_allow_nets = vec!["127.0.0.0/8".parse().unwrap()]
        });
        let hook = {
            let body = json!({"url": "http://127.0.0.1:9/ajeno"});
            let ans = send(
                &their_hooks,
                with_token("POST", "/api/v1/webhooks", &their_token, Some(body)),
            )
            .await;
            assert_eq!(ans.status, StatusCode::CREATED, "{name}: {}", ans.body);
            ans.json()["id"].as_i64().unwrap().to_string()
        };
        let ping = format!("/api/v1/webhooks/{hook}/test");
        let ans = send(&their_hooks, with_token("POST", &ping, &their_token, None)).await;
        let their_delivery = ans.json()["delivery_id"].as_i64().unwrap();
        let stage = stage_ids(&t.db, theirs.id).await[0].to_string();
        let pipeline = theirs.pipeline_id.to_string();
        let their_user = owner.to_string();
        let deal_id = deal.to_string();
        let my_stage = stage_ids(&t.db, mine.id).await[1].to_string();

        // (method, path with {id}, body) for REST; the id is swapped in.
        let rest: Vec<(&str, String, Option<serde_json::Value>, String)> = vec![
            ("GET", "/api/v1/deals/{id}".into(), None, deal_id.clone()),
            (
                "PATCH",
                "/api/v1/deals/{id}".into(),
                Some(json!({"version": 1, "title": "x"})),
                deal_id.clone(),
            ),
            (
                "DELETE",
                "/api/v1/deals/{id}?version=1".into(),
                None,
                deal_id.clone(),
            ),
            (
                "GET",
                "/api/v1/deals/{id}/history".into(),
                None,
                deal_id.clone(),
            ),
            (
                "GET",
                "/api/v1/deals/{id}/lines".into(),
                None,
                deal_id.clone(),
            ),
            (
                "PUT",
                "/api/v1/deals/{id}/lines".into(),
                Some(json!({"version": 1, "lines": [{"description": "x", "unit_price": "1"}]})),
                deal_id.clone(),
            ),
            (
                "POST",
                "/api/v1/deals/{id}/move".into(),
                Some(json!({"version": 1, "stage_id": my_stage.parse::<i64>().unwrap()})),
                deal_id.clone(),
            ),
            (
                "POST",
                "/api/v1/deals/{id}/won".into(),
                Some(json!({"version": 1})),
                deal_id.clone(),
            ),
            (
                "POST",
                "/api/v1/deals/{id}/reopen".into(),
                Some(json!({"version": 1})),
                deal_id.clone(),
            ),
            (
                "GET",
                "/api/v1/organizations/{id}".into(),
                None,
                org.clone(),
            ),
            (
                "PATCH",
                "/api/v1/organizations/{id}".into(),
                Some(json!({"name": "Mía"})),
                org.clone(),
            ),
            (
                "DELETE",
                "/api/v1/organizations/{id}".into(),
                None,
                org.clone(),
            ),
            ("GET", "/api/v1/contacts/{id}".into(), None, contact.clone()),
            (
                "PATCH",
                "/api/v1/contacts/{id}".into(),
                Some(json!({"name": "Mía"})),
                contact.clone(),
            ),
            (
                "DELETE",
                "/api/v1/contacts/{id}".into(),
                None,
                contact.clone(),
            ),
            (
                "GET",
                "/api/v1/activities/{id}".into(),
                None,
                activity.clone(),
            ),
            (
                "PATCH",
                "/api/v1/activities/{id}".into(),
                Some(json!({"subject": "Mía"})),
                activity.clone(),
            ),
            (
                "DELETE",
                "/api/v1/activities/{id}".into(),
                None,
                activity.clone(),
            ),
            (
                "POST",
                "/api/v1/activities/{id}/done".into(),
                None,
                activity.clone(),
            ),
            (
                "GET",
                "/api/v1/pipelines/{id}".into(),
                None,
                pipeline.clone(),
            ),
            ("GET", "/api/v1/products/{id}".into(), None, product.clone()),
            (
                "PATCH",
                "/api/v1/products/{id}".into(),
                Some(json!({"name": "Mío"})),
                product.clone(),
            ),
            (
                "DELETE",
                "/api/v1/products/{id}".into(),
                None,
                product.clone(),
            ),
            ("GET", "/api/v1/quotes/{id}/pdf".into(), None, quote.clone()),
            ("GET", "/api/v1/quotes/{id}".into(), None, quote.clone()),
            (
                "PATCH",
                "/api/v1/quotes/{id}".into(),
                Some(json!({"version": 1, "notes": "Mía"})),
                quote.clone(),
            ),
            (
                "PUT",
                "/api/v1/quotes/{id}/lines".into(),
                Some(json!({"version": 1, "lines": []})),
                quote.clone(),
            ),
            (
                "POST",
                "/api/v1/quotes/{id}/send".into(),
                Some(json!({"version": 1})),
                quote.clone(),
            ),
            (
                "POST",
                "/api/v1/quotes/{id}/accept".into(),
                Some(json!({"version": 1})),
                quote.clone(),
            ),
            (
                "POST",
                "/api/v1/quotes/{id}/reject".into(),
                Some(json!({"version": 1})),
                quote.clone(),
            ),
            (
                "POST",
                "/api/v1/quotes/{id}/cancel".into(),
                Some(json!({"version": 1})),
                quote.clone(),
            ),
            (
                "POST",
                "/api/v1/quotes/{id}/sale-note".into(),
                None,
                quote.clone(),
            ),
            ("GET", "/api/v1/sale-notes/{id}".into(), None, note.clone()),
            (
                "POST",
                "/api/v1/deals/{id}/sale-note".into(),
                None,
                noted.clone(),
            ),
            (
                "GET",
                "/api/v1/sale-notes/{id}/pdf".into(),
                None,
                note.clone(),
            ),
            (
                "GET",
                "/api/v1/sale-notes/{id}/cfdi".into(),
                None,
                note.clone(),
            ),
            (
                "PATCH",
                "/api/v1/sale-notes/{id}/billing".into(),
                Some(json!({"payment_form": "03"})),
                note.clone(),
            ),
            ("GET", "/api/v1/webhooks/{id}".into(), None, hook.clone()),
            (
                "PATCH",
                "/api/v1/webhooks/{id}".into(),
                Some(json!({"version": 1, "description": "Mío"})),
                hook.clone(),
            ),
            ("DELETE", "/api/v1/webhooks/{id}".into(), None, hook.clone()),
            (
                "POST",
                "/api/v1/webhooks/{id}/test".into(),
                None,
                hook.clone(),
            ),
            (
                "GET",
                "/api/v1/webhooks/{id}/deliveries".into(),
                None,
                hook.clone(),
            ),
            (
                "POST",
                format!("/api/v1/webhooks/{{id}}/deliveries/{their_delivery}/resend"),
                None,
                hook.clone(),
            ),
        ];
        for (method, path, body, id) in &rest {
            let ask =
                |id: &str| with_token(method, &path.replace("{id}", id), &token, body.clone());
            let foreign = send(&router, ask(id)).await;
            let missing = send(&router, ask("987654321")).await;
            assert_eq!(
                (foreign.status, &foreign.body),
                (missing.status, &missing.body),
                "{name}: {method} {path}"
            );
        }
        // A quote of their deal, asked in the body.
        let asked = |deal: &str| {
            let body = json!({"deal_id": deal.parse::<i64>().unwrap()});
            with_token("POST", "/api/v1/quotes", &token, Some(body))
        };
        let foreign = send(&router, asked(&deal_id)).await;
        let missing = send(&router, asked("987654321")).await;
        assert_eq!(
            (foreign.status, &foreign.body),
            (missing.status, &missing.body),
            "{name}: POST /quotes"
        );
        // Server functions: (path, form with the id under `id`).
        let fns: Vec<FnCall> = vec![
            (
                "/api/move_deal",
                vec![
                    ("query[mine]", "false".into()),
                    ("version", "1".into()),
                    ("stage_id", my_stage.clone()),
                ],
                deal_id.clone(),
            ),
            (
                "/api/win_deal",
                vec![("query[mine]", "false".into()), ("version", "1".into())],
                deal_id.clone(),
            ),
            (
                "/api/add_comment",
                vec![("body", "Hola".into())],
                deal_id.clone(),
            ),
            (
                "/api/reopen_deal",
                vec![("version", "1".into())],
                deal_id.clone(),
            ),
            (
                "/api/update_deal",
                vec![("version", "1".into()), ("input[title]", "x".into())],
                deal_id.clone(),
            ),
            (
                "/api/preview_deal_lines",
                vec![("value_from_lines", "false".into())],
                deal_id.clone(),
            ),
            (
                "/api/save_deal_lines",
                vec![
                    ("version", "1".into()),
                    ("value_from_lines", "true".into()),
                    ("lines[0][description]", "x".into()),
                    ("lines[0][unit_price]", "1".into()),
                ],
                deal_id.clone(),
            ),
            (
                "/api/delete_record",
                vec![("kind", "Organization".into())],
                org.clone(),
            ),
            (
                "/api/delete_record",
                vec![("kind", "Contact".into())],
                contact.clone(),
            ),
            (
                "/api/delete_record",
                vec![("kind", "Activity".into())],
                activity.clone(),
            ),
            (
                "/api/delete_record",
                vec![("kind", "Product".into())],
                product.clone(),
            ),
            (
                "/api/save_record",
                vec![("kind", "Product".into()), ("fields[name]", "x".into())],
                product.clone(),
            ),
            ("/api/get_product", vec![], product.clone()),
            ("/api/create_quote", vec![], deal_id.clone()),
            ("/api/sale_note_from_deal", vec![], deal_id.clone()),
            ("/api/sale_note_from_quote", vec![], quote.clone()),
            ("/api/get_sale_note", vec![], note.clone()),
            (
                "/api/save_record",
                vec![
                    ("kind", "SaleNote".into()),
                    ("fields[payment_form]", "03".into()),
                ],
                note.clone(),
            ),
            ("/api/get_quote", vec![], quote.clone()),
            ("/api/email_quote", vec![], quote.clone()),
            (
                "/api/change_quote",
                vec![("version", "1".into()), ("action", "cancel".into())],
                quote.clone(),
            ),
            ("/api/preview_quote_lines", vec![], quote.clone()),
            (
                "/api/save_quote_lines",
                vec![("version", "1".into())],
                quote.clone(),
            ),
            (
                "/api/save_record",
                vec![
                    ("kind", "Quote".into()),
                    ("fields[version]", "1".into()),
                    ("fields[notes]", "x".into()),
                ],
                quote.clone(),
            ),
            ("/api/complete_activity", vec![], activity.clone()),
            (
                "/api/reschedule_activity",
                vec![("date", "2030-01-01".into())],
                activity.clone(),
            ),
            ("/api/dismiss_reminder", vec![], activity.clone()),
            ("/api/get_pipeline", vec![], pipeline.clone()),
            ("/api/default_pipeline", vec![], pipeline.clone()),
            ("/api/delete_pipeline", vec![], pipeline.clone()),
            (
                "/api/move_stage",
                vec![("direction", "up".into())],
                stage.clone(),
            ),
            ("/api/delete_stage", vec![], stage.clone()),
            (
                "/api/set_user_active",
                vec![("active", "false".into())],
                their_user.clone(),
            ),
            (
                "/api/reset_password",
                vec![("password", "otra-clave-larga".into())],
                their_user.clone(),
            ),
            (
                "/api/set_user_role",
                vec![("role_id", "1".into())],
                their_user.clone(),
            ),
        ];
        for (path, form, id) in &fns {
            let id_field = if path.ends_with("_deal")
                || path.ends_with("_deal_lines")
                || *path == "/api/add_comment"
                || *path == "/api/create_quote"
                || *path == "/api/sale_note_from_deal"
            {
                "deal_id"
            } else if path.ends_with("_quote_lines") || *path == "/api/sale_note_from_quote" {
                "quote_id"
            } else {
                "id"
            };
            let ask = |id: &str| {
                let mut f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                f.push((id_field, id));
                server_fn(path, &f, Some(&cookie))
            };
            let foreign = send(&router, ask(id)).await;
            let missing = send(&router, ask("987654321")).await;
            assert_eq!(
                (foreign.status, &foreign.body),
                (missing.status, &missing.body),
                "{name}: {path}"
            );
        }
        // Nothing of theirs changed.
        let still = send(
            &router,
            get(
                &format!("/api/v1/activities/{activity}"),
                None,
                Some(&their_token),
            ),
        )
        .await;
        assert_eq!(still.json()["done"], false, "{name}");
        let still = send(
            &router,
            get(&format!("/api/v1/deals/{deal}"), None, Some(&their_token)),
        )
        .await;
        assert_eq!(still.json()["title"], "Ajeno", "{name}");
    }
}
