//! SMS and WhatsApp through the tenant's own providers, tested against a local HTTP server that
//! stands in for Zenvia and for Meta's Graph API and keeps every request exactly as it came
//! (path, headers, JSON): the settings with sealed tokens, the documented requests, the status
//! callbacks (signed, or refused), SAIR replies, and the e-mail's one-click opt-out.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use hmac::{Hmac, Mac};
use innexar_testkit::{Resp, TestApp};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::notify::{SmtpServer, customer_with_email, messages, send_due};
use crate::reservations::{Desk, car, desk};

/// One request as the provider received it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Value,
}

#[derive(Default)]
struct ProviderState {
    seen: Vec<Seen>,
    /// Answers to give before the default (200 with an id): status and body.
    script: VecDeque<(u16, Value)>,
}

/// Zenvia and Meta's Graph API on one local port.
#[derive(Clone)]
struct Provider {
    url: String,
    state: Arc<Mutex<ProviderState>>,
}

impl Provider {
    async fn start() -> Provider {
        let state: Arc<Mutex<ProviderState>> = Arc::default();
        let shared = state.clone();
        let app = Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let shared = shared.clone();
            async move {
                let mut s = shared.lock().expect("lock");
                let n = s.seen.len() + 1;
                let path = uri.path().to_string();
                s.seen.push(Seen {
                    method,
                    path: path.clone(),
                    headers,
                    body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                });
                let (status, body) = s.script.pop_front().unwrap_or_else(|| {
                    if path.starts_with("/v2/") {
                        (200, json!({"id": format!("zv-{n}"), "direction": "OUT", "channel": "sms"}))
                    } else {
                        (
                            200,
                            json!({"messaging_product": "whatsapp", "contacts": [{"input": "x", "wa_id": "x"}],
                            "messages": [{"id": format!("wamid.{n}")}]}),
                        )
                    }
                });
                (StatusCode::from_u16(status).expect("status"), axum::Json(body))
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Provider { url: format!("http://{addr}"), state }
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("lock").seen.clone()
    }

    fn answer(&self, status: u16, body: Value) {
        self.state.lock().expect("lock").script.push_back((status, body));
    }
}

async fn app_with(p: &Provider) -> TestApp {
    let (zenvia, graph) = (p.url.clone(), p.url.clone());
    TestApp::spawn_with(move |s| {
        s.notify.zenvia_url = zenvia;
        s.notify.whatsapp_url = graph;
        s.notify.whatsapp_api_version = "v21.0".into();
    })
    .await
}

const ZENVIA_TOKEN: &str = "zv-token-abc1234";
const META_TOKEN: &str = "EAAGm0PX4ZCpsBAKtoken9876";
const APP_SECRET: &str = "meta-app-secret-5f1e";

async fn put_channel(app: &TestApp, d: &Desk, channel: &str, body: Value, etag: Option<&str>) -> Resp {
    let call = app
        .call(Method::PUT, &format!("/api/v1/messages/channels/{channel}"))
        .tenant(&d.t.slug)
        .token(&d.t.owner_token);
    let call = match etag {
        Some(e) => call.if_match(e),
        None => call.header("If-None-Match", "*"),
    };
    call.json(body).send().await
}

async fn set_up_sms(app: &TestApp, d: &Desk) -> Resp {
    let r = put_channel(
        app,
        d,
        "sms",
        json!({"provider": "zenvia", "enabled": true, "from": "lojademo", "token": ZENVIA_TOKEN}),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

async fn set_up_whatsapp(app: &TestApp, d: &Desk) -> Resp {
    let r = put_channel(
        app,
        d,
        "whatsapp",
        json!({"provider": "whatsapp_cloud", "enabled": true, "phoneNumberId": "109876543210987",
            "businessAccountId": "204060080100120", "token": META_TOKEN, "appSecret": APP_SECRET,
            "templateNames": {"quote_sent": "proposta_enviada_v2"}}),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r
}

async fn customer_with_phone(app: &TestApp, d: &Desk, name: &str, phone: &str) -> String {
    let r = app
        .post("/api/v1/customers")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"kind": "person", "name": name, "phones": [{"number": phone, "whatsapp": true}]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

async fn grant(app: &TestApp, d: &Desk, customer: &str, channel: &str) {
    let r = app
        .post(&format!("/api/v1/customers/{customer}/consents"))
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"purpose": "marketing", "channel": channel, "granted": true, "source": "ficha de cadastro",
            "textShown": "Aceito receber ofertas.", "textVersion": "2026-01"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
}

async fn marketing_allowed(app: &TestApp, d: &Desk, customer: &str, channel: &str) -> (bool, Vec<Value>) {
    let r = app.get(&format!("/api/v1/customers/{customer}/consents")).tenant(&d.t.slug).token(&d.sales).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let history: Vec<Value> = r.body["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|c| c["channel"] == channel && c["purpose"] == "marketing")
        .cloned()
        .collect();
    let current = r.body["current"]
        .as_array()
        .expect("current")
        .iter()
        .any(|c| c["channel"] == channel && c["purpose"] == "marketing" && c["granted"] == true);
    (current, history)
}

/// Queues a vehicle offer (marketing) to `customer` by `channel`, as a campaign would.
async fn offer(app: &TestApp, d: &Desk, customer: &str, channel: innexar_notify::Channel, to: &str) {
    let db = app.tenant_db(&d.t.slug).await;
    // As a campaign's task would: links made whole with the tenant's address.
    let tx = db.begin().await.expect("tx").with_origin(innexar_http::app_origin(&app.settings, &d.t.slug));
    let params = json!({"customer_name": "Lia Souza", "vehicle": "Onix LT 2024", "price": "R$ 89.900,00",
        "link": "https://loja.exemplo/onix", "store": "Matriz"});
    let notice =
        innexar_notify::Notice::new("vehicle_offer", channel, to, params).for_customer(customer.parse().expect("uuid"));
    innexar_notify::queue(&tx, notice).await.expect("queue");
    tx.commit().await.expect("commit");
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn whatsapp_callback(app: &TestApp, d: &Desk, body: &Value, signature: Option<String>) -> Resp {
    let raw = body.to_string();
    let mut call = app.post("/api/v1/public/messages/whatsapp").tenant(&d.t.slug);
    if let Some(s) = signature {
        call = call.header("X-Hub-Signature-256", &s);
    }
    call.raw("application/json", raw.into_bytes()).send().await
}

fn whatsapp_status(id: &str, status: &str, at: i64) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "204060080100120", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "551140028922",
            "phone_number_id": "109876543210987"},
            "statuses": [{"id": id, "status": status, "timestamp": at.to_string(), "recipient_id": "5511987654321"}]}}]}]})
}

