//! Messages to people leave through a real SMTP server that the test starts (aiosmtpd, from
//! PyPI): a quote's e-mail arrives with the right headers, the pt-BR text and HTML, and the
//! quote's PDF attached; a marketing message waits on the customer's consent for its channel,
//! while a transactional one goes; without a server, messages stay in the mailbox.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use innexar_app::notify_hooks::AppHooks;
use innexar_notify::sender::Sender;
use innexar_testkit::TestApp;
use serde_json::{Value, json};

use crate::reservations::{Desk, car, desk};

/// aiosmtpd keeping every message it receives in a maildir; stopped when dropped.
pub(crate) struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    pub(crate) fn start() -> SmtpServer {
        let port = TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
        let maildir = std::env::temp_dir().join(format!("innexar-smtp-{}", uuid::Uuid::now_v7()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("aiosmtpd (scripts/test-deps.sh installs it)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer { child, port, maildir }
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received, as Python's own e-mail parser reads it: headers, text, HTML and
    /// attachments (name, type, size, the first bytes).
    pub(crate) fn received(&self) -> Vec<Value> {
        let script = r#"
import json, mailbox, sys
out = []
for m in mailbox.Maildir(sys.argv[1], create=False):
    import email, email.policy
    msg = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    files = [{"filename": p.get_filename(), "type": p.get_content_type(), "size": len(p.get_content()),
              "head": p.get_content()[:5].decode("latin-1")} for p in msg.iter_attachments()]
    out.append({"from": str(msg["From"]), "to": str(msg["To"]), "subject": str(msg["Subject"]),
                "messageId": str(msg["Message-ID"]), "language": str(msg["Content-Language"]),
                "autoSubmitted": str(msg["Auto-Submitted"]),
                "listUnsubscribe": msg["List-Unsubscribe"] and str(msg["List-Unsubscribe"]),
                "listUnsubscribePost": msg["List-Unsubscribe-Post"] and str(msg["List-Unsubscribe-Post"]),
                "text": text.get_content() if text else None, "html": html.get_content() if html else None,
                "files": files})
print(json.dumps(out))
"#;
        if !Path::new(&self.maildir).join("new").exists() {
            return Vec::new();
        }
        let out = Command::new("python3").arg("-c").arg(script).arg(&self.maildir).output().expect("python3");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

pub(crate) async fn send_due(app: &TestApp, slug: &str) -> usize {
    let sender = Sender::new(app.state.clone(), Arc::new(AppHooks));
    sender.send_due(&app.tenant_db(slug).await).await.expect("send")
}

pub(crate) async fn messages(app: &TestApp, d: &Desk, query: &str) -> Vec<Value> {
    let r = app.get(&format!("/api/v1/messages?{query}")).tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["items"].as_array().expect("items").clone()
}

pub(crate) async fn customer_with_email(app: &TestApp, d: &Desk, name: &str, email: &str) -> String {
    let r = app
        .post("/api/v1/customers")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"kind": "person", "name": name, "emails": [{"address": email}]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_sent_quote_reaches_the_customer_by_smtp_in_portuguese_with_its_pdf() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| {
        s.notify.email_url = innexar_kernel::settings::Secret::new(url.as_str());
        s.notify.email_from = "Innexar <nao-responda@innexar.test>".into();
    })
    .await;
    let d = desk(&app, "smtp").await;
    let vehicle = car(&app, &d, 8_500_000).await;
    let customer = customer_with_email(&app, &d, "Camila Rocha", "camila.rocha@exemplo.com.br").await;
    let q = app
        .post("/api/v1/quotes")
        .tenant(&d.t.slug)
        .token(&d.sales)
        .json(json!({"customerId": customer, "vehicleId": vehicle,
            "payments": [{"method": "down_payment", "amountCents": 8_500_000}], "validUntil": "2026-03-17"}))
        .send()
        .await;
    assert_eq!(q.status, StatusCode::CREATED, "{}", q.text);
    let id = q.body["id"].as_str().expect("id").to_string();
    let sent = app
        .post(&format!("/api/v1/quotes/{id}/send"))
        .tenant(&d.t.slug)
        .token(&d.sales)
        .if_match(&q.etag())
        .send()
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let number = sent.body["number"].as_str().expect("number").to_string();
    let token = sent.body["link"]["token"].as_str().expect("token").to_string();

    // Queued with the sending, rendered already; the sender hands it over.
    let queued = messages(&app, &d, "kind=quote_sent").await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0]["status"], "queued");
    assert!(send_due(&app, &d.t.slug).await >= 1);
    let after = messages(&app, &d, "kind=quote_sent").await;
    assert_eq!(after[0]["status"], "sent", "{}", after[0]);
    assert_eq!(after[0]["provider"], "smtp");

    let received = smtp.received();
    let mail = received.iter().find(|m| m["to"] == "camila.rocha@exemplo.com.br").expect("the customer's e-mail");
    assert_eq!(mail["from"], format!("{} <nao-responda@innexar.test>", app_tenant_name(&app, &d).await));
    assert_eq!(mail["subject"], format!("Sua proposta {number} — Matriz"), "the store that sends it");
    assert_eq!(mail["language"], "pt-BR");
    assert_eq!(mail["autoSubmitted"], "auto-generated");
    assert_eq!(mail["messageId"], after[0]["providerMessageId"]);
    let text = mail["text"].as_str().expect("text");
    assert!(text.starts_with("Olá, Camila Rocha."), "{text}");
    assert!(text.contains(&format!("Sua proposta {number} está pronta e segue anexa em PDF")), "{text}");
    assert!(text.contains(&format!("/p/{token}")) && text.contains("17/03/2026"), "{text}");
    // minijinja escapes '/' too (`&#x2f;`), which a browser reads back as '/'.
    let html = mail["html"].as_str().expect("html").replace("&#x2f;", "/");
    assert!(
        html.contains("<a href=\"http://smtp-") && html.contains(&format!("/p/{token}\"")),
        "the link is a link: {html}"
    );
    assert!(html.contains("Olá, Camila Rocha."), "{html}");
    let files = mail["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["filename"], format!("proposta-{number}-v1.pdf"));
    assert_eq!(files[0]["type"], "application/pdf");
    assert_eq!(files[0]["head"], "%PDF-");
    assert!(files[0]["size"].as_u64().expect("size") > 10_000, "{}", files[0]);

    // Sent once: another pass finds nothing due and the server has one e-mail for her.
    assert_eq!(send_due(&app, &d.t.slug).await, 0);
    assert_eq!(smtp.received().iter().filter(|m| m["to"] == "camila.rocha@exemplo.com.br").count(), 1);
}

async fn app_tenant_name(app: &TestApp, d: &Desk) -> String {
    let r = app.get("/api/v1/tenant").tenant(&d.t.slug).send().await;
    r.body["name"].as_str().expect("name").to_string()
}

#[tokio::test]
async fn a_server_that_refuses_for_now_is_tried_again_and_one_that_is_down_leaves_the_message_queued() {
    // Nothing listens on this port: every attempt fails for a passing reason.
    let port = TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let app = TestApp::spawn_with(|s| {
        s.notify.email_url = innexar_kernel::settings::Secret::new(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let d = desk(&app, "smtpdown").await;
    app.post("/api/v1/auth/password-reset").tenant(&d.t.slug).json(json!({"email": d.t.owner_email})).send().await;
    assert_eq!(send_due(&app, &d.t.slug).await, 1);
    let m = &messages(&app, &d, "kind=password_reset").await[0];
    assert_eq!(m["status"], "queued", "{m}");
    assert_eq!(m["attempts"], 1);
    assert!(m["lastError"].as_str().expect("error").starts_with("SMTP"), "{m}");
    assert!(m["nextAttemptAt"].as_str().expect("next") > "2026-03-10T12:00:30", "backed off: {m}");
    // Not due again until then.
    assert_eq!(send_due(&app, &d.t.slug).await, 0);
}

#[tokio::test]
async fn without_a_server_messages_stay_in_the_mailbox() {
    let app = TestApp::spawn().await;
    let d = desk(&app, "caixa").await;
    let r = app
        .post("/api/v1/users")
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .json(json!({"email": "nova@loja.com.br", "name": "Nova Vendedora", "roles": ["sales"]}))
        .send()
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.body["invitation"]["token"].as_str().expect("invitation").to_string();
    send_due(&app, &d.t.slug).await;
    let m = &messages(&app, &d, "kind=user_invitation&channel=email").await[0];
    assert_eq!(m["status"], "kept", "{m}");
    assert_eq!(m["recipient"], "nova@loja.com.br");
    assert!(m["body"].as_str().expect("body").contains(&format!("/accept-invitation?token={token}")), "{m}");
    assert!(m["html"].as_str().expect("html").contains("Nova Vendedora"), "{m}");
    let one = app
        .get(&format!("/api/v1/messages/{}", m["id"].as_str().expect("id")))
        .tenant(&d.t.slug)
        .token(&d.t.owner_token)
        .send()
        .await;
    assert_eq!(one.body["subject"], m["subject"]);
    let bad = app.get("/api/v1/messages?status=lost").tenant(&d.t.slug).token(&d.t.owner_token).send().await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
}

/// Queues a message of `kind` by e-mail to customer `id` (lia@exemplo.com.br), as a trigger would.
async fn queue_for(app: &TestApp, d: &Desk, id: &str, kind: &str, params: Value) {
    let db = app.tenant_db(&d.t.slug).await;
    let tx = db.begin().await.expect("tx");
    let notice = innexar_notify::Notice::new(kind, innexar_notify::Channel::Email, "lia@exemplo.com.br", params)
        .for_customer(id.parse().expect("uuid"));
    innexar_notify::queue(&tx, notice).await.expect("queue");
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn no_marketing_without_consent_for_the_channel_while_transactional_messages_go() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.notify.email_url = innexar_kernel::settings::Secret::new(url.as_str())).await;
    let d = desk(&app, "lgpd").await;
    let lia = customer_with_email(&app, &d, "Lia Souza", "lia@exemplo.com.br").await;
    let consent = |granted: bool| {
        let mut body = json!({"purpose": "marketing", "channel": "email", "granted": granted, "source": "site"});
        if granted {
            body["textShown"] = "Quero receber ofertas por e-mail.".into();
            body["textVersion"] = "2026-01".into();
        }
        app.post(&format!("/api/v1/customers/{lia}/consents")).tenant(&d.t.slug).token(&d.sales).json(body).send()
    };
    let offer = |n: u32| {
        let params = json!({"customer_name": "Lia Souza", "vehicle": format!("Onix {n}"), "price": "R$ 89.900,00",
            "link": "https://loja.exemplo/onix", "store": "Loja lgpd"});
        queue_for(&app, &d, &lia, "vehicle_offer", params)
    };

    // Granted: the offer goes.
    assert_eq!(consent(true).await.status, StatusCode::CREATED);
    offer(1).await;
    send_due(&app, &d.t.slug).await;
    // Withdrawn: the next offer is suppressed, and so is one queued before the withdrawal.
    offer(2).await;
    assert_eq!(consent(false).await.status, StatusCode::CREATED);
    offer(3).await;
    send_due(&app, &d.t.slug).await;
    let offers = messages(&app, &d, "kind=vehicle_offer").await;
    let status = |vehicle: &str| {
        offers.iter().find(|m| m["subject"].as_str().is_some_and(|s| s.starts_with(vehicle))).expect(vehicle)["status"]
            .clone()
    };
    assert_eq!(status("Onix 1"), "sent");
    assert_eq!(status("Onix 2"), "suppressed");
    assert_eq!(status("Onix 3"), "suppressed");
    // A transactional message to her still goes: her quote's confirmation code, say.
    let params = json!({"quote_number": "P-00001", "code": "123456", "minutes": 10});
    queue_for(&app, &d, &lia, "quote_confirmation_code", params).await;
    send_due(&app, &d.t.slug).await;
    assert_eq!(messages(&app, &d, "kind=quote_confirmation_code").await[0]["status"], "sent");
    let received: Vec<String> =
        smtp.received().iter().map(|m| m["subject"].as_str().unwrap_or_default().to_string()).collect();
    assert_eq!(received.iter().filter(|s| s.starts_with("Onix")).count(), 1, "{received:?}");
    assert!(received.iter().any(|s| s.contains("P-00001")), "{received:?}");
}

#[tokio::test]
async fn senders_in_several_workers_send_each_message_once() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = TestApp::spawn_with(|s| s.notify.email_url = innexar_kernel::settings::Secret::new(url.as_str())).await;
    let d = desk(&app, "workers").await;
    // 30 resets asked at once, for 30 users (3 open links each at most, so one user each).
    let mut asks = Vec::new();
    for i in 0..30 {
        let email = format!("vendedor{i}@loja.com.br");
        let r = app
            .post("/api/v1/users")
            .tenant(&d.t.slug)
            .token(&d.t.owner_token)
            .json(json!({"email": email, "name": format!("Vendedor {i}"), "roles": ["sales"], "password": "uma senha longa"}))
            .send()
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        asks.push(app.post("/api/v1/auth/password-reset").tenant(&d.t.slug).json(json!({"email": email})).send());
    }
    for r in futures_util::future::join_all(asks).await {
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    }
    // Four senders at once, as four worker processes would be.
    let passes: Vec<usize> = futures_util::future::join_all((0..4).map(|_| send_due(&app, &d.t.slug))).await;
    assert_eq!(passes.iter().sum::<usize>(), 30, "each message is attempted by one sender: {passes:?}");
    let sent = messages(&app, &d, "kind=password_reset&status=sent&pageSize=100").await;
    assert_eq!(sent.len(), 30);
    let received = smtp.received();
    let mut to: Vec<&str> = received.iter().filter_map(|m| m["to"].as_str()).collect();
    to.sort_unstable();
    to.dedup();
    assert_eq!((received.len(), to.len()), (30, 30), "one e-mail per user");
}
