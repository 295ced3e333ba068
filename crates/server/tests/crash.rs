#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! The server killed (`kill -9`) in the middle of keyed writes, then restarted: every retry with
//! the same `Idempotency-Key` either replays the first answer or runs a request that never
//! committed, so no retry ever makes a second vehicle; and in the middle of sales: each deal is
//! found whole (car sold, trade-in in stock, commission, events) or untouched, and its retry sells
//! it once. On SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

fn vehicle(store: &str, key: &str) -> Value {
    json!({"storeId": store, "make": "Fiat", "model": "Argo", "year": 2024, "fuel": "flex", "transmission": "manual",
        "condition": "used", "priceCents": 7_990_000, "description": key})
}

/// How many vehicles carry each description (one per key), read through the API.
fn vehicles_by_key(port: u16, auth: &str) -> std::collections::HashMap<String, usize> {
    let mut seen = std::collections::HashMap::new();
    for page in 1.. {
        let (status, list) = request(
            port,
            "GET",
            &format!("/api/v1/vehicles?pageSize=100&page={page}"),
            None,
            &[("Authorization", auth)],
        )
        .expect("list");
        assert_eq!(status, 200, "{list}");
        let items = list["items"].as_array().expect("items");
        for v in items {
            *seen.entry(v["description"].as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
        }
        if items.len() < 100 {
            break;
        }
    }
    seen
}

/// Creates the tenant `loja` with its Owner and a store, and starts the server: the server, its
/// port, the Owner's `Authorization` and the store's id.
fn open_store(backend: &Backend, dir: &Path) -> (Server, u16, String, String) {
    let created = backend
        .command(dir)
        .args(["tenant", "create", "loja", "--name", "Loja", "--cnpj", "11.222.333/0001-81"])
        .args(["--admin-email", "dono@loja.com.br", "--admin-password", "uma senha longa"])
        .output()
        .expect("tenant create");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let server = start(backend, dir, port);
    let auth = sign_in(port, "dono@loja.com.br");
    let (status, store) =
        request(port, "POST", "/api/v1/stores", Some(&json!({"name": "Matriz"})), &[("Authorization", &auth)])
            .expect("store");
    assert_eq!(status, 201, "{store}");
    (server, port, auth, store["id"].as_str().expect("id").to_string())
}

/// When to kill the server, counted from the first answer to one of the calls, or from when
/// they were all started (for writes so quick that every one is done when the first answers).
#[derive(Clone, Copy)]
enum KillAt {
    AnsweredPlusMs(u64),
    StartedPlusMs(u64),
}

/// Kills the server (`kill -9`) at `at` while `calls` run at once, and starts it again.
fn kill_during(
    backend: &Backend,
    dir: &Path,
    port: u16,
    server: Server,
    at: KillAt,
    calls: Vec<Box<dyn FnOnce() + Send>>,
) -> Server {
    let mut server = server;
    let (answered, first) = std::sync::mpsc::channel();
    let senders: Vec<_> = calls
        .into_iter()
        .map(|call| {
            let answered = answered.clone();
            std::thread::spawn(move || {
                call();
                let _ = answered.send(());
            })
        })
        .collect();
    let after_ms = match at {
        KillAt::AnsweredPlusMs(ms) => {
            let _ = first.recv_timeout(Duration::from_secs(20));
            ms
        }
        KillAt::StartedPlusMs(ms) => ms,
    };
    std::thread::sleep(Duration::from_millis(after_ms));
    server.0.kill().expect("kill -9");
    let _ = server.0.wait();
    for s in senders {
        let _ = s.join();
    }
    start(backend, dir, port)
}

#[test]
fn keyed_creates_killed_midway_are_never_made_twice_by_their_retries() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let (mut server, port, auth, store) = open_store(&backend, dir.path());

    // Three rounds of 16 parallel keyed creates; each time, once the first answer is back (the
    // others are mid-flight), the server is killed a little later.
    let mut keys = Vec::new();
    for (round, kill_after_ms) in [0u64, 3, 10].into_iter().enumerate() {
        let round_keys: Vec<String> = (0..16).map(|i| format!("r{round}-k{i}")).collect();
        let calls = round_keys
            .iter()
            .cloned()
            .map(|key| {
                let (auth, store) = (auth.clone(), store.clone());
                Box::new(move || {
                    let _ = request(
                        port,
                        "POST",
                        "/api/v1/vehicles",
                        Some(&vehicle(&store, &key)),
                        &[("Authorization", &auth), ("Idempotency-Key", &key)],
                    );
                }) as Box<dyn FnOnce() + Send>
            })
            .collect();
        server = kill_during(&backend, dir.path(), port, server, KillAt::AnsweredPlusMs(kill_after_ms), calls);
        keys.extend(round_keys);
    }

    // Past the time after which a key left pending by a dead request is free again.
    std::thread::sleep(Duration::from_secs(DEADLINE_SECS * 2 + 11));
    let before = vehicles_by_key(port, &auth);
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for key in &keys {
        let (status, body) = request(
            port,
            "POST",
            "/api/v1/vehicles",
            Some(&vehicle(&store, key)),
            &[("Authorization", &auth), ("Idempotency-Key", key)],
        )
        .expect("retry");
        let outcome = match (status, before.contains_key(key)) {
            (201, true) => "replayed",
            (201, false) => "first run",
            _ => panic!("retry of {key}: {status} {body}"),
        };
        *outcomes.entry(outcome.into()).or_insert(0) += 1;
    }
    eprintln!("retries after kill -9: {outcomes:?}");
    let after = vehicles_by_key(port, &auth);
    for key in &keys {
        assert_eq!(after.get(key), Some(&1), "key {key}: exactly one vehicle ({outcomes:?})");
    }
    assert_eq!(after.values().sum::<usize>(), keys.len());
    drop(server);
}

