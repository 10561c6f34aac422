//! What an attacker inside an account tries, through the real router on
//! SQLite and PostgreSQL: climbing from "manage users" to admin, writing
//! with a role that grants no writes, changing a colleague's records with
//! "see all" — every one refused, and nothing changed.
use crate::common::*;
use app::domain::permission::Permission;
use app::ssr::accounts::provision::{self, UserInput};
use app::ssr::users::db::roles;
use http::StatusCode;
use serde_json::{Value, json};

/// Adds a custom role granting `permissions` and a user holding it.
async fn user_with_role(
    t: &TestDb,
    a: &TestAccount,
    role: &str,
    permissions: &[Permission],
) -> String {
    let mut tx = t.db.begin().await.unwrap();
    roles::insert(&mut tx.ex(), a.id, role, None, permissions)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let slug: String = role.chars().filter(char::is_ascii_alphanumeric).collect();
    let email = format!("{slug}@{}.mx", a.id);
    provision::create_user(
        &t.db,
        &UserInput {
            account_id: a.id,
            email: &email,
            name: role,
            role,
            password: PASSWORD,
        },
    )
    .await
    .unwrap();
    email
}

/// The id of the role named `name` as the roles list shows it.
fn role_id(roles: &Value, name: &str) -> String {
    roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .map(|r| r["id"].as_i64().unwrap().to_string())
        .unwrap_or_else(|| panic!("no role {name} in {roles}"))
}

/// The permissions a role grants, as the roles list shows them.
fn grants(roles: &Value, name: &str) -> Vec<String> {
    let role = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap();
    serde_json::from_value(role["permissions"].clone()).unwrap()
}

