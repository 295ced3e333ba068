use axum::http::StatusCode;
use chrono::Duration;
use innexar_testkit::{Part, TestApp, slug};
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_photo_is_stored_upright_without_its_exif_and_with_a_thumbnail() {
    let app = TestApp::spawn_with(|s| s.storage.thumbnail_side_px = 32).await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let v = app.vehicle(&t, &store, json!({})).await;
    let vid = v["id"].as_str().expect("id");
    let original = jpeg_with_exif(120, 60);
    assert!(contains(&original, b"SecretCam"), "the fixture carries EXIF");

    let r = upload_photo(&app, &t, vid, "C:\\fotos\\frente.jpg", &original).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    // The camera was held sideways: the stored image is turned upright.
    assert_eq!((r.body["width"].as_i64(), r.body["height"].as_i64()), (Some(60), Some(120)));
    assert_eq!(r.body["contentType"], "image/jpeg");
    assert_eq!(r.body["isCover"], true);
    assert_eq!(r.body["position"], 0);
    assert_eq!(r.body["originalFilename"], "frente.jpg");
    let url = r.body["url"].as_str().expect("url").to_string();

    let img = app.get(&url).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(img.status, StatusCode::OK);
    assert_eq!(img.header("content-type"), Some("image/jpeg"));
    assert_eq!(img.header("cache-control"), Some("private, max-age=3600"));
    assert!(!contains(&img.bytes, b"Exif") && !contains(&img.bytes, b"SecretCam"), "EXIF must be gone");
    assert_eq!(dimensions(&img.bytes), (60, 120));
    assert_eq!(r.body["sizeBytes"].as_u64(), Some(img.bytes.len() as u64));

    let thumb =
        app.get(r.body["thumbnailUrl"].as_str().expect("thumb")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(thumb.header("content-type"), Some("image/jpeg"));
    assert_eq!(dimensions(&thumb.bytes), (16, 32));
    assert!(!contains(&thumb.bytes, b"SecretCam"));

    // On the local backend the files sit under the tenant's id.
    let stored = files_under(&app.settings.data_dir.join("files"));
    let photo_id = r.body["id"].as_str().expect("id");
    assert_eq!(
        stored,
        vec![
            format!("{}/vehicles/{vid}/photos/{photo_id}-thumbnail.jpg", t.id),
            format!("{}/vehicles/{vid}/photos/{photo_id}.jpg", t.id),
        ]
    );

    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("outbox");
    let changed: Vec<_> = events
        .iter()
        .map(|e| serde_json::to_value(e).expect("event"))
        .filter(|e| e["type"] == "vehicle.photos_changed")
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["data"]["photoCount"], 1);
    assert_eq!(changed[0]["data"]["coverPhotoId"], photo_id);
}

#[tokio::test]
async fn a_renamed_non_image_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();

    let script = b"#!/bin/sh\necho 'not a photo'\n";
    upload_photo(&app, &t, &vid, "foto.jpg", script)
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type");
    // A real file of another kind, named and declared as a JPEG.
    upload_photo(&app, &t, &vid, "foto.jpg", PDF)
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "files.unsupported_type");
    // A JPEG header with nothing after it.
    let truncated = &jpeg_with_exif(40, 40)[..200];
    let r = upload_photo(&app, &t, &vid, "foto.jpg", truncated).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "files.unreadable_image");
    // No multipart at all, a missing file field, an unknown field.
    app.post(&format!("/api/v1/vehicles/{vid}/photos"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"file": "aGVsbG8="}))
        .send()
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "http.unsupported_media_type");
    let r = app
        .post(&format!("/api/v1/vehicles/{vid}/photos"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::text("caption", "frente")])
        .send()
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), vec!["/caption"]);

    let list = app.get(&format!("/api/v1/vehicles/{vid}/photos")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"], json!([]));
    assert!(files_under(&app.settings.data_dir.join("files")).is_empty());
}

