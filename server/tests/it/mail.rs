//! A sent quote's mail on SQLite and PostgreSQL, through a real SMTP sink
//! (aiosmtpd from PyPI, in tools/venv, started here on a free port and
//! stopped at the end): queued with the send, delivered once, read back
//! from the sink (sender, Reply-To, the customer, the Spanish text with the
//! link, the PDF with the folio and the total), the deal's email activity;
//! a contact without an address refused before anything is written; a
//! relay that answers nothing tried again, then given up, its error on the
//! quote's page.
use crate::common::*;
use crate::quotes::{lines_form, pdf_text, post};
use app::ssr::quotes::email::{self, LEASE_MS, MAX_ATTEMPTS, Outcome};
use app::ssr::settings::SmtpUrl;
use http::StatusCode;
use mail_parser::MimeHeaders;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An aiosmtpd process writing what it receives into a Maildir.
struct Sink {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Sink {
    async fn start() -> Sink {
        let python = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/venv/bin/python");
        assert!(
            std::path::Path::new(python).exists(),
            "{python} is missing: run scripts/setup.sh --test (it installs aiosmtpd)"
        );
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("embudo-mail-{}-{port}", std::process::id()));
        let mut child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Sink { child, dir, port };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on {port}");
    }

    fn url(&self) -> SmtpUrl {
        SmtpUrl(format!("smtp://127.0.0.1:{}", self.port))
    }

