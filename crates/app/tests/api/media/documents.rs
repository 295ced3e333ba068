use axum::http::StatusCode;
use innexar_testkit::{Part, TestApp, slug};
use serde_json::json;

use super::*;

#[tokio::test]
async fn documents_keep_pdfs_and_scans_for_the_back_office_only() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();
    let docs = format!("/api/v1/vehicles/{vid}/documents");

    let r = app
        .post(&docs)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::text("kind", "crlv"), Part::file("file", "crlv.pdf", "application/pdf", PDF)])
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["kind"], "crlv");
    assert_eq!(r.body["contentType"], "application/pdf");
    let pdf = app.get(r.body["url"].as_str().expect("url")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.bytes, PDF);

    // A phone photo of the laudo: kept, without its EXIF.
    let r = app
        .post(&docs)
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[
            Part::file("file", "laudo.jpg", "image/jpeg", &jpeg_with_exif(40, 20)),
            Part::text("kind", "laudo_cautelar"),
        ])
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let scan = app.get(r.body["url"].as_str().expect("url")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert!(!contains(&scan.bytes, b"SecretCam"));
    assert_eq!(dimensions(&scan.bytes), (20, 40));

    let bad =
        |parts: Vec<Part<'static>>| app.post(&docs).tenant(&t.slug).token(&t.owner_token).multipart(&parts).send();
    let r = bad(vec![Part::file("file", "x.pdf", "application/pdf", PDF)]).await;
    assert_eq!(r.pointers(), vec!["/kind"]);
    let r = bad(vec![Part::text("kind", "renavam"), Part::file("file", "x.pdf", "application/pdf", PDF)]).await;
    assert_eq!(r.pointers(), vec!["/kind"]);
    bad(vec![Part::text("kind", "other"), Part::file("file", "nota.pdf", "application/pdf", b"<html>nota</html>")])
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type");

    let list = app.get(&docs).tenant(&t.slug).token(&t.owner_token).send().await;
    let kinds: Vec<_> = list.body["items"].as_array().expect("items").iter().map(|d| d["kind"].clone()).collect();
    assert_eq!(kinds, vec![json!("crlv"), json!("laudo_cautelar")]);

    // Registration papers carry personal data: a viewer sees the car, not its papers.
    let viewer = app.user(&t, "olho@loja.com.br", &["viewer"], None).await;
    app.get(&docs).tenant(&t.slug).token(&viewer).send().await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    let photos = app.get(&format!("/api/v1/vehicles/{vid}/photos")).tenant(&t.slug).token(&viewer).send().await;
    assert_eq!(photos.status, StatusCode::OK);

    let id = list.body["items"][0]["id"].as_str().expect("id");
    let link =
        app.post(&format!("{docs}/{id}/link")).tenant(&t.slug).token(&t.owner_token).json(json!({})).send().await;
    let shared = app.get(link.body["url"].as_str().expect("url")).send().await;
    assert_eq!(shared.bytes, PDF);
    let r = app.delete(&format!("{docs}/{id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(files_under(&app.settings.data_dir.join("files")).len(), 1);
    app.get(&format!("{docs}/{id}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "vehicles.document_not_found");
}
