//! Login, sessions, cookies, logout and the failed-login limit, through the
//! real router, on SQLite and PostgreSQL.

use crate::common::*;
use http::StatusCode;
use std::time::Instant;

#[tokio::test]
async fn login_sets_a_safe_rotating_session_and_logout_ends_it() {
    for t in databases().await {
        let acc = account(&t.db, "Tienda Uno", "estandar").await;
        let router = router(&t.db);

        let ans = login_from(&router, &acc.gerente, PASSWORD, "10.1.1.1").await;
        assert_eq!(ans.status, StatusCode::OK, "{}: {}", t.name, ans.body);
        assert_eq!(ans.body, "\"es\"", "the user's language comes back");
        let set = ans.set_cookie("embudo_session").unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        assert!(
            !set.contains("Secure"),
            "plain HTTP: no Secure flag ({set})"
        );
        let first = ans.cookie("embudo_session").unwrap();
        assert!(
            first.len() >= "embudo_session=".len() + 43,
            "≥ 256-bit id: {first}"
        );
        assert!(ans.cookie("i18n_pref_locale").is_some());

        let me = send(&router, server_fn("/api/session_info", &[], Some(&first))).await;
        assert_eq!(me.json()["email"], acc.gerente.as_str(), "{}", t.name);
        assert_eq!(me.json()["role"], "gerente");

        // Logging in again rotates the id and retires the old one.
        let mut again = server_fn(
            "/api/login",
            &[("email", &acc.gerente), ("password", PASSWORD)],
            Some(&first),
        );
        again
            .headers_mut()
            .insert("x-forwarded-proto", "https".parse().unwrap());
        let ans = send(&router, again).await;
        assert!(
            ans.set_cookie("embudo_session").unwrap().contains("Secure"),
            "HTTPS via proxy: Secure"
        );
        let second = ans.cookie("embudo_session").unwrap();
        assert_ne!(first, second);
        let old = send(&router, server_fn("/api/session_info", &[], Some(&first))).await;
        assert_eq!(old.body, "null", "{}: old session must be gone", t.name);

        let out = send(&router, server_fn("/api/logout", &[], Some(&second))).await;
        assert_eq!(out.status, StatusCode::OK);
        assert!(
            out.set_cookie("embudo_session")
                .unwrap()
                .contains("Max-Age=0")
        );
        let after = send(&router, server_fn("/api/session_info", &[], Some(&second))).await;
        assert_eq!(
            after.body, "null",
            "{}: logged-out session must be gone",
            t.name
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_email_look_the_same() {
    for t in databases().await {
        let acc = account(&t.db, "Tienda Dos", "estandar").await;
        let router = router(&t.db);
        let mut wrong_pw = vec![];
        let mut unknown = vec![];
        for i in 0..3 {
            let start = Instant::now();
            let a = login_from(
                &router,
                &acc.vendedor,
                "incorrecta1",
                &format!("10.2.0.{i}"),
            )
            .await;
            wrong_pw.push(start.elapsed());
            let start = Instant::now();
            let b = login_from(
                &router,
                "nadie@nowhere.mx",
                "incorrecta1",
                &format!("10.3.0.{i}"),
            )
            .await;
            unknown.push(start.elapsed());
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", t.name);
            assert_eq!(
                (a.status, &a.body),
                (b.status, &b.body),
                "{}: same answer",
                t.name
            );
            assert!(a.body.contains("BadCredentials"), "{}", a.body);
        }
        // Both paths run one Argon2 verification: neither is several times faster.
        wrong_pw.sort();
        unknown.sort();
        let (a, b) = (wrong_pw[1].as_secs_f64(), unknown[1].as_secs_f64());
        assert!(
            b > a / 3.0 && a > b / 3.0,
            "{}: medians {a:.4}s vs {b:.4}s",
            t.name
        );
    }
}

#[tokio::test]
async fn ten_failures_lock_one_address_but_not_another() {
    for t in databases().await {
        let acc = account(&t.db, "Tienda Tres", "estandar").await;
        let router = router(&t.db);
        for _ in 0..10 {
            let a = login_from(&router, &acc.admin, "incorrecta1", "10.9.9.9").await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", t.name);
        }
        let locked = login_from(&router, &acc.admin, PASSWORD, "10.9.9.9").await;
        assert_eq!(
            locked.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            t.name,
            locked.body
        );
        assert!(locked.body.contains("TooManyAttempts"), "{}", locked.body);
        assert!(locked.cookie("embudo_session").is_none());
        // The same email in another case is the same account.
        let upper = login_from(&router, &acc.admin.to_uppercase(), PASSWORD, "10.9.9.9").await;
        assert_eq!(upper.status, StatusCode::TOO_MANY_REQUESTS);

        let elsewhere = login_from(&router, &acc.admin, PASSWORD, "10.8.8.8").await;
        assert_eq!(
            elsewhere.status,
            StatusCode::OK,
            "{}: other address still works",
            t.name
        );
        let other_user = login_from(&router, &acc.gerente, PASSWORD, "10.9.9.9").await;
        assert_eq!(
            other_user.status,
            StatusCode::OK,
            "{}: other account from that address works",
            t.name
        );
    }
}

#[tokio::test]
async fn empty_fields_are_named() {
    let t = sqlite().await;
    let router = router(&t.db);
    let a = login_from(&router, "", "", "10.0.0.5").await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        a.body.contains("\"email\"") && a.body.contains("\"password\""),
        "{}",
        a.body
    );
    let bad = send(
        &router,
        server_fn("/api/login", &[("email", "x@y.mx")], None),
    )
    .await;
    assert_eq!(
        bad.status,
        StatusCode::BAD_REQUEST,
        "missing argument: {}",
        bad.body
    );
}
