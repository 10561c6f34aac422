//! Login, sessions, cookies, logout and the login limit (parallel guesses,
//! guesses spread over addresses, forwarded addresses), idle sessions and
//! live streams that end, through the real router, on SQLite and
//! PostgreSQL.

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

#[tokio::test]
async fn parallel_guesses_are_counted_before_any_is_checked() {
    for t in databases().await {
        let acc = account(&t.db, "Paralelo", "estandar").await;
        let router = router(&t.db);
        let guesses = (0..30).map(|i| {
            let router = router.clone();
            let email = acc.admin.clone();
            async move { login_from(&router, &email, &format!("adivina-{i}"), "10.3.3.3").await }
        });
        let answers = futures::future::join_all(guesses).await;
        let checked = answers
            .iter()
            .filter(|a| a.status == StatusCode::UNAUTHORIZED)
            .count();
        let refused = answers
            .iter()
            .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!((checked, refused), (10, 20), "{}", t.name);
        // The right password from that address waits; from another it works.
        let locked = login_from(&router, &acc.admin, PASSWORD, "10.3.3.3").await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", t.name);
        let elsewhere = login_from(&router, &acc.admin, PASSWORD, "10.4.4.4").await;
        assert_eq!(
            elsewhere.status,
            StatusCode::OK,
            "{}: {}",
            t.name,
            elsewhere.body
        );
    }
}

#[tokio::test]
async fn guesses_spread_over_addresses_lock_the_account_for_the_window() {
    for t in databases().await {
        let acc = account(&t.db, "Rociado", "estandar").await;
        let router = router_with(&t.db, |s| s.login_account_max_failures = 12);
        for i in 0..12 {
            let a = login_from(&router, &acc.admin, "adivina", &format!("10.5.0.{i}")).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}: guess {i}", t.name);
        }
        let fresh = login_from(&router, &acc.admin, PASSWORD, "10.6.0.1").await;
        assert_eq!(
            fresh.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            t.name,
            fresh.body
        );
        // Other accounts are not touched.
        let other = login_from(&router, &acc.gerente, PASSWORD, "10.5.0.1").await;
        assert_eq!(other.status, StatusCode::OK, "{}", t.name);
        // Successful logins do not add up to a lock.
        for _ in 0..15 {
            login(&router, &acc.vendedor).await;
        }
    }
}

#[tokio::test]
async fn the_address_is_the_one_our_proxy_added() {
    let t = sqlite().await;
    let acc = account(&t.db, "Proxy", "estandar").await;
    let router = router(&t.db);
    // Whatever the client writes to the left of the proxy's entry is ignored.
    for i in 0..10 {
        let forged = format!("198.51.100.{i}, 10.7.7.7");
        let a = login_from(&router, &acc.admin, "adivina", &forged).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    let forged = login_from(&router, &acc.admin, PASSWORD, "203.0.113.9, 10.7.7.7").await;
    assert_eq!(
        forged.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        forged.body
    );
    let real = login_from(&router, &acc.admin, PASSWORD, "10.7.7.8").await;
    assert_eq!(real.status, StatusCode::OK, "{}", real.body);
}

#[tokio::test]
async fn overlong_credentials_are_refused_before_anything_is_written() {
    let t = sqlite().await;
    let router = router(&t.db);
    let long_email = format!("{}@x.mx", "a".repeat(300));
    let long_password = "p".repeat(10_000);
    let a = login_from(&router, &long_email, &long_password, "10.0.0.6").await;
    refused(&a, "email", "too_long", "email");
    refused(&a, "password", "too_long", "password");
    let mut conn = t.db.read().await.unwrap();
    let rows =
        app::fetch_scalar!(&mut conn.ex(), i64, "SELECT COUNT(*) FROM login_attempts").unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn an_idle_session_ends_and_a_live_stream_closes_after_logout() {
    use futures::StreamExt;
    use tower::ServiceExt;
    for t in databases().await {
        let acc = account(&t.db, "Ocioso", "estandar").await;
        let router = router_with(&t.db, |s| {
            s.session_idle_minutes = 60;
            s.live_recheck_seconds = 1;
        });
        let cookie = login(&router, &acc.gerente).await;
        let me = call(&router, &cookie, "/api/list_tokens", &[]).await;
        assert_eq!(me.status, StatusCode::OK, "{}", t.name);
        // Unused for 61 minutes: ended.
        let idle = app::ssr::clock::now_ms() - 61 * 60_000;
        run_sql(&t.db, &format!("UPDATE sessions SET last_seen_at = {idle}")).await;
        let gone = call(&router, &cookie, "/api/list_tokens", &[]).await;
        assert_eq!(
            gone.status,
            StatusCode::UNAUTHORIZED,
            "{}: {}",
            t.name,
            gone.body
        );
        // Used 59 minutes ago: alive, and seen again now.
        let cookie = login(&router, &acc.gerente).await;
        let recent = app::ssr::clock::now_ms() - 59 * 60_000;
        run_sql(
            &t.db,
            &format!("UPDATE sessions SET last_seen_at = {recent}"),
        )
        .await;
        let alive = call(&router, &cookie, "/api/list_tokens", &[]).await;
        assert_eq!(alive.status, StatusCode::OK, "{}", t.name);

        // A board's stream ends soon after its session does.
        let res = router
            .clone()
            .oneshot(get("/api/live/board", Some(&cookie), None))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{}", t.name);
        let mut events = res.into_body().into_data_stream();
        let out = call(&router, &cookie, "/api/logout", &[]).await;
        assert!(
            out.status.is_success() || out.status.is_redirection(),
            "{}",
            out.status
        );
        let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            while let Some(frame) = events.next().await {
                frame.unwrap();
            }
        })
        .await;
        assert!(ended.is_ok(), "{}: the stream outlived the session", t.name);
    }
}