fn whatsapp_text(from: &str, text: &str) -> Value {
    whatsapp_from(from, "Lia", &format!("wamid.{}", text.len()), text)
}

#[tokio::test]
async fn an_owner_sets_up_sms_and_whatsapp_and_their_tokens_are_never_shown_again() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "canais").await;
    let r = set_up_sms(&app, &d).await;
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(r.body["tokenHint"], "1234");
    assert!(!r.text.contains(ZENVIA_TOKEN), "the token is not shown: {}", r.text);
    assert!(r.body["callbackUrl"].as_str().expect("url").ends_with("/api/v1/public/messages/zenvia"), "{}", r.text);
    let callback_token = r.body["callbackToken"].as_str().expect("token").to_string();
    assert!(callback_token.len() >= 32, "made by Innexar, long enough: {callback_token}");

    let w = set_up_whatsapp(&app, &d).await;
    assert!(!w.text.contains(META_TOKEN) && !w.text.contains(APP_SECRET), "{}", w.text);
    let templates = w.body["templates"].as_array().expect("templates");
    let quote = templates.iter().find(|t| t["kind"] == "quote_sent").expect("quote_sent's template");
    assert_eq!(quote["name"], "proposta_enviada_v2");
    assert_eq!(quote["language"], "pt_BR");
    assert_eq!(quote["parameters"], json!(["customer_name", "quote_number", "store", "valid_until", "link"]));
    assert!(templates.iter().any(|t| t["name"] == "innexar_quote_confirmation_code"), "{templates:?}");

    // An edit without the token keeps it; the version moves; a stale ETag is refused.
    let edit = put_channel(
        &app,
        &d,
        "sms",
        json!({"provider": "zenvia", "enabled": false, "from": "lojanova"}),
        Some("\"1\""),
    )
    .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.text);
    assert_eq!((edit.body["tokenHint"].as_str(), edit.body["version"].as_i64()), (Some("1234"), Some(2)));
    assert_eq!(edit.body["callbackToken"], callback_token.as_str(), "the provider's console keeps working");
    let stale =
        put_channel(&app, &d, "sms", json!({"provider": "zenvia", "enabled": true, "from": "x"}), Some("\"1\"")).await;
    stale.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    let again =
        put_channel(&app, &d, "sms", json!({"provider": "zenvia", "enabled": true, "from": "x", "token": "t"}), None)
            .await;
    again.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    let blind = app
        .call(Method::PUT, "/api/v1/messages/channels/sms")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"provider": "zenvia", "enabled": true, "from": "x"}))
        .send()
        .await;
    blind.problem(StatusCode::PRECONDITION_REQUIRED, "http.precondition_required");

    // The token sits sealed in the database, not in the clear.
    let db = app.tenant_db(&d.t.slug).await;
    let rows = innexar_notify::channels::all(db.conn()).await.expect("rows");
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert!(row.token_sealed.starts_with("v1:") && !row.token_sealed.contains("token"), "{}", row.token_sealed);
        assert!(!row.callback_secret_sealed.contains(APP_SECRET));
    }

    // Bad settings are refused at their fields, and nothing is written.
    let bad = put_channel(
        &app,
        &d,
        "whatsapp",
        json!({"provider": "zenvia", "enabled": true, "phoneNumberId": "12ab", "token": "has space",
            "templateNames": {"quote_sent": "Proposta Enviada", "password_reset": "x"}}),
        Some("\"1\""),
    )
    .await;
    bad.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    let mut pointers = bad.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/from",
            "/phoneNumberId",
            "/provider",
            "/templateNames/password_reset",
            "/templateNames/quote_sent",
            "/token"
        ],
        "{}",
        bad.text
    );
    let list = app.get("/api/v1/messages/channels").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(2));
    assert_eq!(list.body[1]["version"], 1, "unchanged: {}", list.text);
    let email = put_channel(&app, &d, "email", json!({"provider": "zenvia", "enabled": true}), None).await;
    email.problem(StatusCode::NOT_FOUND, "messages.channel_not_found");
    let first_whatsapp_needs_secrets = put_channel(
        &app,
        &desk(&app, "canais2").await,
        "whatsapp",
        json!({"provider": "whatsapp_cloud", "enabled": true,
            "phoneNumberId": "1"}),
        None,
    )
    .await;
    let mut p2 = first_whatsapp_needs_secrets.pointers();
    p2.sort();
    assert_eq!(p2, ["/appSecret", "/token"], "{}", first_whatsapp_needs_secrets.text);

    // Owners only.
    let sales = app.get("/api/v1/messages/channels").tenant(&d.t.slug).token(&d.sales).send().await;
    sales.problem(StatusCode::FORBIDDEN, "auth.forbidden");

    // Removed: its messages stay in the mailbox again.
    let gone = app
        .delete("/api/v1/messages/channels/sms")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .if_match("\"2\"")
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    let none = app.get("/api/v1/messages/channels/sms").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    none.problem(StatusCode::NOT_FOUND, "messages.channel_not_found");
    let test = app
        .post("/api/v1/messages/channels/sms/test")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"to": "(11) 98765-4321"}))
        .send()
        .await;
    test.problem(StatusCode::NOT_FOUND, "messages.channel_not_found");
}

