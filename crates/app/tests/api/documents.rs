//! The deal's PDFs: a full quote renders and its text (extracted by `pdftotext`, as a reader's
//! tool would) holds the customer, the vehicle and every installment; the order and the deal
//! jacket follow the sale.

use axum::http::StatusCode;
use serde_json::json;

use crate::quotes::{Deal, create, setup};

/// The text of a PDF, laid out as on the page.
fn text_of(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("innexar-pdf-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", file.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/test-deps.sh)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn reais(cents: i64) -> String {
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("R$ {grouped},{:02}", cents % 100)
}

async fn pdf(app: &innexar_testkit::TestApp, x: &Deal, token: &str, url: &str) -> Vec<u8> {
    let (status, headers, body) = app.get(url).tenant(&x.d.t.slug).token(token).send_bytes().await;
    assert_eq!(status, StatusCode::OK, "{url}: {}", String::from_utf8_lossy(&body));
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert!(body.starts_with(b"%PDF-"), "{url} is a PDF");
    body
}

#[tokio::test]
async fn a_full_quote_renders_with_the_customer_the_vehicle_and_every_installment() {
    let app = innexar_testkit::TestApp::spawn().await;
    let x = setup(&app, "pdf").await;
    let q = create(&app, &x, &x.d.sales, 200_000).await;
    assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
    let id = q.body["id"].as_str().expect("id");
    let text = text_of(&pdf(&app, &x, &x.d.sales, &format!("/api/v1/quotes/{id}/pdf")).await);

    for expected in [
        "Proposta",
        "P-00001",
        "Camila Rocha",
        "Volkswagen T-Cross",
        "Película e tapetes",
        "Garantia estendida 24 meses",
        "Fiat Argo 2019",
        "Banco Azul",
        "R$ 93.500,00",
        "1,79 %",
    ] {
        assert!(text.contains(expected), "{expected:?} is in the quote:\n{text}");
    }
    // Every installment, as the API computes them for the version's terms.
    let fin = &q.body["content"]["payments"][2]["financing"];
    let sim = app
        .post("/api/v1/financing/simulations")
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .json(json!({"system": "price", "financedCents": fin["financedCents"], "monthlyRate": fin["monthlyRate"],
            "installments": fin["installments"], "contractDate": fin["contractDate"], "firstDueDate": fin["firstDueDate"],
            "iof": true, "financeIof": true, "feesCents": fin["tableFeesCents"], "financeFees": fin["financeFees"]}))
        .send()
        .await;
    assert_eq!(sim.status, StatusCode::OK, "{}", sim.text);
    let schedule = sim.body["schedule"].as_array().expect("schedule");
    assert_eq!(schedule.len(), 48);
    let lines: Vec<&str> = text.lines().collect();
    for i in schedule {
        let due = i["dueDate"].as_str().expect("due");
        let due = format!("{}/{}/{}", &due[8..10], &due[5..7], &due[..4]);
        let payment = reais(i["paymentCents"].as_i64().expect("payment"));
        let balance = reais(i["balanceCents"].as_i64().expect("balance"));
        assert!(
            lines.iter().any(|l| l.contains(&due) && l.contains(&payment) && l.contains(&balance)),
            "installment {} ({due}, {payment}, balance {balance}) is a row of the schedule:\n{text}",
            i["number"]
        );
    }
    // The customer's copy has no costs; the salesperson's neither.
    assert!(!text.contains("Custo") && !text.contains("margem"), "{text}");
    // An earlier version stays printable.
    pdf(&app, &x, &x.d.sales, &format!("/api/v1/quotes/{id}/versions/1/pdf")).await;
    app.get(&format!("/api/v1/quotes/{id}/pdf"))
        .tenant(&x.d.t.slug)
        .token(&x.d.other_sales)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "sales.quote_not_found");
}

