#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! `serve --roles`: an api process that serves HTTP and runs no background work, and two worker
//! processes on the same databases that serve only health and metrics and share the work: every
//! queued import runs once, every event is delivered, and on PostgreSQL a commit in the api
//! process wakes a worker at once (a NOTIFY on the control database) instead of at its sweep.
//! On SQLite, and on PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// Five vehicles, `batch` telling their placas apart from other files'.
fn csv(batch: usize) -> String {
    let mut out = String::from("placa;marca;modelo;ano;combustivel;cambio;condicao\n");
    for i in 0..5 {
        out.push_str(&format!("RLS{:04};Fiat;Argo;2024;flex;manual;usado\n", batch * 10 + i));
    }
    out
}

#[test]
fn an_api_process_and_two_workers_share_the_work_and_each_job_runs_once() {
    let backend = Backend::from_env();
    let dir = tempfile::tempdir().expect("dir");
    let created = backend
        .command(dir.path())
        .args(["tenant", "create", "loja", "--name", "Loja", "--cnpj", "11.222.333/0001-81"])
        .args(["--admin-email", "dono@loja.com.br", "--admin-password", "uma senha longa"])
        .output()
        .expect("tenant create");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    // "tenant loja created in 35 ms (database <name> on <backend>)"
    let printed = String::from_utf8_lossy(&created.stdout).to_string();
    let db_name =
        printed.split("(database ").nth(1).and_then(|r| r.split(' ').next()).expect("database name").to_string();

    let api_port = free_port();
    let api = start_with(&backend, dir.path(), api_port, &["--roles", "api"]);
    let auth = sign_in(api_port, "dono@loja.com.br");
    let h = [("Authorization", auth.as_str())];
    let (status, store) =
        request(api_port, "POST", "/api/v1/stores", Some(&json!({"name": "Matriz"})), &h).expect("store");
    assert_eq!(status, 201, "{store}");
    let store = store["id"].as_str().expect("id").to_string();
    for i in 0..10 {
        let car = json!({"storeId": store, "make": "VW", "model": "Polo", "year": 2024, "fuel": "flex",
            "transmission": "manual", "condition": "used", "description": format!("carro {i}")});
        assert_eq!(request(api_port, "POST", "/api/v1/vehicles", Some(&car), &h).expect("vehicle").0, 201);
    }
    let import = |batch: usize| {
        let (status, job) =
            upload(api_port, "/api/v1/vehicles/imports", "lote.csv", csv(batch).as_bytes(), &[], &h).expect("import");
        assert_eq!(status, 202, "{job}");
        job["id"].as_str().expect("id").to_string()
    };
    let first = import(0);
    // The api process runs no background work: the import waits, the events stay in the outbox.
    std::thread::sleep(Duration::from_millis(2500));
    let (_, job) = request(api_port, "GET", &format!("/api/v1/vehicles/imports/{first}"), None, &h).expect("job");
    assert_eq!(job["status"], "queued", "{job}");
    assert!(undelivered(&backend, dir.path(), &db_name) >= 10);

    // Two workers: what was queued before they started is taken up, and what comes after.
    let worker_ports = [free_port(), free_port()];
    let workers: Vec<Server> =
        worker_ports.iter().map(|p| start_with(&backend, dir.path(), *p, &["--roles", "worker"])).collect();
    let mut jobs = vec![first];
    jobs.extend((1..6).map(import));
    let finished = |id: &String| {
        let (_, job) = request(api_port, "GET", &format!("/api/v1/vehicles/imports/{id}"), None, &h).expect("job");
        job
    };
    wait_for("every import finished", Duration::from_secs(60), || {
        jobs.iter().all(|id| finished(id)["status"] == "succeeded")
    });
    for id in &jobs {
        let job = finished(id);
        assert_eq!((job["created"].as_i64(), job["updated"].as_i64()), (Some(5), Some(0)), "{job}");
    }
    // Each was claimed once: no second worker took one up.
    let claims = "SELECT count(*) * 100 + max(attempts) FROM jobs_runs";
    assert_eq!(scalar(&backend, dir.path(), &db_name, claims), 6 * 100 + 1);
    let (_, list) = request(api_port, "GET", "/api/v1/vehicles?pageSize=1", None, &h).expect("list");
    assert_eq!(list["total"], 10 + 6 * 5, "no row was imported twice: {list}");

    // The events of the api's writes, and of the imports the workers ran, are all delivered.
    // On PostgreSQL a commit wakes a worker (the sweep is minutes away); on SQLite, apart, the
    // workers sweep every two seconds.
    wait_for("every event delivered", Duration::from_secs(20), || undelivered(&backend, dir.path(), &db_name) == 0);
    let car = json!({"storeId": store, "make": "VW", "model": "Nivus", "year": 2025, "fuel": "flex",
        "transmission": "automatic", "condition": "new"});
    assert_eq!(request(api_port, "POST", "/api/v1/vehicles", Some(&car), &h).expect("vehicle").0, 201);
    let within = if backend.pg.is_some() { Duration::from_secs(3) } else { Duration::from_secs(10) };
    wait_for("the new event delivered", within, || undelivered(&backend, dir.path(), &db_name) == 0);

    // A worker answers health, readiness and metrics, and nothing of the API or the web app.
    for port in worker_ports {
        assert_eq!(request(port, "GET", "/healthz", None, &[]).map(|r| r.0), Some(200));
        assert_eq!(request(port, "GET", "/readyz", None, &[]).map(|r| r.0), Some(200));
        let (status, metrics) = request(port, "GET", "/metrics", None, &[]).expect("metrics");
        assert_eq!(status, 200);
        assert!(metrics.as_str().is_some_and(|m| m.contains("innexar_db_tenant_pools_open")), "{metrics}");
        for path in ["/api/v1/vehicles", "/api/v1/openapi.json", "/", "/api/docs"] {
            let (status, body): (u16, Value) = request(port, "GET", path, None, &h).expect("answer");
            assert_eq!((status, body["code"].as_str()), (404, Some("http.not_found")), "{path} on a worker: {body}");
        }
        let (status, _) = request(port, "POST", "/api/v1/auth/login", Some(&json!({})), &[]).expect("answer");
        assert_eq!(status, 404);
    }
    drop(workers);
    drop(api);
}