#[tokio::test]
async fn sms_and_whatsapp_reach_their_providers_exactly_as_documented() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapsms").await;
    set_up_sms(&app, &d).await;

    // The Owner's test SMS.
    let t = app
        .post("/api/v1/messages/channels/sms/test")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"to": "(11) 98765-4321"}))
        .send()
        .await;
    assert_eq!(t.status, StatusCode::ACCEPTED, "{}", t.text);
    let id = t.body["id"].as_str().expect("id").to_string();
    assert_eq!(send_due(&app, &d.t.slug).await, 1);
    let seen = p.seen();
    assert_eq!(seen.len(), 1);
    let sms = &seen[0];
    assert_eq!((&sms.method, sms.path.as_str()), (&Method::POST, "/v2/channels/sms/messages"));
    assert_eq!(sms.headers["x-api-token"], ZENVIA_TOKEN);
    assert_eq!(sms.headers["content-type"], "application/json");
    let text = t.body["body"].as_str().expect("body");
    assert!(text.contains("teste de envio de SMS"), "{text}");
    assert_eq!(
        sms.body,
        json!({"from": "lojademo", "to": "5511987654321", "contents": [{"type": "text", "text": text}], "externalId": id})
    );
    let m = &messages(&app, &d, "channel=sms").await[0];
    assert_eq!((m["status"].as_str(), m["provider"].as_str()), (Some("sent"), Some("zenvia")), "{m}");
    assert_eq!(m["providerMessageId"], "zv-1");

    // A quote sent to a customer with a phone goes by WhatsApp once the store's number is set
    // up: as the approved template, with its parameters in order.
    set_up_whatsapp(&app, &d).await;
    let vehicle = car(&app, &d, 7_990_000).await;
    let customer = customer_with_phone(&app, &d, "Lia Souza", "(11) 98765-4321").await;
    let q = app
        .post("/api/v1/quotes")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer, "vehicleId": vehicle,
            "payments": [{"method": "down_payment", "amountCents": 7_990_000}], "validUntil": "2026-03-17"}))
        .send()
        .await;
    assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
    let sent = app
        .post(&format!("/api/v1/quotes/{}/send", q.body["id"].as_str().expect("id")))
        .tenant(&d.t.slug)
        .token(&d.sales)
        .if_match(&q.etag())
        .send()
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let number = sent.body["number"].as_str().expect("number").to_string();
    let token = sent.body["link"]["token"].as_str().expect("token").to_string();
    let queued = messages(&app, &d, "kind=quote_sent").await;
    assert_eq!(queued.len(), 1, "by WhatsApp, not SMS as well: {queued:?}");
    assert_eq!(queued[0]["channel"], "whatsapp");
    assert_eq!(send_due(&app, &d.t.slug).await, 1);
    let seen = p.seen();
    let wa = &seen[1];
    assert_eq!(wa.path, "/v21.0/109876543210987/messages");
    assert_eq!(wa.headers["authorization"], format!("Bearer {META_TOKEN}"));
    let link = queued[0]["templateParameters"][4].as_str().expect("link").to_string();
    assert!(link.starts_with("http://zapsms-") && link.ends_with(&format!("/p/{token}")), "{link}");
    assert_eq!(
        wa.body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511987654321",
            "type": "template", "template": {"name": "proposta_enviada_v2", "language": {"code": "pt_BR"},
                "components": [{"type": "body", "parameters": [
                    {"type": "text", "text": "Lia Souza"}, {"type": "text", "text": number},
                    {"type": "text", "text": "Matriz"}, {"type": "text", "text": "17/03/2026"},
                    {"type": "text", "text": link}]}]}})
    );
    let m = &messages(&app, &d, "kind=quote_sent").await[0];
    assert_eq!((m["status"].as_str(), m["providerMessageId"].as_str()), (Some("sent"), Some("wamid.2")), "{m}");
}

#[tokio::test]
async fn a_provider_in_trouble_is_tried_again_and_a_refused_message_fails_at_once() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapfalha").await;
    set_up_whatsapp(&app, &d).await;
    let test = || {
        app.post("/api/v1/messages/channels/whatsapp/test")
            .tenant(&d.t.slug)
            .token(&d.t.owner_token)
            .json(json!({"to": "+55 11 98765-4321"}))
            .send()
    };
    // Meta's own trouble (500), then throttled (130429 as 400): retried with a pause.
    p.answer(500, json!({"error": {"message": "Service temporarily unavailable", "code": 2}}));
    assert_eq!(test().await.status, StatusCode::ACCEPTED);
    send_due(&app, &d.t.slug).await;
    let m = &messages(&app, &d, "channel=whatsapp").await[0];
    assert_eq!((m["status"].as_str(), m["attempts"].as_i64()), (Some("queued"), Some(1)), "{m}");
    assert!(m["lastError"].as_str().expect("error").contains("HTTP 500"), "{m}");
    // Refused for good (an unapproved template, 132001): failed with Meta's words, not retried.
    p.answer(
        400,
        json!({"error": {"message": "(#132001) Template name does not exist in the translation",
        "type": "OAuthException", "code": 132001, "fbtrace_id": "A1"}}),
    );
    assert_eq!(test().await.status, StatusCode::ACCEPTED);
    send_due(&app, &d.t.slug).await;
    let all = messages(&app, &d, "channel=whatsapp").await;
    let refused = all.iter().find(|m| m["status"] == "failed").expect("failed");
    assert_eq!(refused["attempts"], 1);
    assert_eq!(
        refused["lastError"],
        "whatsapp_cloud: HTTP 400: (132001) (#132001) Template name does not exist in the translation"
    );
    // A number that is not one is refused before asking Meta.
    let bad = app
        .post("/api/v1/messages/channels/whatsapp/test")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"to": "12345"}))
        .send()
        .await;
    assert_eq!(bad.pointers(), ["/to"]);
    assert_eq!(bad.body["errors"][0]["code"], "messages.invalid_recipient");
    assert_eq!(p.seen().len(), 2);
}

