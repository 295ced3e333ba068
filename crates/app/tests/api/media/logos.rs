//! A store's logo: stored as a clean PNG, replaced and removed without leaving files behind,
//! refused when hostile, and never reachable across stores or tenants.

use axum::http::{Method, StatusCode};
use futures_util::future::join_all;
use innexar_testkit::{Part, Resp, TestApp, TestTenant, slug};

use super::*;

async fn put_logo(app: &TestApp, t: &TestTenant, store: &str, token: &str, bytes: &[u8], etag: Option<&str>) -> Resp {
    let mut call = app.call(Method::PUT, &format!("/api/v1/stores/{store}/logo")).tenant(&t.slug).token(token);
    if let Some(e) = etag {
        call = call.if_match(e);
    }
    call.multipart(&[Part::file("file", "logo.jpg", "image/jpeg", bytes)]).send().await
}

/// The logo files on local storage of `store`.
fn logo_files(app: &TestApp, t: &TestTenant, store: &str) -> Vec<String> {
    files_under(&app.settings.data_dir.join("files"))
        .into_iter()
        .filter(|f| f.starts_with(&format!("{}/stores/{store}/logo-", t.id)))
        .collect()
}

#[tokio::test]
async fn a_logo_is_stored_as_a_clean_png_replaced_and_removed_without_leftovers() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let before = app.get(&format!("/api/v1/stores/{store}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(before.body["logo"], serde_json::Value::Null);

    // A photo of the sign taken sideways, with the camera's EXIF: upright, scaled to 800 px.
    let original = jpeg_with_exif(1200, 600);
    let r = put_logo(&app, &t, &store, &t.owner_token, &original, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["version"], 2);
    assert_eq!(r.etag(), "\"2\"");
    let logo = &r.body["logo"];
    assert_eq!((logo["width"].as_i64(), logo["height"].as_i64()), (Some(400), Some(800)));
    assert!(logo.get("key").is_none(), "the storage key is not shown: {logo}");
    let url = logo["url"].as_str().expect("url").to_string();
    assert_eq!(url, format!("/api/v1/stores/{store}/logo"));

    let viewer = app.user(&t, "leitura@loja.com.br", &["viewer"], None).await;
    let img = app.get(&url).tenant(&t.slug).token(&viewer).send().await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.header("content-type"), Some("image/png"));
    assert!(!contains(&img.bytes, b"SecretCam") && !contains(&img.bytes, b"Exif"), "the metadata is gone");
    assert_eq!(dimensions(&img.bytes), (400, 800));
    assert_eq!(logo["sizeBytes"].as_u64(), Some(img.bytes.len() as u64));
    let sha = logo["sha256"].as_str().expect("sha256");
    assert_eq!(innexar_files::sha256_hex(&img.bytes), sha);
    assert_eq!(img.header("etag"), Some(format!("\"{sha}\"").as_str()));
    // The browser's copy is current: nothing is sent again.
    let again =
        app.get(&url).tenant(&t.slug).token(&viewer).header("if-none-match", &format!("\"{sha}\"")).send().await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    let first_files = logo_files(&app, &t, &store);
    assert_eq!(first_files.len(), 1, "{first_files:?}");

    // Replaced: the old file goes, the new one is served.
    let r = put_logo(&app, &t, &store, &t.owner_token, &noisy_png(64, 32), Some("\"2\"")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!((r.body["version"].as_i64(), r.body["logo"]["width"].as_i64()), (Some(3), Some(64)));
    let files = logo_files(&app, &t, &store);
    assert_eq!(files.len(), 1);
    assert_ne!(files, first_files);
    let img = app.get(&url).tenant(&t.slug).token(&viewer).header("if-none-match", &format!("\"{sha}\"")).send().await;
    assert_eq!((img.status, dimensions(&img.bytes)), (StatusCode::OK, (64, 32)), "a stale copy is replaced");

    // Stale If-Match: refused, and the upload leaves nothing behind.
    put_logo(&app, &t, &store, &t.owner_token, &noisy_png(10, 10), Some("\"2\""))
        .await
        .problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    assert_eq!(logo_files(&app, &t, &store), files);

    // Removed: no file, 404 on the image, the store says so.
    let r = app.delete(&format!("/api/v1/stores/{store}/logo")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(
        (r.status, r.body["logo"].clone(), r.body["version"].as_i64()),
        (StatusCode::OK, serde_json::Value::Null, Some(4))
    );
    assert!(logo_files(&app, &t, &store).is_empty());
    app.get(&url).tenant(&t.slug).token(&viewer).send().await.problem(StatusCode::NOT_FOUND, "stores.no_logo");
    // Removing nothing changes nothing.
    let r = app.delete(&format!("/api/v1/stores/{store}/logo")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((r.status, r.body["version"].as_i64()), (StatusCode::OK, Some(4)));

    // Who changed the letterhead, and when, is on record.
    let audit = app
        .get(&format!("/api/v1/audit?entityType=store&entityId={store}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().expect("items").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["stores.logo_removed", "stores.logo_changed", "stores.logo_changed", "stores.created"]);
}

#[tokio::test]
async fn hostile_logos_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn_with(|s| s.storage.max_image_side_px = 1000).await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let put = |bytes: Vec<u8>| {
        let (app, t, store) = (&app, &t, &store);
        async move { put_logo(app, t, store, &t.owner_token, &bytes, None).await }
    };
    put(b"<svg onload=alert(1)>".to_vec()).await.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type");
    put(PDF.to_vec()).await.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type");
    let r = put(jpeg_with_exif(40, 40)[..200].to_vec()).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "files.unreadable_image");
    // Dimensions past the limit are refused from the header, before any pixel is decoded.
    let r = put(noisy_png(1001, 4)).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "files.image_too_large");
    // Over 5 MiB, counted as the bytes arrive.
    let mut big = noisy_png(8, 8);
    big.resize(5 * 1024 * 1024 + 1, 0);
    put(big).await.problem(StatusCode::PAYLOAD_TOO_LARGE, "files.too_large");
    // A JSON body where a form is expected.
    app.call(Method::PUT, &format!("/api/v1/stores/{store}/logo"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(serde_json::json!({"file": "aGVsbG8="}))
        .send()
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "http.unsupported_media_type");

    let s = app.get(&format!("/api/v1/stores/{store}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!((s.body["logo"].clone(), s.body["version"].as_i64()), (serde_json::Value::Null, Some(1)));
    assert!(files_under(&app.settings.data_dir.join("files")).is_empty());
}

#[tokio::test]
async fn twenty_owners_uploading_at_once_leave_one_logo_and_one_file() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let images: Vec<Vec<u8>> = (0..20).map(|i| noisy_png(20 + i, 10)).collect();

    // Over the same version: one wins, the others are told to reload, and their files are gone.
    let answers = join_all(images.iter().map(|b| put_logo(&app, &t, &store, &t.owner_token, b, Some("\"1\"")))).await;
    let ok: Vec<&Resp> = answers.iter().filter(|r| r.status == StatusCode::OK).collect();
    let stale = answers.iter().filter(|r| r.status == StatusCode::PRECONDITION_FAILED).count();
    assert_eq!((ok.len(), stale), (1, 19), "{:?}", answers.iter().map(|r| (r.status, &r.text)).collect::<Vec<_>>());
    assert_eq!(logo_files(&app, &t, &store).len(), 1);
    let winner = ok[0].body["logo"]["sha256"].clone();

    // Without If-Match: each replaces the one before; the last recorded is the one stored.
    let answers = join_all(images.iter().map(|b| put_logo(&app, &t, &store, &t.owner_token, b, None))).await;
    assert!(
        answers.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        answers.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let s = app.get(&format!("/api/v1/stores/{store}")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(s.body["version"], 22, "every upload was one change");
    assert_ne!(s.body["logo"]["sha256"], winner);
    let files = logo_files(&app, &t, &store);
    assert_eq!(files.len(), 1, "replaced logos leave no files: {files:?}");
    let img = app.get(&format!("/api/v1/stores/{store}/logo")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(Some(innexar_files::sha256_hex(&img.bytes).as_str()), s.body["logo"]["sha256"].as_str());
}

#[tokio::test]
async fn another_store_s_logo_is_not_reachable_for_a_manager_limited_to_one() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let mine = app.store(&t, "Matriz").await;
    let other = app.store(&t, "Filial").await;
    assert_eq!(put_logo(&app, &t, &other, &t.owner_token, &noisy_png(30, 30), None).await.status, StatusCode::OK);
    let manager = app.user(&t, "gerente@matriz.com.br", &["store_manager"], Some(vec![mine.clone()])).await;
    let url = format!("/api/v1/stores/{other}/logo");
    app.get(&url).tenant(&t.slug).token(&manager).send().await.problem(StatusCode::NOT_FOUND, "stores.not_found");
    // Changing a logo is the Owner's, whichever the store.
    put_logo(&app, &t, &mine, &manager, &noisy_png(30, 30), None)
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
    app.delete(&url).tenant(&t.slug).token(&manager).send().await.problem(StatusCode::FORBIDDEN, "auth.forbidden");
    // Another tenant's Owner, on their own host, with this store's id.
    let b = app.tenant(&slug("outra")).await;
    app.get(&url).tenant(&b.slug).token(&b.owner_token).send().await.problem(StatusCode::NOT_FOUND, "stores.not_found");
    put_logo(&app, &b, &other, &b.owner_token, &noisy_png(30, 30), None)
        .await
        .problem(StatusCode::NOT_FOUND, "stores.not_found");
    let img = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(dimensions(&img.bytes), (30, 30), "the logo is as it was");
}
