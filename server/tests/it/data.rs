//! The data layer and provisioning on SQLite and PostgreSQL: migrations,
//! account defaults, validation that writes nothing, and the demo seeder.

use crate::common::*;
use app::error::{AppError, FieldError};
use app::ssr::accounts::db as accounts;
use app::ssr::accounts::db::stats;
use app::ssr::accounts::provision::{self, AccountInput, UserInput};
use app::ssr::db::dialect;
use app::ssr::pipelines::db as pipelines;
use app::ssr::pipelines::db::lost_reasons;
use app::ssr::users::db as users;
use app::ssr::users::db::roles;
use chrono::NaiveDate;
use server::demo;

fn input<'a>(name: &'a str, email: &'a str, password: &'a str, plan: &'a str) -> AccountInput<'a> {
    AccountInput {
        name,
        plan,
        currency: "MXN",
        time_zone: "America/Mexico_City",
        admin_name: "Ana",
        admin_email: email,
        admin_password: password,
    }
}

#[tokio::test]
async fn a_new_account_gets_roles_pipeline_and_reasons() {
    for t in databases().await {
        t.db.migrate().await.expect("migrations are idempotent");
        let (id, admin) =
            provision::create_account(&t.db, &input("Nueva", "Ana@Nueva.MX", PASSWORD, "premium"))
                .await
                .unwrap();
        let mut conn = t.db.read().await.unwrap();
        let mut ex = conn.ex();
        let acc = accounts::find(&mut ex, "Nueva").await.unwrap().unwrap();
        assert_eq!(
            (
                acc.id,
                acc.plan.as_str(),
                acc.currency.as_str(),
                acc.locale.as_str()
            ),
            (id, "premium", "MXN", "es")
        );
        assert_eq!(
            accounts::find(&mut ex, &id.to_string())
                .await
                .unwrap()
                .unwrap()
                .name,
            "Nueva"
        );
        let list = pipelines::list(&mut ex, id).await.unwrap();
        assert_eq!(list.len(), 1, "{}", t.name);
        assert!(list[0].is_default);
        let stages: Vec<&str> = list[0].stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            stages,
            [
                "Contacto inicial",
                "Calificado",
                "Propuesta enviada",
                "En negociación",
                "Reevaluación"
            ]
        );
        let reasons: Vec<String> = lost_reasons::list(&mut ex, id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(reasons, lost_reasons::DEFAULTS);
        for role in ["admin", "gerente", "vendedor"] {
            let rid = roles::id_by_name(&mut ex, id, role).await.unwrap().unwrap();
            let perms = roles::permissions(&mut ex, rid).await.unwrap();
            let builtin = app::domain::permission::BuiltinRole::from_key(role).unwrap();
            assert_eq!(
                perms.len(),
                builtin.permissions().len(),
                "{}: {role}",
                t.name
            );
        }
        let people = users::list(&mut ex, id).await.unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(
            (
                people[0].id,
                people[0].email.as_str(),
                people[0].role.as_str()
            ),
            (admin, "ana@nueva.mx", "admin")
        );
        if t.name == "sqlite" {
            assert_eq!(
                dialect::journal_mode(&mut ex).await.unwrap().as_deref(),
                Some("wal")
            );
        }
    }
}