#[tokio::test]
async fn status_callbacks_move_messages_on_and_forged_ones_change_nothing() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapstatus").await;
    let w = set_up_whatsapp(&app, &d).await;
    let verify = w.body["callbackToken"].as_str().expect("verify token").to_string();
    let sms = set_up_sms(&app, &d).await;
    let zenvia_token = sms.body["callbackToken"].as_str().expect("callback token").to_string();

    // Meta verifies the address with the verify token the settings show.
    let challenge = |token: &str| {
        app.get(&format!(
            "/api/v1/public/messages/whatsapp?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444"
        ))
        .tenant(&d.t.slug)
        .send()
    };
    let ok = challenge(&verify).await;
    assert_eq!((ok.status, ok.text.as_str()), (StatusCode::OK, "1158201444"));
    challenge("wrong").await.problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");

    for to in ["whatsapp", "sms"] {
        let r = app
            .post(&format!("/api/v1/messages/channels/{to}/test"))
            .tenant(&d.t.slug)
            .token(&d.t.owner_token)
            .json(json!({"to": "(11) 98765-4321"}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    }
    send_due(&app, &d.t.slug).await;
    let wa = messages(&app, &d, "channel=whatsapp").await[0].clone();
    let wamid = wa["providerMessageId"].as_str().expect("wamid").to_string();
    let secret = APP_SECRET;

    // Forged: no signature, another secret's, or a body changed after signing.
    let delivered = whatsapp_status(&wamid, "delivered", 1_773_144_030);
    whatsapp_callback(&app, &d, &delivered, None).await.problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");
    whatsapp_callback(&app, &d, &delivered, Some(sign("another", delivered.to_string().as_bytes())))
        .await
        .problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");
    let read = whatsapp_status(&wamid, "read", 1_773_144_090);
    whatsapp_callback(&app, &d, &read, Some(sign(secret, delivered.to_string().as_bytes())))
        .await
        .problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");
    assert_eq!(messages(&app, &d, "channel=whatsapp").await[0]["status"], "sent");

    // Signed: read, then a late "delivered" that does not take it back.
    let r = whatsapp_callback(&app, &d, &read, Some(sign(secret, read.to_string().as_bytes()))).await;
    assert_eq!((r.status, r.body["statuses"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.text);
    let r = whatsapp_callback(&app, &d, &delivered, Some(sign(secret, delivered.to_string().as_bytes()))).await;
    assert_eq!(r.body["statuses"], 0, "{}", r.text);
    let m = &messages(&app, &d, "channel=whatsapp").await[0];
    assert_eq!(m["status"], "read", "{m}");
    assert_eq!(m["readAt"], "2026-03-10T12:01:30Z");
    assert_eq!(m["deliveredAt"], "2026-03-10T12:01:30Z", "read implies delivered");

    // Zenvia's report of a failed SMS, with the token its subscription carries.
    let zid = messages(&app, &d, "channel=sms").await[0]["providerMessageId"].as_str().expect("id").to_string();
    let report = json!({"id": "evt-1", "timestamp": "2026-03-10T12:00:40Z", "type": "MESSAGE_STATUS",
        "subscriptionId": "sub-1", "channel": "sms", "messageId": zid, "contentIndex": 0,
        "messageStatus": {"timestamp": "2026-03-10T12:00:39Z", "code": "NOT_DELIVERED", "description": "Not delivered",
            "causes": [{"channelErrorCode": "7", "reason": "UNREACHABLE_DEVICE"}]}});
    let zenvia = |token: &str| {
        app.post("/api/v1/public/messages/zenvia")
            .tenant(&d.t.slug)
            .header("X-Innexar-Token", token)
            .raw("application/json", report.to_string().into_bytes())
            .send()
    };
    zenvia("forged").await.problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");
    let r = zenvia(&zenvia_token).await;
    assert_eq!((r.status, r.body["statuses"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.text);
    let m = &messages(&app, &d, "channel=sms").await[0];
    assert_eq!(
        (m["status"].as_str(), m["lastError"].as_str()),
        (Some("failed"), Some("zenvia: NOT_DELIVERED UNREACHABLE_DEVICE"))
    );

    // Another tenant's secret does not open this tenant's callbacks.
    let other = desk(&app, "zapoutro").await;
    let forged = whatsapp_callback(&app, &other, &read, Some(sign(secret, read.to_string().as_bytes()))).await;
    forged.problem(StatusCode::UNAUTHORIZED, "messages.callback_refused");
}

#[tokio::test]
async fn sair_by_sms_or_whatsapp_withdraws_consent_and_is_answered() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapsair").await;
    let sms = set_up_sms(&app, &d).await;
    let zenvia_token = sms.body["callbackToken"].as_str().expect("token").to_string();
    set_up_whatsapp(&app, &d).await;
    let lia = customer_with_phone(&app, &d, "Lia Souza", "(11) 98765-4321").await;
    grant(&app, &d, &lia, "sms").await;
    grant(&app, &d, &lia, "whatsapp").await;

    // "Sair" by SMS.
    let inbound = json!({"id": "evt-2", "timestamp": "2026-03-10T12:00:00Z", "type": "MESSAGE", "subscriptionId": "sub-2",
        "channel": "sms", "direction": "IN", "message": {"id": "in-1", "from": "5511987654321", "to": "lojademo",
            "direction": "IN", "channel": "sms", "contents": [{"type": "text", "text": " Sair. "}]}});
    let r = app
        .post("/api/v1/public/messages/zenvia")
        .tenant(&d.t.slug)
        .header("X-Innexar-Token", &zenvia_token)
        .raw("application/json", inbound.to_string().into_bytes())
        .send()
        .await;
    assert_eq!((r.status, r.body["optedOut"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.text);
    let (allowed, history) = marketing_allowed(&app, &d, &lia, "sms").await;
    assert!(!allowed, "{history:?}");
    assert_eq!(history[0]["source"], "resposta SAIR por SMS");
    assert!(marketing_allowed(&app, &d, &lia, "whatsapp").await.0, "WhatsApp is another channel");

    // "PARAR" by WhatsApp, from the number without its ninth digit, as WhatsApp names many.
    let parar = whatsapp_text("551187654321", "PARAR");
    let r = whatsapp_callback(&app, &d, &parar, Some(sign(APP_SECRET, parar.to_string().as_bytes()))).await;
    assert_eq!(r.body["optedOut"], 1, "{}", r.text);
    assert!(!marketing_allowed(&app, &d, &lia, "whatsapp").await.0);
    // Delivered again by Meta: nothing at all. Said again: nothing more recorded (answered).
    let r = whatsapp_callback(&app, &d, &parar, Some(sign(APP_SECRET, parar.to_string().as_bytes()))).await;
    assert_eq!((r.body["messages"].as_i64(), r.body["optedOut"].as_i64()), (Some(1), Some(0)), "{}", r.text);
    let parar_again = whatsapp_from("551187654321", "Lia", "wamid.parar-2", "parar");
    whatsapp_callback(&app, &d, &parar_again, Some(sign(APP_SECRET, parar_again.to_string().as_bytes()))).await;
    assert_eq!(marketing_allowed(&app, &d, &lia, "whatsapp").await.1.len(), 2, "granted, then withdrawn once");
    // Other words are not an opt-out.
    let hi = whatsapp_text("5511987654321", "Quero sair para ver o carro amanhã");
    let r = whatsapp_callback(&app, &d, &hi, Some(sign(APP_SECRET, hi.to_string().as_bytes()))).await;
    assert_eq!((r.body["messages"].as_i64(), r.body["optedOut"].as_i64()), (Some(1), Some(0)));

    // Each is answered on its channel; on WhatsApp as free text, inside the window they opened.
    let offers_before = p.seen().len();
    offer(&app, &d, &lia, innexar_notify::Channel::Sms, "+5511987654321").await;
    send_due(&app, &d.t.slug).await;
    let seen = p.seen();
    let answers: Vec<&Seen> = seen[offers_before..].iter().collect();
    let sms_answer = answers.iter().find(|s| s.path.starts_with("/v2/")).expect("SMS answer");
    assert!(
        sms_answer.body["contents"][0]["text"].as_str().expect("text").contains("não receberá mais ofertas por SMS")
    );
    let wa_answers: Vec<&&Seen> = answers.iter().filter(|s| s.path.starts_with("/v21.0/")).collect();
    assert_eq!(wa_answers.len(), 2, "one per PARAR that found her (the second withdrew nothing new but is answered)");
    assert_eq!(wa_answers[0].body["type"], "text");
    assert!(wa_answers[0].body["text"]["body"].as_str().expect("body").contains("não receberá mais ofertas"));
    // The offer queued after SAIR is not sent.
    let offers = messages(&app, &d, "kind=vehicle_offer").await;
    assert_eq!(offers[0]["status"], "suppressed", "{}", offers[0]);
    assert!(answers.iter().all(|s| !s.body.to_string().contains("Onix")));
}

#[tokio::test]
async fn an_email_offer_carries_its_opt_out_link_and_one_click_withdraws_consent() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.notify.email_url = innexar_kernel::settings::Secret::new(url.as_str())).await;
    let d = desk(&app, "optout").await;
    let lia = customer_with_email(&app, &d, "Lia Souza", "lia@exemplo.com.br").await;
    grant(&app, &d, &lia, "email").await;
    offer(&app, &d, &lia, innexar_notify::Channel::Email, "lia@exemplo.com.br").await;
    send_due(&app, &d.t.slug).await;
    let mail = smtp.received().into_iter().find(|m| m["to"] == "lia@exemplo.com.br").expect("the offer");
    let header = mail["listUnsubscribe"].as_str().expect("List-Unsubscribe").to_string();
    assert_eq!(mail["listUnsubscribePost"], "List-Unsubscribe=One-Click");
    let one_click = header.trim().trim_matches(['<', '>']).to_string();
    let token = one_click.rsplit('/').next().expect("token").to_string();
    assert!(
        one_click.starts_with("http://optout-") && one_click.contains("/api/v1/public/messages/opt-out/"),
        "{header}"
    );
    let text = mail["text"].as_str().expect("text");
    assert!(text.contains("Para não receber mais ofertas por e-mail: http://optout-"), "{text}");
    assert!(text.contains(&format!("/opt-out/{token}")), "{text}");
    // A password reset carries no such link: it is not the customer's to refuse.
    assert!(messages(&app, &d, "kind=password_reset").await.is_empty());

    let path = format!("/api/v1/public/messages/opt-out/{token}");
    let page = app.get(&path).tenant(&d.t.slug).send().await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(
        (page.body["recipient"].as_str(), page.body["purpose"].as_str(), page.body["optedOut"].as_bool()),
        (Some("l***@exemplo.com.br"), Some("marketing"), Some(false))
    );
    // The mail program's one-click POST (RFC 8058), with its form body.
    let click = || {
        app.post(&path)
            .tenant(&d.t.slug)
            .raw("application/x-www-form-urlencoded", b"List-Unsubscribe=One-Click".to_vec())
            .send()
    };
    let r = click().await;
    assert_eq!((r.status, r.body["optedOut"].as_bool()), (StatusCode::OK, Some(true)), "{}", r.text);
    assert_eq!(click().await.status, StatusCode::OK, "twice is fine");
    let (allowed, history) = marketing_allowed(&app, &d, &lia, "email").await;
    assert!(!allowed);
    assert_eq!(history.len(), 2, "granted, withdrawn once: {history:?}");
    assert_eq!(history[0]["source"], "link no e-mail");
    // The next offer is not sent; another tenant cannot use the link; a made-up one is unknown.
    offer(&app, &d, &lia, innexar_notify::Channel::Email, "lia@exemplo.com.br").await;
    send_due(&app, &d.t.slug).await;
    assert_eq!(messages(&app, &d, "kind=vehicle_offer").await[0]["status"], "suppressed");
    let other = desk(&app, "optout2").await;
    app.get(&path).tenant(&other.t.slug).send().await.problem(StatusCode::NOT_FOUND, "messages.opt_out_not_found");
    app.post("/api/v1/public/messages/opt-out/inventado")
        .tenant(&d.t.slug)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "messages.opt_out_not_found");
}

#[tokio::test]
async fn twenty_owners_setting_up_a_channel_at_once_make_one_and_the_rest_are_told() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapcorrida").await;
    let saves = (0..20).map(|i| {
        put_channel(
            &app,
            &d,
            "sms",
            json!({"provider": "zenvia", "enabled": true, "from": format!("loja{i}"), "token": format!("token-{i}")}),
            None,
        )
    });
    let answers = futures_util::future::join_all(saves).await;
    let ok: Vec<&Resp> = answers.iter().filter(|r| r.status == StatusCode::OK).collect();
    assert_eq!(ok.len(), 1, "{:?}", answers.iter().map(|r| r.status).collect::<Vec<_>>());
    for r in answers.iter().filter(|r| r.status != StatusCode::OK) {
        r.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    }
    // Then 20 edits of version 1 at once: one wins.
    let edits = (0..20).map(|i| {
        put_channel(
            &app,
            &d,
            "sms",
            json!({"provider": "zenvia", "enabled": i % 2 == 0, "from": format!("edit{i}")}),
            Some("\"1\""),
        )
    });
    let answers = futures_util::future::join_all(edits).await;
    assert_eq!(answers.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    let now = app.get("/api/v1/messages/channels/sms").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(now.body["version"], 2);
    assert_eq!(now.body["tokenHint"], ok[0].body["tokenHint"], "the first save's token is the one kept");
    let db = app.tenant_db(&d.t.slug).await;
    assert_eq!(innexar_notify::channels::all(db.conn()).await.expect("rows").len(), 1);
}

#[tokio::test]
async fn the_same_opt_out_and_reports_arriving_twenty_at_once_count_once() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let p = Provider::start().await;
    let graph = p.url.clone();
    let app = TestApp::spawn_with(move |s| {
        s.notify.email_url = innexar_kernel::settings::Secret::new(url.as_str());
        s.notify.whatsapp_url = graph;
    })
    .await;
    let d = desk(&app, "optcorrida").await;
    let lia = customer_with_email(&app, &d, "Lia Souza", "lia@exemplo.com.br").await;
    grant(&app, &d, &lia, "email").await;
    offer(&app, &d, &lia, innexar_notify::Channel::Email, "lia@exemplo.com.br").await;
    send_due(&app, &d.t.slug).await;
    let body = messages(&app, &d, "kind=vehicle_offer").await[0]["body"].as_str().expect("body").to_string();
    let token = body.rsplit("/opt-out/").next().expect("link").trim().to_string();
    let path = format!("/api/v1/public/messages/opt-out/{token}");
    let clicks = (0..20).map(|_| app.post(&path).tenant(&d.t.slug).send());
    for r in futures_util::future::join_all(clicks).await {
        assert_eq!((r.status, r.body["optedOut"].as_bool()), (StatusCode::OK, Some(true)), "{}", r.text);
    }
    let (allowed, history) = marketing_allowed(&app, &d, &lia, "email").await;
    assert!(!allowed);
    assert_eq!(history.len(), 2, "granted, then withdrawn once: {history:?}");

    // Twenty reports of one WhatsApp message, delivered and read interleaved: it ends read.
    set_up_whatsapp(&app, &d).await;
    let r = app
        .post("/api/v1/messages/channels/whatsapp/test")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"to": "(11) 98765-4321"}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    send_due(&app, &d.t.slug).await;
    let wamid = messages(&app, &d, "channel=whatsapp").await[0]["providerMessageId"].as_str().expect("id").to_string();
    let reports = (0..20).map(|i| {
        let status = if i % 2 == 0 { "delivered" } else { "read" };
        let b = whatsapp_status(&wamid, status, 1_773_144_000 + i);
        let signature = sign(APP_SECRET, b.to_string().as_bytes());
        let app = &app;
        let d = &d;
        async move { whatsapp_callback(app, d, &b, Some(signature)).await }
    });
    let answers = futures_util::future::join_all(reports).await;
    assert!(answers.iter().all(|r| r.status == StatusCode::OK));
    let moved: i64 = answers.iter().map(|r| r.body["statuses"].as_i64().unwrap_or_default()).sum();
    assert!((1..=2).contains(&moved), "sent → delivered → read at most: {moved}");
    let m = &messages(&app, &d, "channel=whatsapp").await[0];
    assert_eq!(m["status"], "read", "{m}");
}

async fn preview(app: &TestApp, d: &Desk, body: Value) -> Resp {
    app.post("/api/v1/messages/templates/preview").tenant(&d.t.slug).token(&d.t.owner_token).json(body).send().await
}

#[tokio::test]
async fn an_owner_rewrites_a_message_sees_it_first_and_it_goes_in_their_words() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "modelos").await;
    let all = app.get("/api/v1/messages/templates").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let quote =
        all.body.as_array().expect("kinds").iter().find(|k| k["kind"] == "quote_sent").expect("quote_sent").clone();
    let pairs: Vec<String> = quote["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .map(|t| format!("{}/{}", t["channel"].as_str().unwrap_or(""), t["language"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(pairs, ["email/pt-BR", "email/en", "sms/pt-BR", "sms/en", "whatsapp/pt-BR", "whatsapp/en"]);
    assert!(quote["templates"].as_array().expect("t").iter().all(|t| t["custom"] == false && t["version"] == 0));
    let offer_vars = all.body.as_array().expect("kinds").iter().find(|k| k["kind"] == "vehicle_offer").expect("offer")
        ["variables"]
        .clone();
    assert!(offer_vars.as_array().expect("vars").contains(&json!("opt_out_link")), "{offer_vars}");

    // The preview renders with sample values, and says what is wrong where.
    let ok = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "email", "language": "pt-BR", "subject": "Proposta {{ quote_number }}",
            "body": "Oi {{ customer_name }}!\n\nVeja: {{ link }}"}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(
        (ok.body["subject"].as_str(), ok.body["body"].as_str()),
        (Some("Proposta PR-00012"), Some("Oi Carlos Lima!\n\nVeja: https://exemplo.innexar.app/p/3kq9-exemplo"))
    );
    assert!(ok.body["html"].as_str().expect("html").contains("Oi Carlos Lima!"));
    let unknown = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "sms", "language": "pt-BR",
        "body": "{{ customer_name }}, CPF {{ cpf }} e {{ senha }}"}),
    )
    .await;
    unknown.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");
    assert_eq!(unknown.body["errors"][0]["pointer"], "/body");
    assert_eq!(unknown.body["errors"][0]["code"], "messages.unknown_variable");
    assert!(
        unknown.body["errors"][0]["message"].as_str().expect("m").starts_with("cpf, senha is not"),
        "{}",
        unknown.text
    );
    let broken = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "sms", "language": "pt-BR", "body": "Oi {{ customer_name"}),
    )
    .await;
    assert_eq!(broken.body["errors"][0]["code"], "messages.template_invalid", "{}", broken.text);
    let no_subject =
        preview(&app, &d, json!({"kind": "quote_sent", "channel": "email", "language": "en", "body": "Hi"})).await;
    assert_eq!(no_subject.pointers(), ["/subject"]);
    // A loop written into a template is stopped, not run.
    let heavy = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "sms", "language": "pt-BR",
        "body": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"}),
    )
    .await;
    assert_eq!(heavy.body["errors"][0]["code"], "messages.template_invalid", "{}", heavy.text);
    let conditional = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "whatsapp", "language": "pt-BR",
        "body": "{% if store %}{{ store }}{% endif %}"}),
    )
    .await;
    assert_eq!(conditional.body["errors"][0]["code"], "messages.template_invalid", "plain variables on WhatsApp");
    let wa = preview(
        &app,
        &d,
        json!({"kind": "quote_sent", "channel": "whatsapp", "language": "pt-BR",
        "body": "{{ store }}: {{ customer_name }}, proposta {{ quote_number }} ({{ store }}): {{ link }}"}),
    )
    .await;
    assert_eq!(wa.body["whatsappTemplate"], "{{1}}: {{2}}, proposta {{3}} ({{1}}): {{4}}", "{}", wa.text);
    preview(&app, &d, json!({"kind": "password_reset", "channel": "sms", "language": "pt-BR", "body": "x"}))
        .await
        .problem(StatusCode::NOT_FOUND, "messages.template_not_found");

    // Saved: the SMS of a quote goes in the store's words.
    let path = "/api/v1/messages/templates/quote_sent/sms/pt-BR";
    let words =
        json!({"body": "{{ store }} informa: {{ customer_name }}, sua proposta {{ quote_number }} está em {{ link }}"});
    let saved = app
        .call(Method::PUT, path)
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .header("If-None-Match", "*")
        .json(words.clone())
        .send()
        .await;
    assert_eq!((saved.status, saved.body["version"].as_i64()), (StatusCode::OK, Some(1)), "{}", saved.text);
    let again = app
        .call(Method::PUT, path)
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .header("If-None-Match", "*")
        .json(words)
        .send()
        .await;
    again.problem(StatusCode::PRECONDITION_FAILED, "http.precondition_failed");
    let vehicle = car(&app, &d, 6_500_000).await;
    let customer = customer_with_phone(&app, &d, "Rui Alves", "(21) 99876-5432").await;
    let q = app
        .post("/api/v1/quotes")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer, "vehicleId": vehicle,
            "payments": [{"method": "down_payment", "amountCents": 6_500_000}], "validUntil": "2026-03-17"}))
        .send()
        .await;
    let sent = app
        .post(&format!("/api/v1/quotes/{}/send", q.body["id"].as_str().expect("id")))
        .tenant(&d.t.slug)
        .token(&d.sales)
        .if_match(&q.etag())
        .send()
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let m = &messages(&app, &d, "kind=quote_sent").await[0];
    assert_eq!(m["channel"], "sms");
    let body = m["body"].as_str().expect("body");
    assert!(
        body.starts_with(&format!(
            "Matriz informa: Rui Alves, sua proposta {} está em http",
            sent.body["number"].as_str().expect("n")
        )),
        "{body}"
    );

    // Back to the default.
    let gone = app.delete(path).tenant(&d.t.slug).token(&d.t.owner_token).if_match("\"1\"").send().await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    app.delete(path)
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .if_match("\"1\"")
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "messages.template_not_found");
    let sms = app.get("/api/v1/messages/templates").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    let after =
        sms.body.as_array().expect("k").iter().find(|k| k["kind"] == "quote_sent").expect("q")["templates"][2].clone();
    assert_eq!((after["custom"].as_bool(), after["body"].clone()), (Some(false), after["defaultBody"].clone()));
}