#[tokio::test]
async fn managing_users_alone_grants_nothing_more() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Escalera", "estandar").await;
        let hr = user_with_role(&t, &a, "personal", &[Permission::UsersManage]).await;
        let router = router(&t.db);
        let admin = login(&router, &a.admin).await;
        let rh = login(&router, &hr).await;
        // A custom role above the manager's, made by the admin.
        let everything: Vec<(String, &str)> = Permission::ALL
            .iter()
            .map(|p| (format!("permissions[{}]", p.name()), "on"))
            .collect();
        let with_all = |extra: Vec<(&'static str, String)>| {
            let mut form: Vec<(String, String)> =
                extra.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            form.extend(everything.iter().map(|(k, v)| (k.clone(), v.to_string())));
            form
        };
        let post = |cookie: String, path: &'static str, form: Vec<(String, String)>| {
            let router = router.clone();
            async move {
                let refs: Vec<(&str, &str)> =
                    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                call(&router, &cookie, path, &refs).await
            }
        };
        let made = post(
            admin.clone(),
            "/api/save_role",
            with_all(vec![("role_name", "jefe".into())]),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
        let roles = call(&router, &admin, "/api/list_roles", &[]).await.json();
        let (personal, admin_role, jefe) = (
            role_id(&roles, "personal"),
            role_id(&roles, "admin"),
            role_id(&roles, "jefe"),
        );
        let vendedor_role = role_id(&roles, "vendedor");
        let admin_id = user_id(&t.db, &a.admin).await.to_string();
        let seller_id = user_id(&t.db, &a.vendedor).await.to_string();

        // Their own role given every permission.
        let own = post(
            rh.clone(),
            "/api/save_role",
            with_all(vec![
                ("id", personal.clone()),
                ("role_name", "personal".into()),
            ]),
        )
        .await;
        refused(&own, "permissions", "beyond_own", name);
        // A new role with every permission, or with one they lack.
        let new = post(
            rh.clone(),
            "/api/save_role",
            with_all(vec![("role_name", "todo".into())]),
        )
        .await;
        refused(&new, "permissions", "beyond_own", name);
        let one = call(
            &router,
            &rh,
            "/api/save_role",
            &[
                ("role_name", "ventas"),
                ("permissions[crm.deals.edit_own]", "on"),
            ],
        )
        .await;
        refused(&one, "permissions", "beyond_own", name);
        // A role above theirs is not theirs to change or delete.
        let edit = call(
            &router,
            &rh,
            "/api/save_role",
            &[
                ("id", &jefe),
                ("role_name", "jefe"),
                ("permissions[account.users.manage]", "on"),
            ],
        )
        .await;
        refused(&edit, "role_name", "outranks", name);
        let gone = call(&router, &rh, "/api/delete_role", &[("id", &jefe)]).await;
        refused(&gone, "role_name", "outranks", name);
        // What they do hold, they may hand out; nobody is moved into a role
        // above theirs, nor created in one.
        let peer = call(
            &router,
            &rh,
            "/api/create_user",
            &[
                ("name", "Otra de personal"),
                ("user_email", "par@escalera.mx"),
                ("password", "otra-clave-larga"),
                ("role", "personal"),
            ],
        )
        .await;
        assert_eq!(peer.status, StatusCode::OK, "{name}: {}", peer.body);
        let peer_id = user_id(&t.db, "par@escalera.mx").await.to_string();
        let up = call(
            &router,
            &rh,
            "/api/set_user_role",
            &[("id", &peer_id), ("role_id", &admin_role)],
        )
        .await;
        refused(&up, "role", "beyond_own", name);
        let seller_up = call(
            &router,
            &rh,
            "/api/set_user_role",
            &[("id", &seller_id), ("role_id", &personal)],
        )
        .await;
        refused(&seller_up, "user", "outranks", name);
        let sibling = call(
            &router,
            &rh,
            "/api/create_user",
            &[
                ("name", "Cómplice"),
                ("user_email", "complice@escalera.mx"),
                ("password", "otra-clave-larga"),
                ("role", "admin"),
            ],
        )
        .await;
        refused(&sibling, "role", "beyond_own", name);
        // The admin (and the seller, who edits deals) are above them.
        let reset = call(
            &router,
            &rh,
            "/api/reset_password",
            &[("id", &admin_id), ("password", "tomada-por-rh")],
        )
        .await;
        refused(&reset, "user", "outranks", name);
        let taken = login_from(&router, &a.admin, "tomada-por-rh", "10.0.0.9").await;
        assert_eq!(
            taken.status,
            StatusCode::UNAUTHORIZED,
            "{name}: {}",
            taken.body
        );
        for (path, id) in [
            ("/api/set_user_active", &admin_id),
            ("/api/set_user_active", &seller_id),
        ] {
            let off = call(&router, &rh, path, &[("id", id), ("active", "false")]).await;
            refused(&off, "user", "outranks", name);
        }
        let demote = call(
            &router,
            &rh,
            "/api/set_user_role",
            &[("id", &admin_id), ("role_id", &personal)],
        )
        .await;
        refused(&demote, "user", "outranks", name);

        // Nothing changed: the roles grant what they did, the admin still
        // signs in with their password and the seller is still a seller.
        let after = call(&router, &admin, "/api/list_roles", &[]).await.json();
        assert_eq!(
            grants(&after, "personal"),
            ["account.users.manage"],
            "{name}"
        );
        assert_eq!(
            grants(&after, "jefe").len(),
            Permission::ALL.len(),
            "{name}"
        );
        for role in ["todo", "ventas"] {
            assert!(
                !after.as_array().unwrap().iter().any(|r| r["name"] == role),
                "{name}: {role} was created"
            );
        }
        login(&router, &a.admin).await;
        let users = call(&router, &admin, "/api/list_users", &[]).await.json();
        let seller = users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == a.vendedor.as_str())
            .unwrap();
        assert_eq!(seller["role"], "vendedor", "{name}: {seller}");
        let peer = users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == "par@escalera.mx")
            .unwrap();
        assert_eq!(peer["role"], "personal", "{name}: {peer}");
        assert_eq!(seller["active"], true, "{name}: {seller}");

        // And the admin, who holds everything, still does all of it.
        let promoted = call(
            &router,
            &admin,
            "/api/set_user_role",
            &[("id", &seller_id), ("role_id", &vendedor_role)],
        )
        .await;
        assert_eq!(promoted.status, StatusCode::OK, "{name}: {}", promoted.body);
    }
}

