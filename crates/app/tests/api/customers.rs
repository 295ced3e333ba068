//! Customers as the desk registers, finds, merges and asks consent of them.

use axum::http::StatusCode;
use futures_util::future::join_all;
use innexar_testkit::{Resp, TestApp, TestTenant, slug};
use serde_json::{Value, json};

/// A valid CPF from nine digits of `n`: the check digits computed as the Receita does.
pub fn cpf(n: u64) -> String {
    let mut d: Vec<u32> = format!("{:09}", n % 1_000_000_000).chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    if d.iter().all(|x| *x == d[0]) {
        d[8] = (d[8] + 1) % 10;
    }
    for len in [9usize, 10] {
        let sum: u32 = d.iter().enumerate().map(|(i, v)| v * (len as u32 + 1 - i as u32)).sum();
        let r = (sum * 10) % 11;
        d.push(if r == 10 { 0 } else { r });
    }
    d.into_iter().map(|x| char::from_digit(x, 10).unwrap_or('0')).collect()
}

pub async fn create(app: &TestApp, t: &TestTenant, token: &str, body: Value) -> Resp {
    app.post("/api/v1/customers").tenant(&t.slug).token(token).json(body).send().await
}

async fn search(app: &TestApp, t: &TestTenant, token: &str, q: &str) -> Vec<String> {
    let r = app
        .get(&format!("/api/v1/customers?q={}&pageSize=100", urlencode(q)))
        .tenant(&t.slug)
        .token(token)
        .send()
        .await;
    assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
    r.body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id").to_string()).collect()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn tenant_with_store(app: &TestApp) -> (TestTenant, String) {
    let t = app.tenant(&slug("crm")).await;
    let store = app.store(&t, "Matriz").await;
    (t, store)
}

#[tokio::test]
async fn cpfs_and_cnpjs_are_checked_through_the_api_masked_or_not() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    for (typed, kept) in
        [("529.982.247-25", "52998224725"), ("11144477735", "11144477735"), (" 390.533.447-05 ", "39053344705")]
    {
        let r = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Pessoa", "cpf": typed})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{typed}: {}", r.text);
        assert_eq!(r.body["cpf"], kept);
        assert_eq!(r.body["kind"], "person");
    }
    for (typed, code) in [
        ("529.982.247-24", "cpf.check_digit"),
        ("111.111.111-11", "cpf.check_digit"),
        ("000.000.000-00", "cpf.check_digit"),
        ("5299822472", "cpf.length"),
        ("52998224A25", "cpf.invalid_character"),
    ] {
        let r = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Pessoa", "cpf": typed})).await;
        let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert_eq!(p["errors"][0]["pointer"], "/cpf", "{typed}: {}", r.text);
        assert_eq!(p["errors"][0]["code"], code, "{typed}");
    }
    for (typed, kept) in [
        ("11.222.333/0001-81", "11222333000181"),
        ("12.abc.345/01de-35", "12ABC34501DE35"),
        ("45997418000153", "45997418000153"),
    ] {
        let r = create(
            &app,
            &t,
            &t.owner_token,
            json!({"kind": "company", "legalName": "Frota Ltda", "tradeName": "Frota", "cnpj": typed}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{typed}: {}", r.text);
        assert_eq!((r.body["cnpj"].as_str(), r.body["legalName"].as_str()), (Some(kept), Some("Frota Ltda")));
    }
    for (typed, code) in [
        ("11.222.333/0001-82", "cnpj.check_digit"),
        ("11.111.111/1111-11", "cnpj.check_digit"),
        ("12.ABC.345/01DE-3X", "cnpj.invalid_character"),
        ("1122233300018", "cnpj.length"),
    ] {
        let r = create(&app, &t, &t.owner_token, json!({"kind": "company", "legalName": "X", "cnpj": typed})).await;
        let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
        assert_eq!((p["errors"][0]["pointer"].as_str(), p["errors"][0]["code"].as_str()), (Some("/cnpj"), Some(code)));
    }
    // Fields of the other kind are refused, each at its pointer.
    let r = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "P", "cnpj": "11222333000181"})).await;
    let p = r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(p["errors"][0]["code"], "customers.not_for_kind");
    assert_eq!(p["errors"][0]["pointer"], "/cnpj");
    let r = create(&app, &t, &t.owner_token, json!({"kind": "company", "name": "P"})).await;
    assert_eq!(r.pointers(), ["/name", "/legalName"], "{}", r.text);
    // Nothing was written by the refusals.
    let all = app.get("/api/v1/customers").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(all.body["total"], 6);
}