fn whatsapp_from(from: &str, name: &str, id: &str, text: &str) -> Value {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "204060080100120", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number": "551140028922",
            "phone_number_id": "109876543210987"},
            "contacts": [{"profile": {"name": name}, "wa_id": from}],
            "messages": [{"from": from, "id": id, "timestamp": "1773144000", "type": "text", "text": {"body": text}}]}}]}]})
}

async fn inbox(app: &TestApp, d: &Desk, token: &str) -> Vec<Value> {
    let r = app.get("/api/v1/conversations").tenant(&d.t.slug).token(token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["items"].as_array().expect("items").clone()
}

#[tokio::test]
async fn a_whatsapp_message_becomes_a_lead_the_store_answers_within_the_window_and_a_template_after() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zapcrm").await;
    let r = put_channel(
        &app,
        &d,
        "whatsapp",
        json!({"provider": "whatsapp_cloud", "enabled": true, "phoneNumberId": "109876543210987", "token": META_TOKEN,
            "appSecret": APP_SECRET, "storeId": d.store}),
        None,
    )
    .await;
    assert_eq!(r.body["storeId"], d.store.as_str(), "{}", r.text);
    let signed = |b: &Value| Some(sign(APP_SECRET, b.to_string().as_bytes()));

    // Someone the store does not know writes: a customer and a lead from WhatsApp, in the store.
    let hello = whatsapp_from("5511912345678", "Bruno Dias", "wamid.in-A", "Oi! O Compass 2023 ainda está à venda?");
    let r = whatsapp_callback(&app, &d, &hello, signed(&hello)).await;
    assert_eq!((r.status, r.body["filed"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.text);
    // Meta delivers it again: nothing more.
    let r = whatsapp_callback(&app, &d, &hello, signed(&hello)).await;
    assert_eq!(r.body["filed"], 0, "{}", r.text);
    let conversations = inbox(&app, &d, &d.manager).await;
    assert_eq!(conversations.len(), 1, "{conversations:?}");
    let c = &conversations[0];
    assert_eq!(
        (c["customerName"].as_str(), c["phone"].as_str(), c["unread"].as_i64(), c["windowOpen"].as_bool()),
        (Some("Bruno Dias"), Some("+5511912345678"), Some(1), Some(true)),
        "{c}"
    );
    assert_eq!(c["windowEndsAt"], "2026-03-11T12:00:00Z");
    assert_eq!(c["lastPreview"], "Oi! O Compass 2023 ainda está à venda?");
    let lead = c["leadId"].as_str().expect("a lead").to_string();
    // Assigned by the store's rule to one of its salespeople: in their inbox, not the other's.
    let me = app.get("/api/v1/me").tenant(&d.t.slug).token(&d.sales).send().await;
    let (mine, theirs) =
        if c["ownerId"] == me.body["user"]["id"] { (&d.sales, &d.other_sales) } else { (&d.other_sales, &d.sales) };
    assert!(c["ownerId"].is_string(), "assigned: {c}");
    assert_eq!(inbox(&app, &d, mine).await.len(), 1);
    assert!(inbox(&app, &d, theirs).await.is_empty());
    let id = c["id"].as_str().expect("id");
    let r = app.post(&format!("/api/v1/conversations/{id}/read")).tenant(&d.t.slug).token(theirs).send().await;
    r.problem(StatusCode::NOT_FOUND, "conversations.not_found");
    let l = app.get(&format!("/api/v1/leads/{lead}")).tenant(&d.t.slug).token(&d.manager).send().await;
    assert_eq!(
        (l.body["source"].as_str(), l.body["storeId"].as_str()),
        (Some("whatsapp"), Some(d.store.as_str())),
        "{}",
        l.text
    );
    let timeline = app.get(&format!("/api/v1/leads/{lead}/timeline")).tenant(&d.t.slug).token(&d.manager).send().await;
    let first = &timeline.body["activities"][0];
    assert_eq!((first["kind"].as_str(), first["direction"].as_str()), (Some("whatsapp"), Some("inbound")), "{first}");
    assert_eq!(first["body"], "Oi! O Compass 2023 ainda está à venda?");
    assert_eq!(timeline.body["activities"].as_array().map(Vec::len), Some(1), "the redelivery filed nothing");

    // The manager answers from the lead, as free text; the inbox is read.
    let answer = |body: Value| {
        app.post(&format!("/api/v1/leads/{lead}/conversation/messages"))
            .tenant(&d.t.slug)
            .token(&d.manager)
            .json(body)
            .send()
    };
    let a = answer(json!({"text": "Olá, Bruno! Está sim. Quer vir vê-lo amanhã?"})).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text);
    assert_eq!(a.body["direction"], "outbound");
    send_due(&app, &d.t.slug).await;
    let sent = p.seen().into_iter().find(|s| s.body["type"] == "text").expect("free text");
    assert_eq!(
        sent.body,
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "5511912345678", "type": "text",
            "text": {"preview_url": true, "body": "Olá, Bruno! Está sim. Quer vir vê-lo amanhã?"}})
    );
    assert_eq!(inbox(&app, &d, &d.manager).await[0]["unread"], 0);
    answer(json!({"text": "  "})).await.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation.failed");

    let lia = customer_with_phone(&app, &d, "Lia Souza", "(11) 98765-4321").await;
    let opened = app
        .post("/api/v1/leads")
        .tenant(&d.t.slug)
        .token(&d.manager)
        .json(json!({"customerId": lia, "source": "walk_in"}))
        .send()
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
    let elsewhere = app.store(&d.t, "Filial").await;
    app.user(&d.t, "vendas@filial.com.br", &["sales"], Some(vec![elsewhere])).await;
    // A day later the window has closed: free text is refused, the follow-up template goes.
    app.clock.advance(chrono::Duration::hours(25));
    let manager = app.login(&d.t.slug, "gerente@zapcrm.com.br", innexar_testkit::PASSWORD).await;
    let late = app
        .post(&format!("/api/v1/leads/{lead}/conversation/messages"))
        .tenant(&d.t.slug)
        .token(&manager)
        .json(json!({"text": "Ainda tem interesse?"}))
        .send()
        .await;
    late.problem(StatusCode::CONFLICT, "conversations.window_closed");
    let follow = app
        .post(&format!("/api/v1/leads/{lead}/conversation/messages"))
        .tenant(&d.t.slug)
        .token(&manager)
        .json(json!({"followUp": true}))
        .send()
        .await;
    assert_eq!(follow.status, StatusCode::CREATED, "{}", follow.text);
    send_due(&app, &d.t.slug).await;
    let template = p.seen().into_iter().find(|s| s.body["type"] == "template").expect("the template");
    assert_eq!(template.body["template"]["name"], "innexar_conversation_follow_up");
    let params: Vec<&str> = template.body["template"]["components"][0]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(params[0], "Bruno Dias");
    assert_eq!(params[2], "Matriz");

    // A known customer writing lands on her open lead, not a new one; closing takes it off the
    // open inbox until she writes again.
    let hers = whatsapp_from("551187654321", "Lia", "wamid.in-B", "Consigo financiar em 48x?");
    assert_eq!(whatsapp_callback(&app, &d, &hers, signed(&hers)).await.body["filed"], 1);
    let list = inbox(&app, &d, &manager).await;
    let lia_conv = list.iter().find(|c| c["customerId"] == lia.as_str()).expect("her conversation");
    assert_eq!(lia_conv["leadId"], opened.body["id"], "{lia_conv}");
    assert_eq!(lia_conv["phone"], "+5511987654321", "her number as the CRM has it");
    let id = lia_conv["id"].as_str().expect("id");
    let closed = app.post(&format!("/api/v1/conversations/{id}/close")).tenant(&d.t.slug).token(&manager).send().await;
    assert_eq!(closed.body["status"], "closed", "{}", closed.text);
    assert!(inbox(&app, &d, &manager).await.iter().all(|c| c["id"] != id));
    let again = whatsapp_from("551187654321", "Lia", "wamid.in-C", "Alô?");
    whatsapp_callback(&app, &d, &again, signed(&again)).await;
    assert!(inbox(&app, &d, &manager).await.iter().any(|c| c["id"] == id && c["unread"] == 1));

    // Another store's salesperson does not see this store's inbox.
    let other = app.login(&d.t.slug, "vendas@filial.com.br", innexar_testkit::PASSWORD).await;
    assert!(inbox(&app, &d, &other).await.is_empty());
    app.post(&format!("/api/v1/conversations/{id}/read"))
        .tenant(&d.t.slug)
        .token(&other)
        .send()
        .await
        .problem(StatusCode::NOT_FOUND, "conversations.not_found");
}