#[tokio::test]
async fn every_write_checks_its_permission() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Escritura", "estandar").await;
        let nobody = user_with_role(&t, &a, "consulta", &[]).await;
        let watcher = user_with_role(
            &t,
            &a,
            "miron",
            &[Permission::DealsViewAll, Permission::DealsEditOwn],
        )
        .await;
        let router = router(&t.db);
        let gerente_id = user_id(&t.db, &a.gerente).await;
        let stage = stage_ids(&t.db, a.id).await[0].to_string();
        let deal = open_deals(&t.db, &a, &[("Del gerente", 50_000, 0, gerente_id)]).await[0];
        let boss = provision::create_token(&t.db, &a.gerente, "b")
            .await
            .unwrap();
        let nobody_token = provision::create_token(&t.db, &nobody, "n").await.unwrap();
        let watcher_token = provision::create_token(&t.db, &watcher, "w").await.unwrap();
        let nobody_cookie = login(&router, &nobody).await;
        let watcher_cookie = login(&router, &watcher).await;

        // A role with no permissions creates no deal, by any door.
        let body = json!({"title": "Colado", "value": "100.00", "stage_id": stage.parse::<i64>().unwrap()});
        let rest = send(
            &router,
            with_token("POST", "/api/v1/deals", &nobody_token, Some(body)),
        )
        .await;
        assert_eq!(rest.status, StatusCode::FORBIDDEN, "{name}: {}", rest.body);
        let form = call(
            &router,
            &nobody_cookie,
            "/api/save_record",
            &[
                ("kind", "Deal"),
                ("fields[title]", "Colado"),
                ("fields[value]", "100"),
                ("fields[stage_id]", &stage),
            ],
        )
        .await;
        assert_eq!(form.status, StatusCode::FORBIDDEN, "{name}: {}", form.body);
        let direct = call(
            &router,
            &nobody_cookie,
            "/api/create_deal",
            &[
                ("input[title]", "Colado"),
                ("input[value]", "100"),
                ("input[currency]", ""),
                ("input[exchange_rate]", ""),
                ("input[stage_id]", &stage),
                ("input[owner_id]", ""),
                ("input[expected_close_date]", ""),
            ],
        )
        .await;
        assert_eq!(
            direct.status,
            StatusCode::FORBIDDEN,
            "{name}: {}",
            direct.body
        );
        let listed = send(&router, get("/api/v1/deals", None, Some(&boss))).await;
        let titles: Vec<String> = listed.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(titles, ["Del gerente"], "{name}");

        // The gerente's activity: "see all + edit own" sees it, changes nothing.
        let made = send(
            &router,
            with_token(
                "POST",
                "/api/v1/activities",
                &boss,
                Some(json!({"kind": "llamada", "subject": "Llamar al cliente", "due_at": "2030-01-10T16:00:00Z"})),
            ),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{name}: {}", made.body);
        let id = made.json()["id"].as_i64().unwrap().to_string();
        let path = format!("/api/v1/activities/{id}");
        let seen = send(&router, get(&path, None, Some(&watcher_token))).await;
        assert_eq!(seen.status, StatusCode::OK, "{name}: {}", seen.body);
        for (method, uri, body) in [
            ("DELETE", path.clone(), None),
            ("POST", format!("{path}/done"), None),
            ("PATCH", path.clone(), Some(json!({"subject": "Mía ahora"}))),
        ] {
            let ans = send(&router, with_token(method, &uri, &watcher_token, body)).await;
            assert_eq!(
                ans.status,
                StatusCode::FORBIDDEN,
                "{name}: {method} {uri}: {}",
                ans.body
            );
        }
        for (fn_path, form) in [
            ("/api/complete_activity", vec![("id", id.as_str())]),
            (
                "/api/delete_record",
                vec![("kind", "Activity"), ("id", id.as_str())],
            ),
            (
                "/api/reschedule_activity",
                vec![("id", id.as_str()), ("date", "2030-02-01")],
            ),
            (
                "/api/save_record",
                vec![
                    ("kind", "Activity"),
                    ("id", id.as_str()),
                    ("fields[subject]", "Mía"),
                ],
            ),
        ] {
            let ans = call(&router, &watcher_cookie, fn_path, &form).await;
            assert_eq!(
                ans.status,
                StatusCode::FORBIDDEN,
                "{name}: {fn_path}: {}",
                ans.body
            );
        }
        // Nor does a role with no permissions complete even its own.
        let own = send(
            &router,
            with_token(
                "POST",
                "/api/v1/activities",
                &boss,
                Some(json!({"kind": "tarea", "subject": "Para consulta", "assigned_to": user_id(&t.db, &nobody).await})),
            ),
        )
        .await;
        assert_eq!(own.status, StatusCode::CREATED, "{name}: {}", own.body);
        let own_id = own.json()["id"].as_i64().unwrap();
        let done = send(
            &router,
            with_token(
                "POST",
                &format!("/api/v1/activities/{own_id}/done"),
                &nobody_token,
                None,
            ),
        )
        .await;
        assert_eq!(done.status, StatusCode::FORBIDDEN, "{name}: {}", done.body);
        // Linking their own activity to the gerente's deal changes its card:
        // refused too.
        let linked = send(
            &router,
            with_token(
                "POST",
                "/api/v1/activities",
                &watcher_token,
                Some(json!({"kind": "tarea", "subject": "Colgada", "deal_id": deal})),
            ),
        )
        .await;
        assert_eq!(
            linked.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            linked.body
        );
        assert_eq!(linked.json()["error"]["fields"]["deal_id"], "not_allowed");

        let after = send(&router, get(&path, None, Some(&boss))).await.json();
        assert_eq!(after["subject"], "Llamar al cliente", "{name}: {after}");
        assert_eq!(after["done"], false, "{name}: {after}");
        assert_eq!(
            after["due_at"], "2030-01-10T16:00:00.000Z",
            "{name}: {after}"
        );
        // Whoever edits all does it.
        let done = send(
            &router,
            with_token("POST", &format!("{path}/done"), &boss, None),
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{name}: {}", done.body);
    }
}

