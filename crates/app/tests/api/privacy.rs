//! A person's rights over their data: their requests, their data as one document, and an
//! anonymisation that leaves no trace of them anywhere in the tenant's database.

use axum::http::StatusCode;
use innexar_testkit::{TestApp, slug};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::json;

use crate::customers::create;

/// How many times each needle occurs in any text column of any table of the tenant database.
async fn occurrences(conn: &impl ConnectionTrait, needles: &[&str]) -> Vec<(String, String, String)> {
    let backend = conn.get_database_backend();
    let columns_sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        }
        _ => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%_search%'"
        }
    };
    let cols = conn.query_all_raw(Statement::from_string(backend, columns_sql)).await.expect("columns");
    let mut found = Vec::new();
    for row in cols {
        let (t, c): (String, String) = (row.try_get("", "t").expect("t"), row.try_get("", "c").expect("c"));
        for needle in needles {
            let sql = match backend {
                DatabaseBackend::Postgres => {
                    format!("SELECT count(*) AS n FROM \"{t}\" WHERE \"{c}\"::text LIKE '%{needle}%'")
                }
                _ => format!("SELECT count(*) AS n FROM \"{t}\" WHERE CAST(\"{c}\" AS TEXT) LIKE '%{needle}%'"),
            };
            let n: i64 = conn
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .expect("count")
                .map(|r| r.try_get("", "n").expect("n"))
                .unwrap_or(0);
            if n > 0 {
                found.push((t.clone(), c.clone(), needle.to_string()));
            }
        }
    }
    found
}

/// The bytes of the SQLite database file and of its WAL.
async fn sqlite_files(conn: &impl ConnectionTrait) -> Vec<Vec<u8>> {
    let sql = "SELECT file FROM pragma_database_list WHERE name = 'main'";
    let row =
        conn.query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, sql)).await.expect("path").expect("row");
    let path: String = row.try_get("", "file").expect("file");
    vec![std::fs::read(&path).expect("database file"), std::fs::read(format!("{path}-wal")).unwrap_or_default()]
}