#[tokio::test]
async fn twenty_messages_at_once_from_a_new_number_make_one_customer_one_lead_and_twenty_entries() {
    let p = Provider::start().await;
    let app = app_with(&p).await;
    let d = desk(&app, "zaprajada").await;
    set_up_whatsapp(&app, &d).await;
    let calls = (0..20).map(|i| {
        let b = whatsapp_from("5521998877665", "Carla", &format!("wamid.burst-{i}"), &format!("mensagem {i}"));
        let signature = sign(APP_SECRET, b.to_string().as_bytes());
        let (app, d) = (&app, &d);
        async move { whatsapp_callback(app, d, &b, Some(signature)).await }
    });
    for r in futures_util::future::join_all(calls).await {
        assert_eq!((r.status, r.body["filed"].as_i64()), (StatusCode::OK, Some(1)), "{}", r.text);
    }
    let list = inbox(&app, &d, &d.t.owner_token).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["unread"], 20);
    let found = app.get("/api/v1/customers?q=21998877665").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(found.body["items"].as_array().map(Vec::len), Some(1), "{}", found.text);
    let lead = list[0]["leadId"].as_str().expect("lead");
    let t = app.get(&format!("/api/v1/leads/{lead}/timeline")).tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(t.body["activities"].as_array().map(Vec::len), Some(20));
    let leads = app.get("/api/v1/leads?pageSize=100").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(leads.body["items"].as_array().map(Vec::len), Some(1), "{}", leads.text);
}
