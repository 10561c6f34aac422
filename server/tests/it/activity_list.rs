//! `/actividades` and its calendar through the real router on SQLite and
//! PostgreSQL: keyset pages (dated activities by due time, then the
//! undated) forward and back, one day's list, and a calendar whose days
//! show a few activities and "+N más".
use crate::common::*;
use crate::rest_directory::add;
use app::ssr::activities::db::{self as activity_rows, BulkActivity};
use chrono::TimeZone;
use http::StatusCode;
use serde_json::Value;

const HOUR: i64 = 3_600_000;

async fn fetch(router: &axum::Router, cookie: &str, path: &str, form: &[(&str, &str)]) -> Value {
    let answer = call(router, cookie, path, form).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{path} {form:?}: {}",
        answer.body
    );
    answer.json()
}

fn ids(page: &Value) -> Vec<i64> {
    page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn activities_page_by_keyset_and_the_calendar_shows_a_few_per_day() {
    for t in databases().await {
        let name = t.name;
        let a = account(&t.db, "AgendaLarga", "estandar").await;
        add(&t, &a, &["Cliente Agenda"]).await;
        let (org, contact) = {
            let mut conn = t.db.read().await.unwrap();
            let orgs = app::ssr::directory::db::organizations(&mut conn.ex(), a.id, None, 0, 1)
                .await
                .unwrap();
            let contacts = app::ssr::directory::db::contacts(&mut conn.ex(), a.id, None, 0, 1)
                .await
                .unwrap();
            (orgs[0].id, contacts[0].id)
        };
        let deal = deals_of_vendedor(&t.db, &a, 1).await[0];
        let seller = user_id(&t.db, &a.vendedor).await;
        let local = |d: u32, h: u32| {
            TZ.with_ymd_and_hms(2027, 5, d, h, 0, 0)
                .unwrap()
                .timestamp_millis()
        };
        let activity = |subject: String, due_at: i64, done: bool| BulkActivity {
            account_id: a.id,
            kind: "tarea",
            subject,
            due_at,
            priority: "media",
            assigned_to: seller,
            deal_id: deal,
            contact_id: contact,
            organization_id: org,
            done,
            done_at: done.then_some(due_at),
            created_at: due_at - 100 * HOUR,
        };
        // 140 from 3 May on, two per hour (ties broken by id); every tenth done;
        // 7 on 12 May and 15 on 13 May (local days).
        let mut list: Vec<BulkActivity> = (0..140)
            .map(|i| {
                activity(
                    format!("Tarea {i}"),
                    local(3, 0) + (i / 2) * HOUR,
                    i % 10 == 0,
                )
            })
            .collect();
        list.extend((0..7).map(|i| activity(format!("Doce {i}"), local(12, 9) + i * HOUR, i == 0)));
        list.extend(
            (0..15).map(|i| activity(format!("Trece {i}"), local(13, 8) + i * HOUR / 2, false)),
        );
        let mut tx = t.db.begin().await.unwrap();
        activity_rows::insert_activities(&mut tx.ex(), &list)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // Twenty of the first ones lose their date: they come last.
        run_sql(
            &t.db,
            &format!(
                "UPDATE activities SET due_at = NULL WHERE account_id = {} AND subject IN ({})",
                a.id,
                (100..120)
                    .map(|i| format!("'Tarea {i}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .await;
        let all = {
            let mut conn = t.db.read().await.unwrap();
            app::ssr::activities::db::list(
                &mut conn.ex(),
                &app::ssr::activities::db::ActivityListFilter {
                    account_id: a.id,
                    done: Some(false),
                    ..Default::default()
                },
                None,
                1_000,
            )
            .await
            .unwrap()
            .0
        };
        let mut expected: Vec<(i64, i64, i64)> = all
            .iter()
            .map(|r| (i64::from(r.due_at.is_none()), r.due_at.unwrap_or(0), r.id))
            .collect();
        expected.sort();
        let expected: Vec<i64> = expected.into_iter().map(|e| e.2).collect();
        assert_eq!(
            expected.len(),
            140 + 7 + 15 - 14 - 1,
            "{name}: pending ones"
        );
        assert_eq!(
            all.iter().map(|r| r.id).collect::<Vec<_>>(),
            expected,
            "{name}: the data layer's order"
        );

        let router = router(&t.db);
        let cookie = login(&router, &a.gerente).await;
        let path = "/api/list_activities";
        // Forward page by page, then back from the last page.
        let mut pages = vec![fetch(&router, &cookie, path, &[("query[due]", "")]).await];
        while let Some(next) = pages.last().unwrap()["next"].as_str().map(str::to_string) {
            pages.push(fetch(&router, &cookie, path, &[("query[after]", &next)]).await);
        }
        let forward: Vec<i64> = pages.iter().flat_map(ids).collect();
        assert_eq!(forward, expected, "{name}: forward");
        assert_eq!(pages.len(), 3, "{name}: 147 in pages of 50");
        assert!(pages[0]["previous"].is_null(), "{name}");
        let mut back = ids(pages.last().unwrap());
        let mut before = pages.last().unwrap()["previous"]
            .as_str()
            .map(str::to_string);
        while let Some(b) = before {
            let page = fetch(&router, &cookie, path, &[("query[before]", &b)]).await;
            let mut earlier = ids(&page);
            earlier.extend(back);
            back = earlier;
            before = page["previous"].as_str().map(str::to_string);
        }
        assert_eq!(back, expected, "{name}: back");
        assert_eq!(pages[0]["total"], 147, "{name}");
        for (field, value) in [
            ("query[after]", "x.1"),
            ("query[after]", "5"),
            ("query[before]", "1.tarde"),
            ("query[day]", "2027-02-30"),
        ] {
            let bad = call(&router, &cookie, path, &[(field, value)]).await;
            assert_eq!(
                bad.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {field}={value}: {}",
                bad.body
            );
        }
        // One day: pending and done, by time.
        let day = fetch(&router, &cookie, path, &[("query[day]", "2027-05-12")]).await;
        let subjects: Vec<&str> = day["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["subject"].as_str().unwrap())
            .collect();
        assert_eq!(
            subjects,
            (0..7).map(|i| format!("Doce {i}")).collect::<Vec<_>>(),
            "{name}"
        );

        // The month shows three a day and says how many more; the week twelve.
        let calendar = "/api/activity_calendar";
        let month = fetch(&router, &cookie, calendar, &[("query[date]", "2027-05-12")]).await;
        let on = |cal: &Value, date: &str| -> (usize, i64) {
            let d = cal["days"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["date"] == date)
                .unwrap()
                .clone();
            (
                d["items"].as_array().unwrap().len(),
                d["more"].as_i64().unwrap(),
            )
        };
        assert_eq!(on(&month, "2027-05-12"), (3, 4), "{name}");
        assert_eq!(on(&month, "2027-05-13"), (3, 12), "{name}");
        assert_eq!(on(&month, "2027-05-03"), (3, 45), "{name}: 48 on the 3rd");
        let first = &month["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == "2027-05-12")
            .unwrap()["items"][0];
        assert_eq!(
            (first["time"].as_str(), first["done"].as_bool()),
            (Some("09:00"), Some(true)),
            "{name}"
        );
        let week = fetch(
            &router,
            &cookie,
            calendar,
            &[("query[view]", "week"), ("query[date]", "2027-05-12")],
        )
        .await;
        assert_eq!(on(&week, "2027-05-12"), (7, 0), "{name}");
        assert_eq!(on(&week, "2027-05-13"), (12, 3), "{name}");
    }
}