    /// The messages received so far, raw.
    fn messages(&self) -> Vec<Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else {
            return vec![];
        };
        entries
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_sent_quote_mails_its_customer_the_link_and_the_pdf_once() {
    let sink = Sink::start().await;
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Correo", "estandar").await;
        let state = state_with(&t.db, |s| {
            s.smtp_url = Some(sink.url());
            s.mail_from = "Cotizaciones Embudo <cotizaciones@embudo.test>".into();
            s.public_url = "https://crm.example.mx".into();
        });
        let mailer = state.mailer.clone().expect("the relay is set");
        let router = server::router::build(state.clone());
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "m")
            .await
            .unwrap();
        let rest = |method: &'static str, path: String, body: Option<Value>| {
            let (router, token) = (router.clone(), token.clone());
            async move { send(&router, with_token(method, &path, &token, body)).await }
        };
        let org = created(
            &router,
            &token,
            "/api/v1/organizations",
            json!({"name": "Papelería Central", "tax_id": "PCE010203AB1"}),
        )
        .await;
        let with_mail = created(
            &router,
            &token,
            "/api/v1/contacts",
            json!({"name": "Ana Compras", "email": "compras@papeleria.mx", "organization_id": org}),
        )
        .await;
        let without = created(
            &router,
            &token,
            "/api/v1/contacts",
            json!({"name": "Beto Sin Correo", "organization_id": org}),
        )
        .await;
        let owner = user_id(&t.db, &a.vendedor).await;
        let deals = open_deals(
            &t.db,
            &a,
            &[("Sin correo", 1_000, 0, owner), ("Papel", 1_000, 0, owner)],
        )
        .await;
        let seller = login(&router, &a.vendedor).await;
        let mut quotes = vec![];
        for (deal, contact) in deals.iter().zip([without, with_mail]) {
            let ans = rest(
                "PATCH",
                format!("/api/v1/deals/{deal}"),
                Some(json!({"version": 1, "organization_id": org, "contact_id": contact})),
            )
            .await;
            assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
            let mut form = vec![
                ("deal_id".to_string(), deal.to_string()),
                ("version".to_string(), "2".to_string()),
                ("value_from_lines".to_string(), "true".to_string()),
            ];
            form.extend(lines_form(&[&[
                ("description", "Resma carta"),
                ("quantity", "10"),
                ("unit_price", "100"),
                ("iva", "16"),
            ]]));
            let saved = post(&router, &seller, "/api/save_deal_lines", &form).await;
            assert_eq!(saved.status, StatusCode::OK, "{name}: {}", saved.body);
            let made = call(
                &router,
                &seller,
                "/api/create_quote",
                &[("deal_id", &deal.to_string())],
            )
            .await;
            assert_eq!(made.status, StatusCode::OK, "{name}: {}", made.body);
            let list = call(&router, &seller, "/api/list_quotes", &[]).await.json();
            quotes.push(list["rows"][0]["id"].as_i64().unwrap().to_string());
        }
        let page = |id: String| {
            let (router, seller) = (router.clone(), seller.clone());
            async move {
                call(&router, &seller, "/api/get_quote", &[("id", &id)])
                    .await
                    .json()
            }
        };
        let send_mail = |id: String| {
            let (router, seller) = (router.clone(), seller.clone());
            async move {
                call(
                    &router,
                    &seller,
                    "/api/change_quote",
                    &[
                        ("id", &id),
                        ("version", "1"),
                        ("action", "send"),
                        ("email", "true"),
                    ],
                )
                .await
            }
        };
        assert_eq!(page(quotes[1].clone()).await["may_mail"], true, "{name}");
        // A contact without an address: refused, and the quote stays a draft.
        refused(
            &send_mail(quotes[0].clone()).await,
            "contact_id",
            "no_email",
            name,
        );
        let q = page(quotes[0].clone()).await;
        assert_eq!(
            (&q["summary"]["state"], &q["version"]),
            (&json!("draft"), &json!(1)),
            "{name}"
        );
        // Sent by mail: queued, then delivered once.
        let before = sink.messages().len();
        let sent = send_mail(quotes[1].clone()).await;
        assert_eq!(sent.status, StatusCode::OK, "{name}: {}", sent.body);
        let q = page(quotes[1].clone()).await;
        assert_eq!(q["last_mail"]["state"], "queued", "{name}: {q}");
        let now = app::ssr::clock::now_ms();
        let done = email::deliver_due(&t.db, &mailer, &|| now).await.unwrap();
        assert_eq!(done, [Outcome::Sent], "{name}");
        let later = now + LEASE_MS * 2;
        assert_eq!(
            email::deliver_due(&t.db, &mailer, &|| later).await.unwrap(),
            [],
            "{name}: nothing twice"
        );
        let received = sink.messages();
        assert_eq!(received.len(), before + 1, "{name}");
        // The sink's files are unordered: this database's mail is the one
        // whose link is this quote's.
        let link = q["public_url"].as_str().unwrap().to_string();
        let raw = received
            .iter()
            .find(|m| String::from_utf8_lossy(m).contains(&link[link.len() - 20..]))
            .unwrap_or_else(|| panic!("{name}: the mail of {link}"));
        let m = mail_parser::MessageParser::default().parse(raw).unwrap();
        let addr = |a: Option<&mail_parser::Address>| {
            let a = a.and_then(|a| a.first()).unwrap();
            (
                a.name().map(str::to_string),
                a.address().unwrap().to_string(),
            )
        };
        assert_eq!(
            addr(m.from()),
            (
                Some("Cotizaciones Embudo".into()),
                "cotizaciones@embudo.test".into()
            ),
            "{name}"
        );
        assert_eq!(
            addr(m.to()),
            (Some("Ana Compras".into()), "compras@papeleria.mx".into()),
            "{name}"
        );
        assert_eq!(
            addr(m.reply_to()).1,
            a.vendedor,
            "{name}: the seller answers"
        );
        let folio = q["summary"]["folio"].as_str().unwrap().to_string();
        assert_eq!(
            m.subject(),
            Some(format!("Cotización {folio} de Correo").as_str()),
            "{name}"
        );
        let body = m.body_text(0).unwrap().to_string();
        assert!(
            link.starts_with("https://crm.example.mx/q/"),
            "{name}: {link}"
        );
        for want in [
            "Hola, Ana Compras:",
            &format!("te envía la cotización {folio} por $1,160.00 MXN"),
            &link,
        ] {
            assert!(body.contains(want), "{name}: {want} in {body}");
        }
        let pdf = m.attachments().next().expect("the PDF is attached");
        assert_eq!(pdf.attachment_name(), Some(format!("{folio}.pdf").as_str()));
        let text = pdf_text(pdf.contents());
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in [folio.as_str(), "Resma carta", "Total MXN $1,160.00"] {
            assert!(flat.contains(want), "{name}: {want} in {flat}");
        }
        // The page and the deal tell it.
        let q = page(quotes[1].clone()).await;
        assert_eq!(q["last_mail"]["state"], "sent", "{name}: {q}");
        assert_eq!(q["last_mail"]["to"], "compras@papeleria.mx", "{name}");
        let activities = rest("GET", "/api/v1/activities?limit=200".into(), None)
            .await
            .json();
        let emailed = activities["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == "email" && a["deal_id"] == deals[1])
            .cloned()
            .unwrap_or_else(|| panic!("{name}: an email activity in {activities}"));
        assert_eq!(
            emailed["subject"],
            format!("Cotización {folio} enviada por correo a compras@papeleria.mx"),
            "{name}"
        );
        assert_eq!(emailed["done"], true, "{name}");

        // A relay that is not there: tried again, then given up.
        let gone = state_with(&t.db, |s| {
            s.smtp_url = Some(SmtpUrl(format!("smtp://127.0.0.1:{}", free_port())));
        })
        .mailer
        .unwrap();
        // Not again minutes after it went out; an hour later, once.
        let asked = [("id", quotes[1].as_str())];
        let again = || call(&router, &seller, "/api/email_quote", &asked);
        refused(&again().await, "email", "too_soon", name);
        run_sql(&t.db, "UPDATE quote_emails SET sent_at = sent_at - 3600000").await;
        let ans = again().await;
        assert_eq!(ans.status, StatusCode::OK, "{name}: {}", ans.body);
        refused(&again().await, "email", "too_soon", name);
        let mut at = app::ssr::clock::now_ms();
        for attempt in 1..=MAX_ATTEMPTS {
            let done = email::deliver_due(&t.db, &gone, &|| at).await.unwrap();
            assert_eq!(done.len(), 1, "{name}: attempt {attempt}");
            match (&done[0], attempt == MAX_ATTEMPTS) {
                (Outcome::Retry(_), false) | (Outcome::GaveUp(_), true) => {}
                (other, _) => panic!("{name}: attempt {attempt}: {other:?}"),
            }
            // The next try is not before its wait.
            let early = at + 1;
            assert_eq!(
                email::deliver_due(&t.db, &gone, &|| early).await.unwrap(),
                []
            );
            at += 7 * 3_600_000;
        }
        let q = page(quotes[1].clone()).await;
        assert_eq!(q["last_mail"]["state"], "gave_up", "{name}: {q}");
        assert!(
            q["last_mail"]["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "{name}"
        );
        assert_eq!(
            sink.messages().len(),
            before + 1,
            "{name}: nothing more arrived"
        );
    }
}