#[tokio::test]
async fn a_registered_cpf_or_cnpj_is_409_naming_who_has_it() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let first = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Ana", "cpf": "52998224725"})).await;
    let id = first.body["id"].as_str().expect("id");
    let again =
        create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Ana B", "cpf": "529.982.247-25"})).await;
    let p = again.problem(StatusCode::CONFLICT, "customers.duplicate");
    assert!(p["detail"].as_str().expect("detail").contains(id), "{p}");
    assert_eq!(p["errors"][0]["pointer"], "/cpf");
    // Changing another customer's CPF to it is refused the same way.
    let other = create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Bia"})).await;
    let r = app
        .patch(&format!("/api/v1/customers/{}", other.body["id"].as_str().expect("id")))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .if_match(&other.etag())
        .json(json!({"cpf": "52998224725"}))
        .send()
        .await;
    assert!(r.problem(StatusCode::CONFLICT, "customers.duplicate")["detail"].as_str().expect("d").contains(id));
    let co = json!({"kind": "company", "legalName": "Alfa", "cnpj": "12ABC34501DE35"});
    assert_eq!(create(&app, &t, &t.owner_token, co.clone()).await.status, StatusCode::CREATED);
    let mut lower = co.clone();
    lower["cnpj"] = json!("12.abc.345/01de-35");
    create(&app, &t, &t.owner_token, lower).await.problem(StatusCode::CONFLICT, "customers.duplicate");
}

#[tokio::test]
async fn thirty_concurrent_registrations_of_one_cpf_make_one_customer() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let results = join_all((0..30).map(|i| {
        let (app, t) = (&app, &t);
        async move {
            create(
                app,
                t,
                &t.owner_token,
                json!({"kind": "person", "name": format!("Pessoa {i}"), "cpf": "39053344705"}),
            )
            .await
        }
    }))
    .await;
    let created = results.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert_eq!(created, 1, "{:?}", results.iter().map(|r| r.status).collect::<Vec<_>>());
    for r in results.iter().filter(|r| r.status != StatusCode::CREATED) {
        r.problem(StatusCode::CONFLICT, "customers.duplicate");
    }
    // And thirty different people at once are thirty customers, each with its event.
    let results = join_all((0..30u64).map(|i| {
        let (app, t) = (&app, &t);
        async move {
            create(
                app,
                t,
                &t.owner_token,
                json!({"kind": "person", "name": format!("Cliente {i}"), "cpf": cpf(100_000 + i),
                       "phones": [{"number": format!("(11) 9{:04}-{:04}", 1000 + i, i), "whatsapp": true}]}),
            )
            .await
        }
    }))
    .await;
    assert!(
        results.iter().all(|r| r.status == StatusCode::CREATED),
        "{:?}",
        results.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let all = app.get("/api/v1/customers").tenant(&t.slug).token(&t.owner_token).send().await;
    assert_eq!(all.body["total"], 31);
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.event_type == "customer.created").count(), 31);
}

