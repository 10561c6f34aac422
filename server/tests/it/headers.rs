//! What every answer carries, through the real router: a Content-Security-
//! Policy whose nonce is the one on every inline script of the page, HSTS,
//! `no-store` on pages and the API, compression, the bundle precompressed
//! and cached, a body limit on server functions, and a request id.
use crate::common::*;
use app::ssr::settings::{SecureCookies, Settings};
use app::ssr::state::AppState;
use axum::body::Body;
use http::{Request, StatusCode, header};
use leptos::config::LeptosOptions;

/// The nonce a policy allows scripts with.
fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce") + 7;
    let end = start + policy[start..].find('\'').unwrap();
    policy[start..end].to_string()
}

#[tokio::test]
async fn pages_carry_a_policy_whose_nonce_is_on_every_inline_script() {
    let t = sqlite().await;
    let router = router(&t.db);
    let page = send(&router, get("/login", None, None)).await;
    assert_eq!(page.status, StatusCode::OK);
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ] {
        assert!(policy.contains(part), "{part} in {policy}");
    }
    assert!(!policy.contains("'unsafe-eval'"), "{policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    let nonce = nonce_of(policy);
    assert!(nonce.len() >= 20, "{nonce}");
    // Inline scripts (not files from 'self'; an empty one never runs, and
    // Leptos leaves one) carry the nonce.
    let inline: Vec<&str> = page
        .body
        .split("<script")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .filter(|tag| !tag.contains(" src="))
        .collect();
    let empty = page.body.matches("<script></script>").count();
    assert!(inline.len() > empty, "{}", page.body);
    let with_nonce = inline
        .iter()
        .filter(|tag| tag.contains(&format!("nonce=\"{nonce}\"")))
        .count();
    assert_eq!(with_nonce, inline.len() - empty, "{}", page.body);
    assert!(
        page.body.contains("<script src=\"/confirm.js\""),
        "{}",
        page.body
    );
    // Each answer has its own nonce.
    let again = send(&router, get("/login", None, None)).await;
    let other = nonce_of(
        again.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap(),
    );
    assert_ne!(nonce, other);
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        page.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    // Without Secure cookies there is no HSTS.
    let plain = router_with(&t.db, |s| s.secure_cookies = SecureCookies::Never);
    let page = send(&plain, get("/login", None, None)).await;
    assert!(!page.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn pages_and_json_are_compressed_and_never_stored() {
    let t = sqlite().await;
    let a = account(&t.db, "Comprimida", "estandar").await;
    let router = router(&t.db);
    let cookie = login(&router, &a.gerente).await;
    for path in ["/crm/embudo", "/api/v1/pipelines"] {
        let mut req = get(path, Some(&cookie), None);
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, "br, gzip".parse().unwrap());
        let res = send(&router, req).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_eq!(res.headers[header::CONTENT_ENCODING], "br", "{path}");
        assert_eq!(res.headers[header::CACHE_CONTROL], "no-store", "{path}");
        let mut req = get(path, Some(&cookie), None);
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
        let res = send(&router, req).await;
        assert_eq!(res.headers[header::CONTENT_ENCODING], "gzip", "{path}");
    }
    // A streamed export compresses to its end (the stream is not asked
    // again after it ended).
    let mut req = get("/api/v1/export/deals", Some(&cookie), None);
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "br".parse().unwrap());
    let res = send(&router, req).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CONTENT_ENCODING], "br");
    // Without Accept-Encoding, plain.
    let res = send(&router, get("/api/v1/pipelines", Some(&cookie), None)).await;
    assert!(!res.headers.contains_key(header::CONTENT_ENCODING));
    assert!(res.body.contains("\"stages\""), "{}", res.body);
}