fn contains_any(bytes: &[u8], needles: &[&str]) -> bool {
    needles.iter().any(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
}

#[tokio::test]
async fn an_anonymised_person_is_found_nowhere_and_the_records_the_law_keeps_remain() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("lgpd")).await;
    let store = app.store(&t, "Matriz").await;
    let token = &t.owner_token;
    let person = json!({"kind": "person", "name": "Heloísa Bragança Tavares", "cpf": "935.411.347-80",
        "phones": [{"number": "(11) 98765-1234", "whatsapp": true}], "emails": [{"address": "heloisa.braganca@exemplo.com.br"}],
        "addresses": [{"street": "Rua das Acácias Amarelas", "number": "77", "city": "São Paulo", "state": "SP"}],
        "notes": "Prefere contato às 18h", "tags": ["vip"]});
    let h = app
        .post("/api/v1/customers")
        .tenant(&t.slug)
        .token(token)
        .header("Idempotency-Key", "cadastro-heloisa")
        .json(person)
        .send()
        .await;
    assert_eq!(h.status, StatusCode::CREATED, "{}", h.text);
    let id = h.body["id"].as_str().expect("id").to_string();
    let dup = create(
        &app,
        &t,
        token,
        json!({"kind": "person", "name": "Heloisa B. Tavares", "emails": [{"address": "helo.tavares@exemplo.com"}]}),
    )
    .await;
    let merged = app
        .post(&format!("/api/v1/customers/{id}/merge"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"mergedId": dup.body["id"]}))
        .send()
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
    let other =
        create(&app, &t, token, json!({"kind": "person", "name": "Outra Pessoa Qualquer", "cpf": "52998224725"})).await;
    let lead = app
        .post("/api/v1/leads")
        .tenant(&t.slug)
        .token(token)
        .json(json!({"customerId": id, "source": "walk_in", "notes": "Heloísa Bragança Tavares quer um SUV"}))
        .send()
        .await;
    let lead_id = lead.body["id"].as_str().expect("lead").to_string();
    app.post("/api/v1/activities")
        .tenant(&t.slug)
        .token(token)
        .json(json!({"kind": "call", "leadId": lead_id, "direction": "outbound", "body": "Liguei para (11) 98765-1234, falei com Heloísa Bragança Tavares"}))
        .send()
        .await;
    app.post(&format!("/api/v1/customers/{id}/consents"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"purpose": "marketing", "channel": "email", "granted": true, "source": "ficha", "textShown": "Aceito ofertas."}))
        .send()
        .await;
    app.post(&format!("/api/v1/customers/{id}/vehicles"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"placa": "HEL0A12", "make": "Honda", "model": "HR-V", "year": 2022, "storeId": store}))
        .send()
        .await;
    app.get(&format!("/api/v1/customers/{id}")).tenant(&t.slug).token(token).send().await;
    let request = app
        .post(&format!("/api/v1/customers/{id}/data-requests"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"kind": "anonymization", "channel": "e-mail", "details": "Heloísa Bragança Tavares pede a exclusão"}))
        .send()
        .await;
    assert_eq!(request.status, StatusCode::CREATED, "{}", request.text);
    assert_eq!(request.body["dueOn"], "2026-03-25", "15 days from the day it arrived (10 March)");

    // Her data, as one document.
    let doc = app.get(&format!("/api/v1/customers/{id}/personal-data")).tenant(&t.slug).token(token).send().await;
    assert_eq!(doc.status, StatusCode::OK, "{}", doc.text);
    assert_eq!(doc.body["customer"]["name"], "Heloísa Bragança Tavares");
    assert_eq!(doc.body["customer"]["emails"].as_array().map(Vec::len), Some(2), "the merged record's e-mail too");
    assert_eq!(doc.body["consents"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc.body["leads"][0]["stageChanges"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc.body["activities"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc.body["vehicles"][0]["placa"], "HEL0A12");
    assert_eq!(doc.body["dataRequests"].as_array().map(Vec::len), Some(1));
    assert_eq!(doc.body["accessLog"].as_array().map(Vec::len), Some(1));

    let needles = [
        "Heloísa Bragança",
        "Bragança Tavares",
        "93541134780",
        "935.411.347-80",
        "heloisa.braganca@exemplo",
        "helo.tavares@exemplo",
        "5511987651234",
        "11987651234",
        "98765-1234",
        "Acácias Amarelas",
    ];
    let db = app.tenant_db(&t.slug).await;
    assert!(!occurrences(db.conn(), &needles).await.is_empty(), "the sweep finds her before");
    let files = if app.is_postgres() { None } else { Some(sqlite_files(db.conn()).await) };
    if let Some(files) = &files {
        assert!(files.iter().any(|f| contains_any(f, &needles)), "the files hold her before");
    }

    let r = app.post(&format!("/api/v1/customers/{id}/anonymize")).tenant(&t.slug).token(token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["name"].as_str().expect("name").starts_with("Titular anonimizado"));
    assert!(r.body["cpf"].is_null() && r.body["phones"] == json!([]) && r.body["emails"] == json!([]));

    let left = occurrences(db.conn(), &needles).await;
    assert!(left.is_empty(), "personal data left after anonymisation: {left:?}");
    if files.is_some() {
        // Not in the file's free pages nor in its WAL either: a copied file discloses nothing.
        let files = sqlite_files(db.conn()).await;
        assert!(files[0].len() > 100_000, "the database file was read");
        for (bytes, name) in files.iter().zip(["database", "WAL"]) {
            assert!(!contains_any(bytes, &needles), "personal data in the {name} file");
        }
    }

    // What the law keeps stays, with the pseudonym: her lead, her car, who read her record.
    let l = app.get(&format!("/api/v1/leads/{lead_id}")).tenant(&t.slug).token(token).send().await;
    assert_eq!((l.status, l.body["notes"].is_null()), (StatusCode::OK, true), "{}", l.text);
    let cars = app.get(&format!("/api/v1/customers/{id}/vehicles")).tenant(&t.slug).token(token).send().await;
    assert_eq!(cars.body["items"].as_array().map(Vec::len), Some(1));
    let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&t.slug).token(token).send().await;
    assert!(audit.text.contains("customers.viewed") && audit.text.contains("customers.anonymized"), "{}", audit.text);
    // Others are untouched.
    let o = app
        .get(&format!("/api/v1/customers/{}", other.body["id"].as_str().expect("id")))
        .tenant(&t.slug)
        .token(token)
        .send()
        .await;
    assert_eq!((o.body["name"].as_str(), o.body["cpf"].as_str()), (Some("Outra Pessoa Qualquer"), Some("52998224725")));
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    assert!(events.iter().any(|e| e.event_type == "customer.anonymized"));

    // The request is closed with its answer; only the Owner handles these.
    let rid = request.body["id"].as_str().expect("request id");
    let closed = app
        .post(&format!("/api/v1/crm/data-requests/{rid}/close"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"status": "completed", "answer": "Dados anonimizados."}))
        .send()
        .await;
    assert_eq!((closed.status, closed.body["status"].as_str()), (StatusCode::OK, Some("completed")), "{}", closed.text);
    let manager = app.user(&t, "gerente@lgpd.com.br", &["store_manager"], None).await;
    app.get(&format!("/api/v1/customers/{id}/personal-data"))
        .tenant(&t.slug)
        .token(&manager)
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
}

#[tokio::test]
async fn requests_past_fifteen_days_are_overdue() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("prazo")).await;
    app.store(&t, "Matriz").await;
    let c = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Pedido Antigo"})).await;
    let id = c.body["id"].as_str().expect("id");
    let r = app
        .post(&format!("/api/v1/customers/{id}/data-requests"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"kind": "access", "channel": "carta", "receivedAt": "2026-02-20T13:00:00Z"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let list = app.get("/api/v1/crm/data-requests?status=open").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(
        (list.body["items"][0]["overdue"].as_bool(), list.body["items"][0]["dueOn"].as_str()),
        (Some(true), Some("2026-03-07"))
    );
    assert_eq!(list.body["items"][0]["customerName"], "Pedido Antigo", "the list reads without opening each record");
    let r = app
        .post(&format!("/api/v1/customers/{id}/data-requests"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"kind": "access", "channel": "carta", "receivedAt": "2030-01-01T00:00:00Z"}))
        .send()
        .await;
    assert_eq!(r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["pointer"], "/receivedAt");
}