#[tokio::test]
async fn the_customer_downloads_the_quote_by_link_and_the_sale_has_its_order_and_deal_jacket() {
    let app = innexar_testkit::TestApp::spawn().await;
    let x = setup(&app, "pasta").await;
    let q = create(&app, &x, &x.d.sales, 0).await;
    let url = format!("/api/v1/quotes/{}", q.body["id"].as_str().expect("id"));
    let sent = app.post(&format!("{url}/send")).tenant(&x.d.t.slug).token(&x.d.sales).if_match(&q.etag()).send().await;
    let token = sent.body["link"]["token"].as_str().expect("token").to_string();
    let (status, _, body) =
        app.get(&format!("/api/v1/public/quotes/{token}/pdf")).tenant(&x.d.t.slug).send_bytes().await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&body).contains("Camila Rocha"));

    let answered = app
        .post(&format!("{url}/answer"))
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&sent.etag())
        .json(json!({"decision": "accepted"}))
        .send()
        .await;
    let sha = answered.body["answer"]["documentSha256"].as_str().expect("sha").to_string();
    let sale = app.post(&format!("{url}/sale")).tenant(&x.d.t.slug).token(&x.d.sales).send().await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.text);
    let sale_id = sale.body["id"].as_str().expect("sale");
    let order = text_of(&pdf(&app, &x, &x.d.sales, &format!("/api/v1/sales/{sale_id}/pdf")).await);
    for expected in ["Pedido de venda", "PV-00001", "Camila Rocha", "Comprador", "Volkswagen T-Cross"] {
        assert!(order.contains(expected), "{expected:?} is in the order:\n{order}");
    }
    let jacket = text_of(&pdf(&app, &x, &x.d.manager, &format!("/api/v1/sales/{sale_id}/jacket")).await);
    for expected in
        ["Pedido de venda", "Proposta", "REGISTRO DO ACEITE", "na loja, assinada pelo cliente", sha.as_str()]
    {
        assert!(jacket.contains(expected), "{expected:?} is in the deal jacket:\n{jacket}");
    }
}

/// The images a PDF embeds, as `pdfimages` (poppler) lists them: width and height of each.
fn images_of(pdf: &[u8]) -> Vec<(u32, u32)> {
    let dir = std::env::temp_dir().join(format!("innexar-pdf-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("doc.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let out = std::process::Command::new("pdfimages")
        .args(["-list", file.to_str().expect("path")])
        .output()
        .expect("pdfimages (poppler-utils, installed by scripts/test-deps.sh)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "pdfimages: {}", String::from_utf8_lossy(&out.stderr));
    // "page num type width height color ...", after two header lines; soft masks are the alpha.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.get(2) == Some(&"image")).then(|| (cols[3].parse().expect("width"), cols[4].parse().expect("height")))
        })
        .collect()
}

#[tokio::test]
async fn the_store_s_logo_heads_its_documents_and_a_lost_file_leaves_its_initials() {
    let app = innexar_testkit::TestApp::spawn().await;
    let x = setup(&app, "timbre").await;
    let q = create(&app, &x, &x.d.sales, 0).await;
    let id = q.body["id"].as_str().expect("id").to_string();
    let url = format!("/api/v1/quotes/{id}/pdf");
    assert_eq!(images_of(&pdf(&app, &x, &x.d.sales, &url).await), vec![], "no logo yet: the initials print");

    let logo = crate::media::noisy_png(240, 120);
    let r = app
        .call(axum::http::Method::PUT, &format!("/api/v1/stores/{}/logo", x.d.store))
        .tenant(&x.d.t.slug)
        .token(&x.d.t.owner_token)
        .multipart(&[innexar_testkit::Part::file("file", "logo.png", "image/png", &logo)])
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(images_of(&pdf(&app, &x, &x.d.sales, &url).await), vec![(240, 120)]);
    // The customer's copy by link carries it too.
    let sent = app
        .post(&format!("/api/v1/quotes/{id}/send"))
        .tenant(&x.d.t.slug)
        .token(&x.d.sales)
        .if_match(&q.etag())
        .send()
        .await;
    let token = sent.body["link"]["token"].as_str().expect("token");
    let (status, _, body) =
        app.get(&format!("/api/v1/public/quotes/{token}/pdf")).tenant(&x.d.t.slug).send_bytes().await;
    assert_eq!((status, images_of(&body)), (StatusCode::OK, vec![(240, 120)]));

    // The file lost behind the record's back: the document still prints, with the initials.
    let stored = app.settings.data_dir.join("files").join(x.d.t.id.to_string()).join("stores");
    std::fs::remove_dir_all(&stored).expect("the logo's folder");
    let text = text_of(&pdf(&app, &x, &x.d.sales, &url).await);
    assert!(text.contains("Camila Rocha"), "{text}");
    assert_eq!(images_of(&pdf(&app, &x, &x.d.sales, &url).await), vec![]);

    // A banner wider than the header's room is fitted by its width instead (800 px stored).
    let banner = crate::media::noisy_png(1600, 200);
    let r = app
        .call(axum::http::Method::PUT, &format!("/api/v1/stores/{}/logo", x.d.store))
        .tenant(&x.d.t.slug)
        .token(&x.d.t.owner_token)
        .multipart(&[innexar_testkit::Part::file("file", "faixa.png", "image/png", &banner)])
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(images_of(&pdf(&app, &x, &x.d.sales, &url).await), vec![(800, 100)]);
}