#[tokio::test]
async fn the_bundle_is_served_precompressed_and_cached_when_its_names_are_hashed() {
    let t = sqlite().await;
    let site = tempdir();
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("embudo.abc123.js"), "console.log('plain');").unwrap();
    std::fs::write(pkg.join("embudo.abc123.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("embudo.abc123.js.gz"), b"gzip bytes").unwrap();
    for hashed in [true, false] {
        // cargo-leptos lists the hashes beside the binary; an absolute
        // path names the list anywhere.
        let list = site.join("hash.txt");
        std::fs::write(&list, "js: abc123\n").unwrap();
        let options = LeptosOptions::builder()
            .output_name("embudo")
            .site_root(site.to_str().unwrap())
            .hash_files(hashed)
            .hash_file(list.to_str().unwrap().into())
            .build();
        let settings = Settings {
            proxy_hops: 1,
            ..Settings::default()
        };
        let router = server::router::build(AppState::new(t.db.clone(), settings, options));
        let ask = |encoding: &'static str| {
            Request::get("/pkg/embudo.abc123.js")
                .header(header::HOST, HOST)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap()
        };
        let br = send(&router, ask("br, gzip")).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
        assert_eq!(br.body, "brotli bytes", "the file written at build time");
        let cache = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        assert_eq!(br.headers[header::CACHE_CONTROL], cache);
        let gz = send(&router, ask("gzip")).await;
        assert_eq!(gz.body, "gzip bytes");
        let none = send(&router, ask("identity")).await;
        assert_eq!(none.body, "console.log('plain');");
        let missing = Request::get("/pkg/nothing.js")
            .header(header::HOST, HOST)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&router, missing).await.status, StatusCode::NOT_FOUND);
    }
    // Hashing on but no list: the names are plain, so they are revalidated.
    let options = LeptosOptions::builder()
        .output_name("embudo")
        .site_root(site.to_str().unwrap())
        .hash_files(true)
        .hash_file(site.join("missing.txt").to_str().unwrap().into())
        .build();
    let router = server::router::build(AppState::new(t.db.clone(), Settings::default(), options));
    let plain = Request::get("/pkg/embudo.abc123.js")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&router, plain).await.headers[header::CACHE_CONTROL],
        "no-cache"
    );
    std::fs::remove_dir_all(site).unwrap();
}

#[tokio::test]
async fn a_server_function_body_over_the_limit_is_refused_unread() {
    let t = sqlite().await;
    let a = account(&t.db, "Cuerpo", "estandar").await;
    let router = router(&t.db);
    let cookie = login(&router, &a.gerente).await;
    let huge = "x".repeat(server::router::MAX_BODY + 1);
    let mut req = server_fn("/api/set_locale", &[("locale", &huge)], Some(&cookie));
    req.headers_mut().remove(header::CONTENT_LENGTH);
    let res = send(&router, req).await;
    // Streamed without a length, it is cut at the limit and refused.
    assert!(
        [StatusCode::BAD_REQUEST, StatusCode::PAYLOAD_TOO_LARGE].contains(&res.status),
        "{}",
        res.status
    );
    assert!(res.body.contains("length limit exceeded"), "{}", res.body);
    // Announced by its length, it is refused before a byte is read.
    let mut with_length = server_fn("/api/set_locale", &[("locale", &huge)], Some(&cookie));
    let length = (huge.len() + "locale=".len()).to_string();
    with_length
        .headers_mut()
        .insert(header::CONTENT_LENGTH, length.parse().unwrap());
    let res = send(&router, with_length).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A normal one still works.
    let ok = send(
        &router,
        server_fn("/api/set_locale", &[("locale", "en")], Some(&cookie)),
    )
    .await;
    assert!(
        ok.status.is_success() || ok.status.is_redirection(),
        "{}",
        ok.status
    );
}

/// A fresh folder under the system's temporary one.
fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "embudo-site-{}-{}",
        std::process::id(),
        app::ssr::clock::now_ms()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn every_answer_names_its_request_and_keeps_a_proxys_id() {
    let t = sqlite().await;
    let router = router(&t.db);
    let mut ids = vec![];
    for path in ["/login", "/api/v1/deals", "/no/such/page"] {
        let answer = send(&router, get(path, None, None)).await;
        let id = answer.headers["x-request-id"].to_str().unwrap().to_string();
        assert_eq!(id.len(), 36, "{path}: {id}");
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut req = get("/login", None, None);
    req.headers_mut()
        .insert("x-request-id", "proxy-7f3a".parse().unwrap());
    let answer = send(&router, req).await;
    assert_eq!(answer.headers["x-request-id"], "proxy-7f3a");
}