#[tokio::test]
async fn the_most_used_passwords_are_refused_wherever_one_is_chosen() {
    let t = sqlite().await;
    let a = account(&t.db, "Comunes", "estandar").await;
    let router = router(&t.db);
    let admin = login(&router, &a.admin).await;
    let made = call(
        &router,
        &admin,
        "/api/create_user",
        &[
            ("name", "Nueva"),
            ("user_email", "nueva@comunes.mx"),
            ("password", "Password1"),
            ("role", "vendedor"),
        ],
    )
    .await;
    refused(&made, "password", "common", "create");
    let seller = user_id(&t.db, &a.vendedor).await.to_string();
    let reset = call(
        &router,
        &admin,
        "/api/reset_password",
        &[("id", &seller), ("password", "qwerty123")],
    )
    .await;
    refused(&reset, "password", "common", "reset");
    let own = call(
        &router,
        &admin,
        "/api/change_password",
        &[("current_password", PASSWORD), ("new_password", "iloveyou")],
    )
    .await;
    refused(&own, "new_password", "common", "own");
    let cli = provision::create_account(
        &t.db,
        &provision::AccountInput {
            name: "Otra",
            plan: "estandar",
            currency: "MXN",
            time_zone: "America/Mexico_City",
            admin_name: "A",
            admin_email: "a@otra.mx",
            admin_password: "12345678",
        },
    )
    .await;
    assert_eq!(
        cli,
        Err(app::error::AppError::field("admin_password", "common"))
    );
    // The admin's own password still works: nothing changed.
    login(&router, &a.admin).await;
}
