//! Spreadsheets built to hurt the server: each is refused with a reason, within the memory the
//! limits allow (`memory` measures that), and the server goes on answering.

mod memory;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use futures_util::future::join_all;
use innexar_app::worker;
use innexar_testkit::{TestApp, TestTenant, slug};
use serde_json::Value;
use tower::ServiceExt;

/// Files no spreadsheet program writes, for tests and the memory probe.
pub mod files {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    pub type Writer<'a> = &'a dyn Fn(&mut dyn Write);

    /// An XLSX of a workbook, its relationships, and the given parts, each part written as it
    /// is packed (so a part of hundreds of MiB is never in memory).
    pub fn xlsx(parts: &[(&str, Writer<'_>)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
        let fixed: [(&str, &[u8]); 2] = [
            (
                "xl/workbook.xml",
                br#"<workbook xmlns:r="r"><sheets><sheet name="Estoque" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                br#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
        ];
        for (name, bytes) in fixed {
            zip.start_file(name, options).expect("part");
            zip.write_all(bytes).expect("write");
        }
        for (name, write) in parts {
            zip.start_file(*name, options).expect("part");
            write(&mut zip);
        }
        zip.finish().expect("zip").into_inner()
    }

    fn repeat(w: &mut dyn Write, head: &str, unit: &str, total: usize, tail: &str) {
        w.write_all(head.as_bytes()).expect("write");
        let block = unit.repeat((64 * 1024 / unit.len()).max(1));
        for _ in 0..total.div_ceil(block.len()) {
            w.write_all(block.as_bytes()).expect("write");
        }
        w.write_all(tail.as_bytes()).expect("write");
    }

    /// A header and one vehicle at A1, and one value at XFD1048576: the corners of the sheet.
    pub fn two_corners() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Placa").expect("cell");
        sheet.write_string(1_048_575, 16_383, "ABC1D23").expect("cell");
        book.save_to_buffer().expect("xlsx")
    }

    /// Three cells, and a `<dimension>` claiming the whole sheet.
    pub fn declared_whole_sheet() -> Vec<u8> {
        let sheet = |w: &mut dyn Write| {
            w.write_all(
                br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Placa</t></is></c><c r="B1" t="inlineStr"><is><t>Modelo</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>ABC1D23</t></is></c></row></sheetData></worksheet>"#,
            )
            .expect("write")
        };
        xlsx(&[("xl/worksheets/sheet1.xml", &sheet)])
    }

    /// A sheet of `unpacked` bytes of rows holding nothing, which packs to a few hundred KiB.
    pub fn empty_rows_bomb(unpacked: usize) -> Vec<u8> {
        let sheet = |w: &mut dyn Write| {
            repeat(w, "<worksheet><sheetData>", "<row r=\"2\"/>", unpacked, "</sheetData></worksheet>")
        };
        xlsx(&[("xl/worksheets/sheet1.xml", &sheet)])
    }

    /// A header, then `unpacked` bytes of the same vehicle row again and again.
    pub fn repeated_rows_bomb(unpacked: usize) -> Vec<u8> {
        let sheet = |w: &mut dyn Write| {
            let head = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Placa</t></is></c></row>"#;
            let row = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>ABC1D23</t></is></c></row>"#;
            repeat(w, head, row, unpacked, "</sheetData></worksheet>")
        };
        xlsx(&[("xl/worksheets/sheet1.xml", &sheet)])
    }

    /// Shared strings of `unpacked` bytes, and a small sheet.
    pub fn shared_strings_bomb(unpacked: usize) -> Vec<u8> {
        let strings = |w: &mut dyn Write| {
            repeat(w, r#"<sst uniqueCount="1000000000000">"#, "<si><t>Placa ABC1D23</t></si>", unpacked, "</sst>")
        };
        let sheet = |w: &mut dyn Write| {
            w.write_all(
                br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
            )
            .expect("write")
        };
        xlsx(&[("xl/sharedStrings.xml", &strings), ("xl/worksheets/sheet1.xml", &sheet)])
    }

    /// One text node of `unpacked` bytes in one cell.
    pub fn one_huge_cell(unpacked: usize) -> Vec<u8> {
        let sheet = |w: &mut dyn Write| {
            let head = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#;
            repeat(w, head, "x", unpacked, "</t></is></c></row></sheetData></worksheet>")
        };
        xlsx(&[("xl/worksheets/sheet1.xml", &sheet)])
    }

    /// A workbook of one header cell and `empty` parts more, each of nothing.
    pub fn many_parts(empty: usize) -> Vec<u8> {
        let sheet = |w: &mut dyn Write| {
            w.write_all(br#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Placa</t></is></c></row></sheetData></worksheet>"#)
                .expect("write")
        };
        let nothing = |_: &mut dyn Write| {};
        let names: Vec<String> = (0..empty).map(|i| format!("x/{i}")).collect();
        let mut parts: Vec<(&str, Writer<'_>)> = vec![("xl/worksheets/sheet1.xml", &sheet)];
        parts.extend(names.iter().map(|n| (n.as_str(), &nothing as Writer<'_>)));
        xlsx(&parts)
    }

    /// A header and `rows` rows of one character each.
    pub fn many_short_rows(rows: usize) -> Vec<u8> {
        let mut csv = b"placa\n".to_vec();
        csv.extend(std::iter::repeat_n(*b"a\n", rows).flatten());
        csv
    }

    /// `rows` real vehicles in the columns dealers send, as XLSX.
    pub fn dealer_sheet(rows: u32) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let headers = [
            "Placa",
            "Chassi",
            "Marca",
            "Modelo",
            "Versão",
            "Ano",
            "Cor",
            "Km",
            "Combustível",
            "Câmbio",
            "Condição",
            "Preço",
            "Custo",
            "Descrição",
            "Opcionais",
            "Localização",
        ];
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).expect("header");
        }
        for r in 1..=rows {
            let cells = [
                format!("ABC{}D{:02}", r % 10, r % 100),
                format!("9BWZZZ377VT{:06}", r),
                "Volkswagen".into(),
                "Polo".into(),
                "1.0 TSI Highline".into(),
                "2023/2024".into(),
                "Prata".into(),
                format!("{} km", r * 7),
                "Flex".into(),
                "Automático".into(),
                "Usado".into(),
                format!("R$ {},00", 90_000 + r),
                format!("R$ {},00", 80_000 + r),
                format!("Único dono, revisões na concessionária, carro {r} do lote"),
                "Teto solar; Couro; Multimídia".into(),
                format!("Pátio B{}", r % 40),
            ];
            for (c, v) in cells.iter().enumerate() {
                sheet.write_string(r, c as u16, v).expect("cell");
            }
        }
        book.save_to_buffer().expect("xlsx")
    }
}

async fn upload(app: &TestApp, t: &TestTenant, name: &str, file: &[u8]) -> innexar_testkit::Resp {
    app.post("/api/v1/vehicles/imports")
        .tenant(&t.slug)
        .token(&t.owner_token)
        .upload(&[("file", Some(name), file)])
        .send()
        .await
}

const VEHICLE_HEADER: &str = "Placa;Marca;Modelo;Ano;Combustível;Câmbio;Condição";

async fn still_serving(app: &TestApp, t: &TestTenant) {
    assert_eq!(app.get("/healthz").send().await.status, StatusCode::OK);
    let ok =
        upload(app, t, "ok.csv", format!("{VEHICLE_HEADER}\nABC1D23;Fiat;Uno;2020;flex;manual;usado\n").as_bytes())
            .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{}", ok.text);
}

fn error_code(r: &innexar_testkit::Resp) -> &str {
    r.body["errors"][0]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_tiny_xlsx_with_values_at_the_far_corners_of_the_sheet_is_refused_and_the_server_keeps_answering() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    for (name, file) in [("corners.xlsx", files::two_corners()), ("dimension.xlsx", files::declared_whole_sheet())] {
        assert!(file.len() < 8 * 1024, "{name} is {} bytes", file.len());
        let r = upload(&app, &t, name, &file).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", r.text);
        assert_eq!(error_code(&r), "imports.sheet_too_large", "{name}: {}", r.text);
        assert_eq!(r.pointers(), vec!["/file"]);
    }
    still_serving(&app, &t).await;
}

#[tokio::test]
async fn xlsx_bombs_stop_at_the_unpacked_and_text_limits_with_a_reason() {
    let app = TestApp::spawn_with(|s| {
        s.imports.max_unpacked_bytes = 8 << 20;
        s.imports.max_text_bytes = 2 << 20;
    })
    .await;
    let t = app.tenant(&slug("loja")).await;
    let cases = [
        ("empty rows", files::empty_rows_bomb(64 << 20), "imports.unpacked_too_large"),
        ("repeated rows", files::repeated_rows_bomb(64 << 20), "imports.too_many_rows"),
        ("shared strings", files::shared_strings_bomb(64 << 20), "imports.unpacked_too_large"),
        ("one huge cell", files::one_huge_cell(16 << 20), "imports.unpacked_too_large"),
        ("many parts", files::many_parts(20_000), "imports.unpacked_too_large"),
    ];
    for (name, file, code) in cases {
        assert!(file.len() < 4 << 20, "{name} packs to {} bytes", file.len());
        let r = upload(&app, &t, "bomb.xlsx", &file).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", r.text);
        assert_eq!(error_code(&r), code, "{name}: {}", r.text);
    }
    still_serving(&app, &t).await;
    let db = app.tenant_db(&t.slug).await;
    assert_eq!(worker(&app.state).drain(&db).await.expect("drain"), 1, "only the good file was queued");
}

#[tokio::test]
async fn a_csv_of_millions_of_rows_is_refused_once_it_passes_the_row_limit() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let file = files::many_short_rows(5_000_000);
    assert!(file.len() <= app.settings.imports.max_file_bytes);
    let r = upload(&app, &t, "linhas.csv", &file).await;
    assert_eq!(error_code(&r), "imports.too_many_rows", "{}", r.text);
    still_serving(&app, &t).await;
}

/// A multipart body whose part `name` streams `size` bytes of `x`, counting what the server
/// pulled from it.
pub fn streamed_form(name: &str, size: usize, pulled: Arc<AtomicUsize>) -> (String, Body) {
    let boundary = "hostile-boundary-5f3a";
    let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n");
    let tail = format!("\r\n--{boundary}--\r\n");
    const CHUNK: usize = 64 * 1024;
    let chunks = size.div_ceil(CHUNK);
    let parts = (0..chunks + 2).map(move |i| {
        let bytes = match i {
            0 => Bytes::from(head.clone()),
            i if i == chunks + 1 => Bytes::from(tail.clone()),
            _ => Bytes::from(vec![b'x'; CHUNK]),
        };
        pulled.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok::<_, std::io::Error>(bytes)
    });
    (format!("multipart/form-data; boundary={boundary}"), Body::from_stream(futures_util::stream::iter(parts)))
}

pub async fn send_streamed(app: &TestApp, t: &TestTenant, content_type: &str, body: Body) -> (StatusCode, Value) {
    let req = Request::post("/api/v1/vehicles/imports")
        .header("x-tenant", &t.slug)
        .header("authorization", format!("Bearer {}", t.owner_token))
        .header("content-type", content_type)
        .body(body)
        .expect("request");
    let response = app.router.clone().oneshot(req).await.expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_huge_form_field_is_refused_after_reading_a_few_bytes_of_it_and_the_form_is_bounded_as_a_whole() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let pulled = Arc::new(AtomicUsize::new(0));
    let (content_type, body) = streamed_form("dryRun", 256 << 20, pulled.clone());
    let (status, problem) = send_streamed(&app, &t, &content_type, body).await;
    // The form's reader takes in whatever has arrived before it looks at the field: here, all of
    // it up to the form's limit (413); over a network, often only the start of it (422).
    let limit = app.settings.imports.max_file_bytes;
    match status {
        StatusCode::UNPROCESSABLE_ENTITY => assert_eq!(problem["errors"][0]["pointer"], "/dryRun", "{problem}"),
        StatusCode::PAYLOAD_TOO_LARGE => assert_eq!(problem["code"], "imports.file_too_large", "{problem}"),
        other => panic!("{other}: {problem}"),
    }
    assert!(
        pulled.load(Ordering::Relaxed) < limit + (1 << 20),
        "read {} bytes of a flag",
        pulled.load(Ordering::Relaxed)
    );

    // A field the form does not have, as large as the file may be and more.
    let pulled = Arc::new(AtomicUsize::new(0));
    let (content_type, body) = streamed_form("notes", 256 << 20, pulled.clone());
    let (status, problem) = send_streamed(&app, &t, &content_type, body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{problem}");
    assert_eq!(problem["code"], "imports.file_too_large");
    assert!(pulled.load(Ordering::Relaxed) < limit + (1 << 20), "read {} bytes", pulled.load(Ordering::Relaxed));
    still_serving(&app, &t).await;
}

#[tokio::test]
async fn uploads_past_the_tenant_or_process_bound_are_refused_after_a_short_wait_and_others_still_get_in() {
    let app = TestApp::spawn_with(|s| {
        s.imports.slot_wait_ms = 200;
        s.imports.max_concurrent = 2;
        s.imports.max_concurrent_per_tenant = 1;
    })
    .await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    let c = app.tenant(&slug("c")).await;
    let file = b"Placa;Marca;Modelo\nABC1D23;Fiat;Uno\n";
    // A's one slot is taken (as by a slow upload still arriving): A's uploads wait, then 429.
    let held = app.state.imports.acquire(a.id, None).await.expect("slot");
    let tries = join_all((0..20).map(|_| upload(&app, &a, "x.csv", file))).await;
    for r in &tries {
        assert_eq!(r.problem(StatusCode::TOO_MANY_REQUESTS, "imports.busy")["status"], 429);
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    // The process has a slot left, which B gets; with it taken too, C is told the server is busy.
    assert_eq!(upload(&app, &b, "x.csv", file).await.status, StatusCode::ACCEPTED);
    let held_b = app.state.imports.acquire(b.id, None).await.expect("slot");
    upload(&app, &c, "x.csv", file).await.problem(StatusCode::SERVICE_UNAVAILABLE, "imports.server_busy");
    drop((held, held_b));
    assert_eq!(upload(&app, &a, "x.csv", file).await.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn many_uploads_of_one_tenant_at_once_take_turns_and_all_land() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    app.store(&t, "Matriz").await;
    let files: Vec<String> =
        (0..20).map(|i| format!("{VEHICLE_HEADER}\nABC1D{i:02};Fiat;Uno;2020;flex;manual;usado\n")).collect();
    let answers = join_all(files.iter().map(|f| upload(&app, &t, "x.csv", f.as_bytes()))).await;
    for r in &answers {
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    }
    let db = app.tenant_db(&t.slug).await;
    assert_eq!(worker(&app.state).drain(&db).await.expect("drain"), 20);
    let list = app.get("/api/v1/vehicles?pageSize=1").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["total"], 20, "{}", list.text);
}