#[tokio::test]
async fn search_finds_by_name_document_phone_email_and_the_placa_of_a_car_they_own() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let joao = create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "person", "name": "João Antônio da Conceição", "cpf": "935.411.347-80",
               "phones": [{"number": "+55 (21) 99876-5432", "whatsapp": true}],
               "emails": [{"address": "Joao.Conceicao@Exemplo.com.br"}]}),
    )
    .await;
    assert_eq!(joao.status, StatusCode::CREATED, "{}", joao.text);
    assert_eq!(joao.body["phones"][0]["number"], "+5521998765432");
    assert_eq!(joao.body["emails"][0]["address"], "joao.conceicao@exemplo.com.br");
    let jid = joao.body["id"].as_str().expect("id").to_string();
    let company = create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "company", "legalName": "Locadora Conceição Ltda", "tradeName": "Loca Já", "cnpj": "11.444.777/0001-61"}),
    )
    .await;
    let cid = company.body["id"].as_str().expect("id").to_string();
    create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "person", "name": "Maria Souza", "phones": [{"number": "1134567890"}]}),
    )
    .await;
    let car = app
        .post(&format!("/api/v1/customers/{jid}/vehicles"))
        .tenant(&t.slug)
        .token(&t.owner_token)
        .json(json!({"placa": "RIO2A19", "make": "Chevrolet", "model": "Onix", "year": 2020}))
        .send()
        .await;
    assert_eq!(car.status, StatusCode::CREATED, "{}", car.text);

    let token = &t.owner_token;
    for q in [
        "joao",
        "JOÃO",
        "conceicao",
        "antonio conceição",
        "93541134780",
        "935.411.347-80",
        "21998765432",
        "(21) 99876-5432",
        "+55 21 99876 5432",
        "5521998765432",
        "joao.conceicao@exemplo",
        "RIO2A19",
        "rio-2a19",
    ] {
        let found = search(&app, &t, token, q).await;
        assert!(found.contains(&jid), "{q} finds João: {found:?}");
    }
    assert_eq!(search(&app, &t, token, "conceicao").await.len(), 2, "João and the rental company");
    for q in ["11444777000161", "11.444.777/0001-61", "loca ja", "locadora"] {
        assert_eq!(search(&app, &t, token, q).await, std::slice::from_ref(&cid), "{q}");
    }
    assert!(search(&app, &t, token, "pedro").await.is_empty());
    assert!(search(&app, &t, token, "(11) 3456-7890").await.len() == 1);
    // One or two letters alone are the start of a name, not any two letters in a row.
    assert_eq!(search(&app, &t, token, "Jo").await, std::slice::from_ref(&jid), "João, not Maria Souza");
    assert_eq!(search(&app, &t, token, "jo an").await, std::slice::from_ref(&jid), "João Antônio");
    assert!(search(&app, &t, token, "ao").await.is_empty(), "inside a name is not its start");
    let r = app.get("/api/v1/customers?q=jo%25_").tenant(&t.slug).token(token).send().await;
    assert_eq!(r.status, StatusCode::OK, "LIKE wildcards are searched literally: {}", r.text);
    let long = "a".repeat(101);
    let r = app.get(&format!("/api/v1/customers?q={long}")).tenant(&t.slug).token(token).send().await;
    assert_eq!(r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["pointer"], "/q");
}

#[tokio::test]
async fn a_similar_name_with_the_same_phone_or_email_is_flagged_not_refused() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let first = create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "person", "name": "Carlos Eduardo Lima", "phones": [{"number": "11 98888-7777"}]}),
    )
    .await;
    assert_eq!(first.body["possibleDuplicates"], json!([]));
    let second = create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "person", "name": "carlos lima", "phones": [{"number": "+5511988887777"}]}),
    )
    .await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.body["possibleDuplicates"][0]["id"], first.body["id"]);
    assert_eq!(second.body["possibleDuplicates"][0]["matchedOn"], json!(["phone"]));
    // The same phone under another name (a spouse, a company's desk) is not flagged.
    let other = create(
        &app,
        &t,
        &t.owner_token,
        json!({"kind": "person", "name": "Fernanda Dias", "phones": [{"number": "11988887777"}]}),
    )
    .await;
    assert_eq!(other.body["possibleDuplicates"], json!([]));
}

