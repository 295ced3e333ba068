//! SMS and WhatsApp over their providers' HTTP APIs: Zenvia (SMS, API v2) and Meta's WhatsApp
//! Business Cloud API. Each builds the exact request its provider documents, sends it with the
//! tenant's token and reads back the provider's id for the message, which its status callbacks
//! name. The addresses are the operator's (`notify.zenvia_url`, `notify.whatsapp_url`).

use std::time::Duration;

use innexar_kernel::settings::NotifySettings;
use serde_json::{Value, json};

use crate::channels::{self, MessageProvider, Provider};
use crate::message::Message;
use crate::sender::Failure;

/// The digits of an E.164 number, as both providers want it (`5511987654321`).
pub fn digits(e164: &str) -> String {
    e164.chars().filter(char::is_ascii_digit).collect()
}

/// A request as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
}

/// Zenvia: `POST /v2/channels/sms/messages` with `X-API-TOKEN`.
pub fn zenvia_request(settings: &NotifySettings, p: &Provider, m: &Message) -> Request {
    Request {
        url: format!("{}/v2/channels/sms/messages", settings.zenvia_url.trim_end_matches('/')),
        headers: vec![("X-API-TOKEN", p.token.clone())],
        body: json!({
            "from": p.account.from.clone().unwrap_or_default(),
            "to": digits(&m.recipient),
            "contents": [{"type": "text", "text": m.body}],
            // Ours, so Zenvia's own records can be traced back to the message.
            "externalId": m.id.to_string(),
        }),
    }
}

/// WhatsApp: `POST /<version>/<phone number id>/messages` with the bearer token; the kind's
/// approved template (business-initiated), or free text within the service window.
pub fn whatsapp_request(settings: &NotifySettings, p: &Provider, m: &Message) -> Request {
    let to = digits(&m.recipient);
    let body = match &m.template_params {
        Some(params) => {
            let mut template = json!({
                "name": channels::template_name(&p.account, &m.kind),
                "language": {"code": channels::meta_language(&m.language)},
            });
            if !params.0.is_empty() {
                let parameters: Vec<Value> = params.0.iter().map(|t| json!({"type": "text", "text": t})).collect();
                template["components"] = json!([{"type": "body", "parameters": parameters}]);
            }
            json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to,
                "type": "template",
                "template": template,
            })
        }
        None => json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": true, "body": m.body},
        }),
    };
    Request {
        url: format!(
            "{}/{}/{}/messages",
            settings.whatsapp_url.trim_end_matches('/'),
            settings.whatsapp_api_version,
            p.account.phone_number_id.clone().unwrap_or_default()
        ),
        headers: vec![("Authorization", format!("Bearer {}", p.token))],
        body,
    }
}

pub fn request(settings: &NotifySettings, p: &Provider, m: &Message) -> Request {
    match p.provider {
        MessageProvider::Zenvia => zenvia_request(settings, p, m),
        MessageProvider::WhatsappCloud => whatsapp_request(settings, p, m),
    }
}

/// The HTTP client messages go out through: no redirects followed, bounded in time.
pub fn client(timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a bundled TLS provider (ring serves the whole build).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("Innexar/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// The most of a provider's answer read.
const MAX_ANSWER: usize = 64 * 1024;

/// Sends `m` by `p`; answers the provider's id for it.
pub async fn send(
    client: &reqwest::Client,
    settings: &NotifySettings,
    p: &Provider,
    m: &Message,
) -> Result<String, Failure> {
    let r = request(settings, p, m);
    let mut req = client
        .post(&r.url)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(r.body.to_string());
    for (k, v) in &r.headers {
        req = req.header(*k, v);
    }
    let provider = p.provider.as_str();
    let mut response = match req.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return Err(Failure::transient(format!("{provider}: timed out"))),
        Err(e) if e.is_connect() => return Err(Failure::transient(format!("{provider}: could not connect"))),
        Err(e) => return Err(Failure::transient(format!("{provider}: {e}"))),
    };
    let status = response.status().as_u16();
    let mut answer = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        answer.extend_from_slice(&chunk[..chunk.len().min(MAX_ANSWER - answer.len())]);
        if answer.len() >= MAX_ANSWER {
            break;
        }
    }
    let parsed: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        let id = match p.provider {
            MessageProvider::Zenvia => parsed["id"].as_str(),
            MessageProvider::WhatsappCloud => parsed["messages"][0]["id"].as_str(),
        };
        // Accepted without an id of theirs, status callbacks cannot be matched; it is sent all
        // the same (sending again would deliver twice), under our own id.
        return Ok(id.filter(|id| !id.is_empty() && id.len() <= 256).map_or_else(|| m.id.to_string(), str::to_string));
    }
    let detail = describe(p.provider, status, &parsed, &answer);
    Err(classify(p.provider, status, &parsed, detail))
}

fn describe(provider: MessageProvider, status: u16, parsed: &Value, raw: &[u8]) -> String {
    let said = match provider {
        MessageProvider::Zenvia => {
            parsed["message"].as_str().map(|m| format!("{} {m}", parsed["code"].as_str().unwrap_or("")))
        }
        MessageProvider::WhatsappCloud => parsed["error"]["message"]
            .as_str()
            .map(|m| format!("({}) {m}", parsed["error"]["code"].as_i64().unwrap_or_default())),
    };
    let said = said.unwrap_or_else(|| String::from_utf8_lossy(&raw[..raw.len().min(300)]).to_string());
    let said: String = said.chars().filter(|c| !c.is_control()).take(300).collect();
    format!("{}: HTTP {status}: {}", provider.as_str(), said.trim())
}

/// Whether trying again could help: the provider's passing troubles (busy, rate-limited, down)
/// and our credentials (an Owner may renew the token meanwhile) are retried; a refused message
/// is not.
fn classify(provider: MessageProvider, status: u16, parsed: &Value, detail: String) -> Failure {
    let passing = match status {
        401 | 403 | 408 | 409 | 425 | 429 => true,
        500..=599 => true,
        _ => match provider {
            // Meta's throttles and its own trouble, answered as 400.
            MessageProvider::WhatsappCloud => {
                matches!(parsed["error"]["code"].as_i64(), Some(1 | 2 | 4 | 80007 | 130429 | 131000 | 131016 | 131056))
            }
            MessageProvider::Zenvia => false,
        },
    };
    if passing { Failure::transient(detail) } else { Failure::permanent(detail) }
}

/// A message the provider must not be asked to send: it would fail for certain.
pub fn refuse(p: &Provider, m: &Message) -> Option<Failure> {
    let to = digits(&m.recipient);
    if !m.recipient.starts_with('+') || !(8..=15).contains(&to.len()) {
        return Some(Failure::permanent(format!("{} is not a phone number in E.164", m.recipient)));
    }
    match p.provider {
        MessageProvider::Zenvia if p.account.from.as_deref().unwrap_or("").is_empty() => {
            Some(Failure::permanent("the SMS channel has no sender id"))
        }
        MessageProvider::WhatsappCloud if p.account.phone_number_id.as_deref().unwrap_or("").is_empty() => {
            Some(Failure::permanent("the WhatsApp channel has no phone number id"))
        }
        _ => None,
    }
}