#[tokio::test]
async fn an_oversized_photo_is_refused_with_413() {
    let app = TestApp::spawn_with(|s| s.storage.max_photo_bytes = 4096).await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();
    let big = noisy_png(64, 64);
    assert!(big.len() > 4096 * 2, "the fixture is over the limit");

    // Counted as the bytes arrive.
    upload_photo(&app, &t, &vid, "grande.png", &big).await.problem(StatusCode::PAYLOAD_TOO_LARGE, "files.too_large");
    // Announced too large: refused before anything is read.
    let r = app
        .post(&format!("/api/v1/vehicles/{vid}/photos"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .multipart(&[Part::file("file", "grande.png", "image/png", &big[..100])])
        .header("content-length", "10000000")
        .send()
        .await;
    r.problem(StatusCode::PAYLOAD_TOO_LARGE, "files.too_large");
    let list = app.get(&format!("/api/v1/vehicles/{vid}/photos")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"], json!([]));
    // Larger than the server-wide JSON limit, under the photo limit: accepted.
    let app = TestApp::spawn_with(|s| s.server.body_limit_bytes = 4096).await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();
    assert_eq!(upload_photo(&app, &t, &vid, "grande.png", &big).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_retried_upload_with_the_same_idempotency_key_stores_one_photo() {
    // Photos are larger than the JSON body limit; the replay must still work for them.
    let app = TestApp::spawn_with(|s| s.server.body_limit_bytes = 4096).await;
    let t = app.tenant(&slug("loja")).await;
    let vid = app.vehicle(&t, &app.store(&t, "Matriz").await, json!({})).await["id"].as_str().expect("id").to_string();
    let photo = noisy_png(64, 64);
    let send = || {
        app.post(&format!("/api/v1/vehicles/{vid}/photos"))
            .tenant(&t.slug)
            .token(&t.owner_token)
            .header("idempotency-key", "foto-frente-1")
            .multipart(&[Part::file("file", "frente.png", "image/png", &photo)])
            .send()
    };
    let first = send().await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let again = send().await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    let list = app.get(&format!("/api/v1/vehicles/{vid}/photos")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(files_under(&app.settings.data_dir.join("files")).len(), 2);
}

#[tokio::test]
async fn an_image_beyond_the_dimension_limit_is_refused_before_decoding() {
    let app = TestApp::spawn_with(|s| {
        s.storage.max_image_side_px = 100;
        s.storage.thumbnail_side_px = 32;
    })
    .await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();
    let r = upload_photo(&app, &t, &vid, "panorama.png", &noisy_png(300, 10)).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.body["errors"][0]["code"], "files.image_too_large");
    assert_eq!(upload_photo(&app, &t, &vid, "ok.png", &noisy_png(100, 10)).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn photos_are_reordered_the_cover_moves_and_deleting_removes_the_files() {
    let app = TestApp::spawn_with(|s| s.storage.max_photos_per_vehicle = 3).await;
    let t = app.tenant(&slug("loja")).await;
    let store = app.store(&t, "Matriz").await;
    let vid = app.vehicle(&t, &store, json!({})).await["id"].as_str().expect("id").to_string();
    let mut ids = Vec::new();
    for i in 0..3 {
        let r = upload_photo(&app, &t, &vid, &format!("{i}.png"), &noisy_png(20 + i, 20)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        ids.push(r.body["id"].as_str().expect("id").to_string());
    }
    upload_photo(&app, &t, &vid, "3.png", &noisy_png(20, 20))
        .await
        .problem(StatusCode::CONFLICT, "vehicles.too_many_photos");

    let order = |body: &serde_json::Value| -> Vec<String> {
        body["items"].as_array().expect("items").iter().map(|p| p["id"].as_str().expect("id").to_string()).collect()
    };
    let cover = |body: &serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|p| p["isCover"] == true)
            .map(|p| p["id"].as_str().expect("id").to_string())
            .collect()
    };
    let photo_url = |id: &str| format!("/api/v1/vehicles/{vid}/photos/{id}");
    let r =
        app.patch(&photo_url(&ids[2])).tenant(&t.slug).token(&t.owner_token).json(json!({"position": 0})).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(order(&r.body), vec![ids[2].clone(), ids[0].clone(), ids[1].clone()]);
    assert_eq!(cover(&r.body), vec![ids[0].clone()]);
    let r = app
        .patch(&photo_url(&ids[1]))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"isCover": true}))
        .send()
        .await;
    assert_eq!(cover(&r.body), vec![ids[1].clone()]);
    let positions: Vec<_> = r.body["items"].as_array().expect("items").iter().map(|p| p["position"].clone()).collect();
    assert_eq!(positions, vec![json!(0), json!(1), json!(2)]);

    let r =
        app.patch(&photo_url(&ids[1])).tenant(&t.slug).token(&t.owner_token).json(json!({"position": 3})).send().await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(r.pointers(), vec!["/position"]);
    let r = app
        .patch(&photo_url(&ids[1]))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"isCover": false}))
        .send()
        .await;
    assert_eq!(r.pointers(), vec!["/isCover"]);

    // Deleting the cover hands it to the first photo; the files go too.
    let r = app.delete(&photo_url(&ids[1])).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let list = app.get(&format!("/api/v1/vehicles/{vid}/photos")).tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(order(&list.body), vec![ids[2].clone(), ids[0].clone()]);
    assert_eq!(cover(&list.body), vec![ids[2].clone()]);
    let stored = files_under(&app.settings.data_dir.join("files"));
    assert_eq!(stored.len(), 4);
    assert!(!stored.iter().any(|f| f.contains(&ids[1])));
    app.get(&photo_url(&ids[1]))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "vehicles.photo_not_found");

    // Deleting the vehicle removes what is left.
    let etag = app.get(&format!("/api/v1/vehicles/{vid}")).tenant(&t.slug).token(&t.owner_token).send().await.etag();
    let r = app
        .delete(&format!("/api/v1/vehicles/{vid}"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&etag)
        .send()
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert!(files_under(&app.settings.data_dir.join("files")).is_empty());
}