#[tokio::test]
async fn a_merge_moves_every_link_and_the_old_id_still_resolves() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let token = &t.owner_token;
    let keep = create(
        &app,
        &t,
        token,
        json!({"kind": "person", "name": "Paulo Henrique Matos", "phones": [{"number": "11977776666"}], "tags": ["VIP"]}),
    )
    .await;
    let dup = create(
        &app,
        &t,
        token,
        json!({"kind": "person", "name": "Paulo Matos", "cpf": "52998224725", "phones": [{"number": "11977776666", "whatsapp": true}],
               "emails": [{"address": "paulo@exemplo.com"}], "tags": ["vip", "frota"]}),
    )
    .await;
    let (keep_id, dup_id) = (keep.body["id"].as_str().expect("id"), dup.body["id"].as_str().expect("id"));
    let consent = app
        .post(&format!("/api/v1/customers/{dup_id}/consents"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"purpose": "marketing", "channel": "whatsapp", "granted": true, "source": "ficha",
                     "textShown": "Aceito receber ofertas pelo WhatsApp.", "textVersion": "v1"}))
        .send()
        .await;
    assert_eq!(consent.status, StatusCode::CREATED, "{}", consent.text);
    let car = app
        .post(&format!("/api/v1/customers/{dup_id}/vehicles"))
        .tenant(&t.slug)
        .token(token)
        .json(json!({"vin": "9BWZZZ377VT004251", "make": "Volkswagen", "model": "Gol", "year": 2018}))
        .send()
        .await;
    assert_eq!(car.status, StatusCode::CREATED, "{}", car.text);

    let merge = |survivor: &str, merged: &str| {
        app.post(&format!("/api/v1/customers/{survivor}/merge"))
            .tenant(&t.slug)
            .token(token)
            .json(json!({"mergedId": merged}))
    };
    merge(keep_id, keep_id).send().await.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let r = merge(keep_id, dup_id).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["id"], keep_id);
    assert_eq!(r.body["cpf"], "52998224725", "the survivor took the CPF it lacked");
    assert_eq!(r.body["phones"], json!([{"number": "+5511977776666", "whatsapp": true, "label": null}]));
    assert_eq!(r.body["emails"][0]["address"], "paulo@exemplo.com");
    assert_eq!(r.body["tags"], json!(["VIP", "frota"]));

    // The old id resolves to the survivor; its links are the survivor's.
    let old = app.get(&format!("/api/v1/customers/{dup_id}")).tenant(&t.slug).token(token).send().await;
    assert_eq!((old.status, old.body["id"].as_str()), (StatusCode::OK, Some(keep_id)));
    let consents = app.get(&format!("/api/v1/customers/{keep_id}/consents")).tenant(&t.slug).token(token).send().await;
    assert_eq!(consents.body["current"][0]["channel"], "whatsapp");
    let cars = app.get(&format!("/api/v1/customers/{keep_id}/vehicles")).tenant(&t.slug).token(token).send().await;
    assert_eq!(cars.body["items"][0]["id"], car.body["id"]);
    // The search shows one customer; the duplicate's CPF finds the survivor.
    assert_eq!(search(&app, &t, token, "paulo").await, [keep_id.to_string()]);
    assert_eq!(search(&app, &t, token, "52998224725").await, [keep_id.to_string()]);

    // Merging into or from a merged record is refused.
    let third = create(&app, &t, token, json!({"kind": "person", "name": "Paulo M."})).await;
    let third_id = third.body["id"].as_str().expect("id");
    merge(dup_id, third_id).send().await.problem(StatusCode::CONFLICT, "customers.already_merged");
    merge(third_id, dup_id).send().await.problem(StatusCode::CONFLICT, "customers.already_merged");
    // A person and a company, or two different CPFs, are not one customer.
    let co = create(&app, &t, token, json!({"kind": "company", "legalName": "Matos ME"})).await;
    merge(keep_id, co.body["id"].as_str().expect("id"))
        .send()
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let other_cpf =
        create(&app, &t, token, json!({"kind": "person", "name": "Paulo Matos", "cpf": "11144477735"})).await;
    merge(keep_id, other_cpf.body["id"].as_str().expect("id"))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "customers.merge_documents_differ");

    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    let merged = events.iter().find(|e| e.event_type == "customer.merged").expect("customer.merged");
    assert_eq!(merged.subject.as_deref(), Some(keep_id));
    let audit = app.get(&format!("/api/v1/audit?entityId={dup_id}")).tenant(&t.slug).token(token).send().await;
    assert!(audit.text.contains("customers.merged"), "{}", audit.text);
}