#[tokio::test]
async fn bad_input_is_named_and_writes_nothing() {
    for t in databases().await {
        let bad =
            provision::create_account(&t.db, &input("", "no-es-correo", "corta", "oro")).await;
        let Err(AppError::Validation(fields)) = bad else {
            panic!("{}: {bad:?}", t.name)
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            names,
            ["name", "plan", "admin_email", "admin_password"],
            "{}",
            t.name
        );

        provision::create_account(&t.db, &input("Primera", "dup@x.mx", PASSWORD, "estandar"))
            .await
            .unwrap();
        // A taken email is refused and the second account is not half-created.
        let again =
            provision::create_account(&t.db, &input("Segunda", "DUP@x.mx", PASSWORD, "estandar"))
                .await;
        assert_eq!(
            again,
            Err(AppError::Validation(vec![FieldError {
                field: "admin_email".into(),
                code: "taken".into()
            }]))
        );
        let mut conn = t.db.read().await.unwrap();
        assert!(
            accounts::find(&mut conn.ex(), "Segunda")
                .await
                .unwrap()
                .is_none(),
            "{}: rolled back",
            t.name
        );
        let first = accounts::find(&mut conn.ex(), "Primera")
            .await
            .unwrap()
            .unwrap();
        drop(conn);

        let unknown_role = provision::create_user(
            &t.db,
            &UserInput {
                account_id: first.id,
                email: "v@x.mx",
                name: "V",
                role: "jefe",
                password: PASSWORD,
            },
        )
        .await;
        assert_eq!(unknown_role, Err(AppError::field("role", "unknown_role")));
        let mut conn = t.db.read().await.unwrap();
        assert_eq!(
            users::id_by_email(&mut conn.ex(), "v@x.mx").await.unwrap(),
            None
        );
    }
}

#[tokio::test]
async fn demo_seed_is_realistic_deterministic_and_resettable() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let mut reference = None;
    for t in databases().await {
        let opts = || demo::Options {
            deals: 1500,
            seed: 7,
            today,
            reset: false,
            force: false,
        };
        demo::seed(&t.db, opts()).await.unwrap();
        let again = demo::seed(&t.db, opts()).await;
        assert!(
            matches!(again, Err(AppError::Conflict(_))),
            "{}: refuses to seed twice without --reset",
            t.name
        );
        demo::seed(
            &t.db,
            demo::Options {
                reset: true,
                force: false,
                ..opts()
            },
        )
        .await
        .unwrap();

        let mut conn = t.db.read().await.unwrap();
        let acc = accounts::find(&mut conn.ex(), demo::DEMO_ACCOUNT)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(acc.plan, "estandar");
        let basic = accounts::find(&mut conn.ex(), demo::BASICO_ACCOUNT)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(basic.plan, "basico");
        let c = stats::account_counts(&mut conn.ex(), acc.id).await.unwrap();
        assert_eq!(
            c.deals_open + c.deals_won + c.deals_lost,
            1500,
            "{}",
            t.name
        );
        assert!(
            c.deals_won > 200 && c.deals_lost > 300 && c.deals_open > 100,
            "{}: realistic mix {c:?}",
            t.name
        );
        assert!(
            c.events >= 1500 + c.deals_won + c.deals_lost,
            "{}: history {c:?}",
            t.name
        );
        assert!(
            c.comments > 100
                && c.activities > 100
                && c.organizations >= 60
                && c.contacts == 2 * c.organizations
        );
        assert_eq!(
            users::list(&mut conn.ex(), acc.id).await.unwrap().len(),
            demo::USERS.len()
        );
        // Same seed and day: the same data on every database.
        match &reference {
            None => reference = Some(c),
            Some(r) => assert_eq!(r, &c, "sqlite and postgres seeded differently"),
        }
    }
}

#[tokio::test]
async fn demo_logins_work() {
    let t = sqlite().await;
    let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    demo::seed(
        &t.db,
        demo::Options {
            deals: 50,
            seed: 1,
            today,
            reset: false,
            force: false,
        },
    )
    .await
    .unwrap();
    let router = router(&t.db);
    for (email, _, role) in demo::USERS.iter().take(3) {
        let ans = login_from(&router, email, demo::PASSWORD, "10.0.0.7").await;
        assert_eq!(ans.status, http::StatusCode::OK, "{email}");
        let cookie = ans.cookie("embudo_session").unwrap();
        let me = send(&router, server_fn("/api/session_info", &[], Some(&cookie))).await;
        assert_eq!(me.json()["role"], *role);
    }
}