#[tokio::test]
async fn another_tenants_photo_is_not_found() {
    let app = TestApp::spawn().await;
    let a = app.tenant(&slug("a")).await;
    let b = app.tenant(&slug("b")).await;
    let a_vid = app.vehicle(&a, &app.store(&a, "A").await, json!({})).await["id"].as_str().expect("id").to_string();
    let b_vid = app.vehicle(&b, &app.store(&b, "B").await, json!({})).await["id"].as_str().expect("id").to_string();
    let b_photo = upload_photo(&app, &b, &b_vid, "b.png", &noisy_png(20, 20)).await;
    let b_pid = b_photo.body["id"].as_str().expect("id").to_string();

    // B's vehicle and photo from A's side, and B's photo id on A's own vehicle.
    for vid in [&b_vid, &a_vid] {
        let base = format!("/api/v1/vehicles/{vid}/photos/{b_pid}");
        for r in [
            app.get(&base).tenant(&a.slug).token(&a.owner_token).send().await,
            app.get(&format!("{base}/thumbnail")).tenant(&a.slug).token(&a.owner_token).send().await,
            app.patch(&base).tenant(&a.slug).token(&a.owner_token).json(json!({"isCover": true})).send().await,
            app.post(&format!("{base}/link")).tenant(&a.slug).token(&a.owner_token).json(json!({})).send().await,
            app.delete(&base).tenant(&a.slug).token(&a.owner_token).send().await,
        ] {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
        }
    }
    let r = upload_photo(&app, &a, &b_vid, "x.png", &noisy_png(20, 20)).await;
    r.problem(StatusCode::NOT_FOUND, "vehicles.not_found");

    let still =
        app.get(&format!("/api/v1/vehicles/{b_vid}/photos/{b_pid}")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(still.status, StatusCode::OK);
    let list = app.get(&format!("/api/v1/vehicles/{b_vid}/photos")).tenant(&b.slug).token(&b.owner_token).send().await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_signed_link_downloads_without_a_token_until_it_expires() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("loja")).await;
    let vid = app.vehicle(&t, &app.store(&t, "Matriz").await, json!({})).await["id"].as_str().expect("id").to_string();
    let photo = upload_photo(&app, &t, &vid, "frente.png", &noisy_png(30, 20)).await;
    let pid = photo.body["id"].as_str().expect("id").to_string();
    let stored =
        app.get(&format!("/api/v1/vehicles/{vid}/photos/{pid}")).tenant(&t.slug).token(&t.owner_token).send().await;

    let link = app
        .post(&format!("/api/v1/vehicles/{vid}/photos/{pid}/link"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"ttlSecs": 600}))
        .send()
        .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    let url = link.body["url"].as_str().expect("url").to_string();
    assert_eq!(link.body["expiresAt"], "2026-03-10T12:10:00Z");

    // No token, no tenant header: the link alone.
    let r = app.get(&url).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert_eq!(r.bytes, stored.bytes);

    // One character of the signature changed (not the last, whose low bits are padding).
    let mut forged: Vec<char> = url.chars().collect();
    let i = forged.len() - 5;
    forged[i] = if forged[i] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    app.get(&forged).send().await.problem(StatusCode::FORBIDDEN, "files.link_invalid");
    // An access token is not a link.
    app.get(&format!("/api/v1/links/{}", t.owner_token))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "files.link_invalid");
    app.post(&format!("/api/v1/vehicles/{vid}/photos/{pid}/link"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"ttlSecs": 0}))
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");

    app.clock.advance(Duration::seconds(600));
    app.get(&url).send().await.problem(StatusCode::GONE, "files.link_expired");

    // A fresh link stops working once the photo is deleted.
    let link = app
        .post(&format!("/api/v1/vehicles/{vid}/photos/{pid}/link"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({}))
        .send()
        .await;
    let url = link.body["url"].as_str().expect("url").to_string();
    app.delete(&format!("/api/v1/vehicles/{vid}/photos/{pid}")).tenant(&t.slug).token(&t.owner_token).send().await;
    app.get(&url).send().await.problem(StatusCode::NOT_FOUND, "files.not_found");
}