#[tokio::test]
async fn twenty_concurrent_merges_of_one_duplicate_merge_it_once() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let token = &t.owner_token;
    let keep = create(&app, &t, token, json!({"kind": "person", "name": "Rita"})).await;
    let keep_id = keep.body["id"].as_str().expect("id");
    let dups =
        join_all((0..20).map(|i| create(&app, &t, token, json!({"kind": "person", "name": format!("Rita {i}")}))))
            .await;
    // Each duplicate twice at once: one merge of each wins, the other is told it is merged.
    let calls = dups.iter().flat_map(|d| {
        let id = d.body["id"].as_str().expect("id").to_string();
        [id.clone(), id]
    });
    let results = join_all(calls.map(|merged| {
        let (app, t) = (&app, &t);
        async move {
            app.post(&format!("/api/v1/customers/{keep_id}/merge"))
                .tenant(&t.slug)
                .token(&t.owner_token)
                .json(json!({"mergedId": merged}))
                .send()
                .await
        }
    }))
    .await;
    let ok = results.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(ok, 20, "{:?}", results.iter().map(|r| (r.status, &r.text)).collect::<Vec<_>>());
    for r in results.iter().filter(|r| r.status != StatusCode::OK) {
        assert!(matches!(r.status, StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED), "{} {}", r.status, r.text);
    }
    let all = app.get("/api/v1/customers").tenant(&t.slug).token(token).send().await;
    assert_eq!(all.body["total"], 1);
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    assert_eq!(events.iter().filter(|e| e.event_type == "customer.merged").count(), 20);
}

#[tokio::test]
async fn consent_is_a_history_whose_latest_answer_counts() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    let token = &t.owner_token;
    let c =
        create(&app, &t, token, json!({"kind": "person", "name": "Lia", "emails": [{"address": "lia@ex.com"}]})).await;
    let id = c.body["id"].as_str().expect("id");
    let post =
        |body: Value| app.post(&format!("/api/v1/customers/{id}/consents")).tenant(&t.slug).token(token).json(body);
    // Consent is informed: granting it needs the text shown.
    let r = post(json!({"purpose": "marketing", "channel": "email", "granted": true, "source": "site"})).send().await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "consents.text_required"
    );
    let granted = post(json!({"purpose": "marketing", "channel": "email", "granted": true, "source": "site",
        "textShown": "Quero receber ofertas por e-mail.", "textVersion": "2026-01"}))
    .send()
    .await;
    assert_eq!(granted.status, StatusCode::CREATED, "{}", granted.text);
    assert_eq!(granted.body["legalBasis"], "consent");
    post(json!({"purpose": "service_reminders", "channel": "whatsapp", "granted": true, "source": "balcão",
        "legalBasis": "legitimate_interest"}))
    .send()
    .await;
    let withdrawn =
        post(json!({"purpose": "marketing", "channel": "email", "granted": false, "source": "ligação"})).send().await;
    assert_eq!(withdrawn.status, StatusCode::CREATED);
    let state = app.get(&format!("/api/v1/customers/{id}/consents")).tenant(&t.slug).token(token).send().await;
    let current = state.body["current"].as_array().expect("current");
    let email = current.iter().find(|c| c["purpose"] == "marketing" && c["channel"] == "email").expect("email");
    assert_eq!(email["granted"], false, "the withdrawal is the current answer");
    assert_eq!(state.body["history"].as_array().map(Vec::len), Some(3));
    assert_eq!(state.body["history"][2]["textShown"], "Quero receber ofertas por e-mail.");
    let db = app.tenant_db(&t.slug).await;
    let events = innexar_db::outbox::list(db.conn(), t.id).await.expect("events");
    let changes: Vec<&Value> = events.iter().filter(|e| e.event_type == "consent.changed").map(|e| &e.data).collect();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(
        changes.iter().all(|d| d.get("textShown").is_none() && d.get("email").is_none()),
        "no personal data in events"
    );
}