/// `POST` as `auth`, expecting `want`; the answer's body and ETag.
fn post(port: u16, auth: &str, path: &str, body: &Value, if_match: Option<&str>, want: u16) -> (Value, String) {
    let mut headers = vec![("Authorization", auth)];
    if let Some(e) = if_match {
        headers.push(("If-Match", e));
    }
    let (status, etag, body) = exchange(port, "POST", path, Some(body), &headers).expect(path);
    assert_eq!(status, want, "{path}: {body}");
    (body, etag)
}

fn get(port: u16, auth: &str, path: &str) -> Value {
    let (status, body) = request(port, "GET", path, None, &[("Authorization", auth)]).expect(path);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// An accepted quote of a new car for a new customer, with the customer's own car taken in part
/// payment: (quote id, car id, trade-in id).
fn accepted_quote(port: u16, owner: &str, auth: &str, store: &str, i: usize) -> (String, String, String) {
    let (car, _) = post(port, owner, "/api/v1/vehicles", &vehicle(store, &format!("venda {i}")), None, 201);
    let car = car["id"].as_str().expect("car").to_string();
    let person = json!({"kind": "person", "name": format!("Cliente {i}"),
        "phones": [{"number": format!("(11) 98{:03}-{:04}", i, 1000 + i)}]});
    let (customer, _) = post(port, auth, "/api/v1/customers", &person, None, 201);
    let customer = customer["id"].as_str().expect("customer").to_string();
    let appraisal = json!({"customerId": customer, "mileageKm": 80_000, "appraisedValueCents": 2_000_000,
        "vehicle": {"placa": format!("KIL{}A{:02}", i % 10, i), "make": "VW", "model": "Gol", "year": 2015}});
    let (appraisal, _) = post(port, auth, "/api/v1/appraisals", &appraisal, None, 201);
    let valid_until = (chrono::Utc::now().date_naive() + chrono::Days::new(10)).to_string();
    let quote = json!({"customerId": customer, "vehicleId": car, "discountCents": 0,
        "tradeIn": {"appraisalId": appraisal["id"], "allowanceCents": 2_000_000},
        "payments": [{"method": "down_payment", "amountCents": 7_990_000 - 2_000_000}], "validUntil": valid_until});
    let (q, etag) = post(port, auth, "/api/v1/quotes", &quote, None, 201);
    let url = format!("/api/v1/quotes/{}", q["id"].as_str().expect("quote"));
    let (_, etag) = post(port, auth, &format!("{url}/send"), &json!({}), Some(&etag), 200);
    post(port, auth, &format!("{url}/answer"), &json!({"decision": "accepted"}), Some(&etag), 200);
    (q["id"].as_str().expect("id").into(), car, appraisal["vehicleId"].as_str().expect("trade-in").into())
}

#[test]
fn sales_killed_midway_leave_each_deal_whole_or_untouched_and_are_made_once_by_their_retries() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let (mut server, port, owner, store) = open_store(&backend, dir.path());
    let plan = json!({"name": "Vendedores", "role": "sales", "basis": "price", "rate": "0.01"});
    post(port, &owner, "/api/v1/commission-plans", &plan, None, 201);
    let seller = json!({"email": "vendas@loja.com.br", "name": "Vendedora", "roles": ["sales"],
        "storeIds": [store], "password": "uma senha longa"});
    post(port, &owner, "/api/v1/users", &seller, None, 201);
    let auth = sign_in(port, "vendas@loja.com.br");

    // Four rounds of 20 sales at once, the server killed while they run (on PostgreSQL some of a
    // round are sold and some not; SQLite's group commit makes a round all or nothing); then
    // every sale tried again.
    let mut deals = Vec::new();
    for (round, at) in
        [KillAt::StartedPlusMs(20), KillAt::StartedPlusMs(35), KillAt::StartedPlusMs(50), KillAt::AnsweredPlusMs(0)]
            .into_iter()
            .enumerate()
    {
        let batch: Vec<_> = (0..20).map(|i| accepted_quote(port, &owner, &auth, &store, round * 20 + i)).collect();
        let calls = batch
            .iter()
            .map(|(quote, _, _)| {
                let (auth, path) = (auth.clone(), format!("/api/v1/quotes/{quote}/sale"));
                Box::new(move || {
                    let _ = request(port, "POST", &path, Some(&json!({})), &[("Authorization", &auth)]);
                }) as Box<dyn FnOnce() + Send>
            })
            .collect();
        server = kill_during(&backend, dir.path(), port, server, at, calls);
        deals.extend(batch);
    }
    let auth = sign_in(port, "vendas@loja.com.br");
    let owner = sign_in(port, "dono@loja.com.br");

    // Before the retries: each deal is either all done or not begun.
    let sold_before: Vec<Value> =
        get(port, &owner, "/api/v1/sales?pageSize=100")["items"].as_array().expect("items").clone();
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for (n, (quote, car, trade_in)) in deals.iter().enumerate() {
        let round = n / 20;
        let sale = sold_before.iter().find(|s| s["quoteId"] == quote.as_str());
        let car_status = get(port, &owner, &format!("/api/v1/vehicles/{car}"))["status"].clone();
        let trade_status = get(port, &owner, &format!("/api/v1/vehicles/{trade_in}"))["status"].clone();
        match sale {
            Some(s) => {
                assert_eq!((car_status.as_str(), trade_status.as_str()), (Some("sold"), Some("in_preparation")));
                let full = get(port, &owner, &format!("/api/v1/sales/{}", s["id"].as_str().expect("id")));
                assert_eq!(full["commissions"].as_array().expect("commissions").len(), 1, "{full}");
                *outcomes.entry(format!("round {round}: sold")).or_insert(0) += 1;
            }
            None => {
                assert_eq!((car_status.as_str(), trade_status.as_str()), (Some("available"), Some("customer_owned")));
                *outcomes.entry(format!("round {round}: not begun")).or_insert(0) += 1;
            }
        }
    }
    eprintln!("sales at kill -9: {outcomes:?}");

    for (quote, _, _) in &deals {
        let path = format!("/api/v1/quotes/{quote}/sale");
        let (status, body) =
            request(port, "POST", &path, Some(&json!({})), &[("Authorization", &auth)]).expect("retry");
        let sold = sold_before.iter().any(|s| s["quoteId"] == quote.as_str());
        match (status, sold) {
            (201, false) => {}
            (409, true) => assert_eq!(body["code"], "sales.quote_already_sold", "{body}"),
            _ => panic!("retrying the sale of {quote} (sold before: {sold}): {status} {body}"),
        }
    }
    let sales = get(port, &owner, "/api/v1/sales?pageSize=100");
    assert_eq!(sales["total"], deals.len(), "one sale per deal, none twice");
    let numbers: std::collections::BTreeSet<&str> =
        sales["items"].as_array().expect("items").iter().filter_map(|s| s["number"].as_str()).collect();
    assert_eq!(numbers.len(), deals.len(), "every sale its own number");
    drop(server);

    // The outbox holds one `sale.completed` per sale, whatever the kill cut short.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let url = match &backend.pg {
            Some((url, tag)) => format!("{}/{tag}_loja", url.rsplit_once('/').expect("path").0),
            None => format!("sqlite:{}?mode=ro", dir.path().join("tenants/loja.db").display()),
        };
        let db = sea_orm::Database::connect(url).await.expect("tenant database");
        let events = innexar_db::outbox::list(&db, uuid::Uuid::nil()).await.expect("outbox");
        let completed = events.iter().filter(|e| e.event_type == "sale.completed").count();
        let sold = events.iter().filter(|e| e.event_type == "vehicle.status_changed" && e.data["to"] == "sold").count();
        assert_eq!((completed, sold), (deals.len(), deals.len()));
        db.close().await.expect("close");
    });
}