/// The whole path, through the API a seller's integration or the
/// pages use: a product, a deal's lines from it, a quote sent by mail
/// (read back from the sink), accepted through the link in the mail with
/// no sign-in, its nota de venta, Ganado on a day for the quote's value,
/// and the dashboard counting it there.
#[tokio::test]
async fn from_product_to_dashboard_through_mail_and_the_customers_link() {
    let sink = Sink::start().await;
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "Todo el camino", "estandar").await;
        let state = state_with(&t.db, |s| {
            s.smtp_url = Some(sink.url());
            s.public_url = "https://crm.example.mx".into();
        });
        let mailer = state.mailer.clone().unwrap();
        let router = server::router::build(state);
        let token = app::ssr::accounts::provision::create_token(&t.db, &a.vendedor, "v")
            .await
            .unwrap();
        let admin = app::ssr::accounts::provision::create_token(&t.db, &a.admin, "a")
            .await
            .unwrap();
        let call_as = |who: &str, method: &'static str, path: String, body: Option<Value>| {
            let (router, who) = (router.clone(), who.to_string());
            async move { send(&router, with_token(method, &path, &who, body)).await }
        };
        let ok = |ans: crate::common::Answer, want: StatusCode| {
            assert_eq!(ans.status, want, "{name}: {}", ans.body);
            ans.json()
        };
        // The catalogue is the admin's; the rest the seller's own.
        let product = ok(
            call_as(
                &admin,
                "POST",
                "/api/v1/products".into(),
                Some(
                    json!({"sku": "IMP-01", "name": "Impresora láser", "unit_price": "1500",
                            "iva": "16", "sat_product_key": "43212105", "sat_unit_key": "H87"}),
                ),
            )
            .await,
            StatusCode::CREATED,
        );
        let org = ok(
            call_as(
                &token,
                "POST",
                "/api/v1/organizations".into(),
                Some(json!({"name": "Oficinas del Bajío", "tax_id": "OBA010203AB1"})),
            )
            .await,
            StatusCode::CREATED,
        )["id"]
            .clone();
        let contact = ok(
            call_as(
                &token,
                "POST",
                "/api/v1/contacts".into(),
                Some(json!({"name": "Lucía Pérez", "email": "lucia@oficinasbajio.mx", "organization_id": org})),
            )
            .await,
            StatusCode::CREATED,
        )["id"]
            .clone();
        let owner = user_id(&t.db, &a.vendedor).await;
        let deal = open_deals(&t.db, &a, &[("Impresoras", 1_000, 0, owner)]).await[0];
        let d = ok(
            call_as(
                &token,
                "PATCH",
                format!("/api/v1/deals/{deal}"),
                Some(json!({"version": 1, "organization_id": org, "contact_id": contact})),
            )
            .await,
            StatusCode::OK,
        );
        // 3 × 1,500 less 10 % = 4,050.00 before IVA; the value follows it.
        let lines = ok(
            call_as(
                &token,
                "PUT",
                format!("/api/v1/deals/{deal}/lines"),
                Some(json!({"version": d["version"], "value_from_lines": true,
                            "lines": [{"product_id": product["id"], "quantity": "3", "discount": "10"}]})),
            )
            .await,
            StatusCode::OK,
        );
        assert_eq!(
            (&lines["subtotal"], &lines["total"]),
            (&json!("4050.00"), &json!("4698.00")),
            "{name}"
        );
        let q = ok(
            call_as(
                &token,
                "POST",
                "/api/v1/quotes".into(),
                Some(json!({"deal_id": deal})),
            )
            .await,
            StatusCode::CREATED,
        );
        let id = q["id"].as_i64().unwrap();
        let sent = ok(
            call_as(
                &token,
                "POST",
                format!("/api/v1/quotes/{id}/send"),
                Some(json!({"version": q["version"], "email": true})),
            )
            .await,
            StatusCode::OK,
        );
        let done = email::deliver_due(&t.db, &mailer, &app::ssr::clock::now_ms)
            .await
            .unwrap();
        assert_eq!(done, [Outcome::Sent], "{name}");
        // The customer follows the link of the mail.
        let link = sent["public_url"].as_str().unwrap().to_string();
        let mail = sink
            .messages()
            .into_iter()
            .map(|raw| {
                let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
                m.body_text(0).unwrap().to_string()
            })
            .find(|body| body.contains(&link))
            .unwrap_or_else(|| panic!("{name}: a mail with {link}"));
        assert!(mail.contains("por $4,698.00 MXN"), "{name}: {mail}");
        let token_part = link.rsplit('/').next().unwrap();
        let path = format!("/api/v1/public/quotes/{token_part}/accept");
        let req = anonymous_post(&path, json!({"name": "Lucía Pérez"}));
        assert_eq!(
            send(&router, req).await.status,
            StatusCode::NO_CONTENT,
            "{name}"
        );
        let note = ok(
            call_as(
                &token,
                "POST",
                format!("/api/v1/quotes/{id}/sale-note"),
                None,
            )
            .await,
            StatusCode::CREATED,
        );
        assert_eq!(note["total"], "4698.00", "{name}");
        // Ganado on the 15th of March, for the accepted quote's subtotal.
        let d = ok(
            call_as(&token, "GET", format!("/api/v1/deals/{deal}"), None).await,
            StatusCode::OK,
        );
        let won = ok(
            call_as(
                &token,
                "POST",
                format!("/api/v1/deals/{deal}/won"),
                Some(json!({"version": d["version"], "won_on": "2026-03-15", "value": "4050.00"})),
            )
            .await,
            StatusCode::OK,
        );
        assert_eq!(won["value"], "4050.00", "{name}");
        aggregates_exact(&t.db, a.id).await;
        let gerente = login(&router, &a.gerente).await;
        let at = |as_of: &str| {
            let (router, gerente) = (router.clone(), gerente.clone());
            let path = format!("/api/v1/dashboard?as_of={as_of}");
            async move { send(&router, get(&path, Some(&gerente), None)).await.json() }
        };
        let feb = at("2026-02-28").await;
        assert_eq!(feb["won_deals"]["count"], 0, "{name}: not before its day");
        let march = at("2026-03-31").await;
        assert_eq!(
            (&march["won_deals"]["count"], &march["won_deals"]["total"]),
            (&json!(1), &json!("4050.00")),
            "{name}: {}",
            march["won_deals"]
        );
    }
}