#[tokio::test]
async fn a_customers_car_is_one_record_whichever_plate_format_brings_it() {
    let app = TestApp::spawn().await;
    let (t, store) = tenant_with_store(&app).await;
    let token = &t.owner_token;
    let ana = create(&app, &t, token, json!({"kind": "person", "name": "Ana"})).await;
    let bruno = create(&app, &t, token, json!({"kind": "person", "name": "Bruno"})).await;
    let (ana_id, bruno_id) = (ana.body["id"].as_str().expect("id"), bruno.body["id"].as_str().expect("id"));
    let add = |id: &str, body: Value| {
        app.post(&format!("/api/v1/customers/{id}/vehicles")).tenant(&t.slug).token(token).json(body)
    };
    let first = add(ana_id, json!({"placa": "ABC1234", "make": "Fiat", "model": "Argo", "year": 2021})).send().await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert!(first.body["number"].as_str().expect("number").starts_with("C-"));
    assert_eq!(first.body["status"], "customer_owned");
    // Ana sold it to Bruno; the desk types the Mercosul plate.
    let second =
        add(bruno_id, json!({"placa": "ABC-1C34", "make": "Fiat", "model": "Argo", "year": 2021})).send().await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert_eq!(second.body["id"], first.body["id"]);
    let ana_cars = app.get(&format!("/api/v1/customers/{ana_id}/vehicles")).tenant(&t.slug).token(token).send().await;
    assert_eq!(ana_cars.body["items"], json!([]));
    // A customer's car is not stock: not in the stock list, nor its summary.
    let stock = app.get("/api/v1/vehicles").tenant(&t.slug).token(token).send().await;
    assert_eq!(stock.body["total"], 0, "{}", stock.text);
    let theirs = app.get("/api/v1/vehicles?status=customer_owned").tenant(&t.slug).token(token).send().await;
    assert_eq!(theirs.body["total"], 1);
    // A car still in stock is the dealer's, not a customer's.
    app.vehicle(&t, &store, json!({"placa": "STK1A23"})).await;
    add(ana_id, json!({"placa": "STK1A23", "make": "VW", "model": "Polo", "year": 2023}))
        .send()
        .await
        .problem(StatusCode::CONFLICT, "vehicles.in_dealer_stock");
    // Neither plate nor VIN: the car could never be known again.
    let r = add(ana_id, json!({"make": "VW", "model": "Polo", "year": 2023})).send().await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed")["errors"][0]["code"],
        "vehicles.identifier_required"
    );
    // Twenty desks registering one new car for twenty customers at once: one record.
    let people =
        join_all((0..20).map(|i| create(&app, &t, token, json!({"kind": "person", "name": format!("Dono {i}")}))))
            .await;
    let results = join_all(people.iter().map(|p| {
        let id = p.body["id"].as_str().expect("id").to_string();
        let (app, t) = (&app, &t);
        async move {
            app.post(&format!("/api/v1/customers/{id}/vehicles"))
                .tenant(&t.slug)
                .token(&t.owner_token)
                .json(json!({"placa": "NEW2B34", "make": "Honda", "model": "Fit", "year": 2015}))
                .send()
                .await
        }
    }))
    .await;
    let ids: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            assert!(matches!(r.status, StatusCode::OK | StatusCode::CREATED), "{}", r.text);
            r.body["id"].as_str().expect("id")
        })
        .collect();
    assert_eq!(ids.len(), 1, "one car, one record");
    assert_eq!(results.iter().filter(|r| r.status == StatusCode::CREATED).count(), 1);
    let theirs = app.get("/api/v1/vehicles?status=customer_owned").tenant(&t.slug).token(token).send().await;
    assert_eq!(theirs.body["total"], 2);
}

#[tokio::test]
async fn salespeople_see_their_customers_managers_their_stores_and_owners_all() {
    let app = TestApp::spawn().await;
    let t = app.tenant(&slug("vis")).await;
    let matriz = app.store(&t, "Matriz").await;
    let filial = app.store(&t, "Filial").await;
    let ana = app.user(&t, "ana@vis.com.br", &["sales"], Some(vec![matriz.clone()])).await;
    let beto = app.user(&t, "beto@vis.com.br", &["sales"], Some(vec![matriz.clone()])).await;
    let gerente = app.user(&t, "gerente@vis.com.br", &["store_manager"], Some(vec![matriz.clone()])).await;
    let body = |name: &str, store: &str| json!({"kind": "person", "name": name, "storeId": store, "tags": ["lead"]});
    let a1 = create(&app, &t, &ana, body("Cliente Ana Um", &matriz)).await;
    create(&app, &t, &ana, body("Cliente Ana Dois", &matriz)).await;
    let b1 = create(&app, &t, &beto, body("Cliente Beto", &matriz)).await;
    create(&app, &t, &t.owner_token, body("Cliente Filial", &filial)).await;
    let list = |token: &str, q: &str| {
        let uri = format!("/api/v1/customers?{q}");
        let token = token.to_string();
        let app = &app;
        let slug = t.slug.clone();
        async move { app.get(&uri).tenant(&slug).token(&token).send().await }
    };
    for (who, token, expected) in
        [("ana", &ana, 2), ("beto", &beto, 1), ("gerente", &gerente, 3), ("dono", &t.owner_token, 4)]
    {
        for q in ["", "q=cliente", "tag=lead", "pageSize=1"] {
            let r = list(token, q).await;
            assert_eq!(r.body["total"], expected, "{who} {q}: {}", r.text);
        }
    }
    let b1_id = b1.body["id"].as_str().expect("id");
    let r = app.get(&format!("/api/v1/customers/{b1_id}")).tenant(&t.slug).token(&ana).send().await;
    r.problem(StatusCode::NOT_FOUND, "customers.not_found");
    let r = app.get(&format!("/api/v1/customers/{b1_id}/consents")).tenant(&t.slug).token(&ana).send().await;
    r.problem(StatusCode::NOT_FOUND, "customers.not_found");
    let a1_id = a1.body["id"].as_str().expect("id");
    let r = app.get(&format!("/api/v1/customers/{a1_id}")).tenant(&t.slug).token(&gerente).send().await;
    assert_eq!(r.status, StatusCode::OK);
    // Every full read is in the audit log, with who read it.
    let audit = app.get(&format!("/api/v1/audit?entityId={a1_id}")).tenant(&t.slug).token(&t.owner_token).send().await;
    let viewed: Vec<&Value> =
        audit.body["items"].as_array().expect("items").iter().filter(|e| e["action"] == "customers.viewed").collect();
    assert_eq!(viewed.len(), 1, "{}", audit.text);
    assert_eq!(viewed[0]["actorEmail"], "gerente@vis.com.br");
    // A salesperson cannot merge.
    app.post(&format!("/api/v1/customers/{a1_id}/merge"))
        .tenant(&t.slug)
        .token(&ana)
        .json(json!({"mergedId": b1_id}))
        .send()
        .await
        .problem(StatusCode::FORBIDDEN, "auth.forbidden");
}

#[tokio::test]
async fn a_search_with_many_matches_counts_a_hundred_past_the_page_and_pages_on_through_all_of_them() {
    let app = TestApp::spawn().await;
    let (t, _) = tenant_with_store(&app).await;
    for chunk in 0..13 {
        let made = join_all((0..10).map(|i| {
            let name = format!("Cliente Paginado {}", chunk * 10 + i);
            let (app, t) = (&app, &t);
            async move { create(app, t, &t.owner_token, json!({"kind": "person", "name": name})).await }
        }))
        .await;
        assert!(made.iter().all(|r| r.status == StatusCode::CREATED));
    }
    create(&app, &t, &t.owner_token, json!({"kind": "person", "name": "Outra Pessoa"})).await;
    let page = |q: &'static str, n: u32| {
        let (app, t) = (&app, &t);
        async move {
            let r = app
                .get(&format!("/api/v1/customers?q={q}&pageSize=25&page={n}"))
                .tenant(&t.slug)
                .token(&t.owner_token)
                .send()
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body
        }
    };
    for q in ["paginado", "PAGINADO", "pa"] {
        let first = page(q, 1).await;
        assert_eq!((first["total"].as_u64(), first["totalExact"].as_bool()), (Some(100), Some(false)), "{q}");
        let mut seen: Vec<String> = Vec::new();
        for n in 1..=6 {
            let body = page(q, n).await;
            let ids: Vec<String> =
                body["items"].as_array().expect("items").iter().map(|c| c["id"].as_str().expect("id").into()).collect();
            // Newest first, within a page and across pages.
            assert!(ids.windows(2).all(|w| w[0] > w[1]), "{q} page {n}");
            assert!(seen.last().is_none_or(|last| ids.first().is_none_or(|f| f < last)), "{q} page {n}");
            if n == 5 {
                // 100 past this page's start is more than is left: the count is exact again.
                assert_eq!((body["total"].as_u64(), body["totalExact"].as_bool()), (Some(130), Some(true)), "{q}");
            }
            seen.extend(ids);
        }
        let before = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!((before, seen.len()), (130, 130), "{q}: every match once, and only they");
    }
    let none = page("paginadox", 1).await;
    assert_eq!((none["total"].as_u64(), none["totalExact"].as_bool()), (Some(0), Some(true)));
}
