//! What providers tell us: delivery reports (sent, delivered, read, failed) for the messages
//! they carry, and people's replies, of which a SAIR or PARAR opts them out. Meta verifies the
//! address first (GET with the verify token) and signs every callback with the app's secret
//! (`X-Hub-Signature-256`); Zenvia's subscription sends the token Innexar made in a header.
//! Nothing is read from a request that is not authenticated, and the secrets are looked up in a
//! short cache so that a flood of forged callbacks does not take the tenant's connections.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Extension;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use innexar_http::{AppState, Query, TenantCtx};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Sha256;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::channels::{self, MessageProvider};
use crate::message::{Channel, Status, entity};
use crate::opt_out;
use crate::sender::{Hooks, InboundMessage};

pub fn routes(hooks: Arc<dyn Hooks>) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_whatsapp, whatsapp_callback))
        .routes(routes!(zenvia_callback))
        .layer(Extension(hooks))
}

/// The secrets that authenticate a tenant's callbacks, briefly cached (an Owner's change shows
/// at once in this process, within [`TTL`] in the others).
#[derive(Clone)]
struct Secrets {
    callback: String,
    verify: Option<String>,
}

const TTL: Duration = Duration::from_secs(30);

type Cache = Mutex<HashMap<(Uuid, Channel), (Instant, Option<Secrets>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Forgets a tenant's cached secrets for `channel` (they were just changed).
pub fn forget(tenant: Uuid, channel: Channel) {
    if let Ok(mut c) = cache().lock() {
        c.remove(&(tenant, channel));
    }
}

async fn secrets(ctx: &TenantCtx, channel: Channel, provider: MessageProvider) -> Result<Option<Secrets>, AppError> {
    let key = (ctx.tenant.id, channel);
    if let Some((at, s)) = cache().lock().ok().and_then(|c| c.get(&key).cloned())
        && at.elapsed() < TTL
    {
        return Ok(s);
    }
    let row = channels::find(ctx.db.read().await?.conn(), channel).await?;
    let s = match row.filter(|r| r.provider == provider) {
        Some(r) => {
            let p = channels::open(&ctx.state.sealer, &r)?;
            Some(Secrets { callback: p.callback_secret, verify: p.verify_token })
        }
        None => None,
    };
    if let Ok(mut c) = cache().lock() {
        if c.len() > 10_000 {
            c.clear();
        }
        c.insert(key, (Instant::now(), s.clone()));
    }
    Ok(s)
}

fn refused() -> AppError {
    AppError::new(
        StatusCode::UNAUTHORIZED,
        "messages.callback_refused",
        "Callback refused",
        "the callback is not signed or authenticated for this tenant's channel",
    )
}

/// Equal, in a time that does not tell how much of it was.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `signature` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`.
pub fn meta_signature_valid(secret: &str, body: &[u8], signature: &str) -> bool {
    let Some(given) = signature.trim().strip_prefix("sha256=").and_then(|h| hex::decode(h).ok()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyParams {
    /// `subscribe`.
    #[serde(rename = "hub.mode")]
    #[param(max_length = 32)]
    pub mode: Option<String>,
    /// The verify token the channel's settings show.
    #[serde(rename = "hub.verify_token")]
    #[param(max_length = 256)]
    pub verify_token: Option<String>,
    /// What to echo back.
    #[serde(rename = "hub.challenge")]
    #[param(max_length = 256)]
    pub challenge: Option<String>,
}

/// Meta's check of the callback address: answers the challenge when the verify token is the
/// tenant's.
#[utoipa::path(get, path = "/public/messages/whatsapp", tag = "messages", params(VerifyParams),
    responses((status = 200, description = "The challenge, as plain text", body = String, content_type = "text/plain"),
        (status = 401, body = Problem)))]
async fn verify_whatsapp(ctx: TenantCtx, Query(p): Query<VerifyParams>) -> Result<Response, AppError> {
    let (Some(mode), Some(token), Some(challenge)) = (p.mode, p.verify_token, p.challenge) else {
        return Err(refused());
    };
    if mode != "subscribe" || challenge.len() > 256 || challenge.chars().any(char::is_control) {
        return Err(refused());
    }
    let s = secrets(&ctx, Channel::Whatsapp, MessageProvider::WhatsappCloud).await?.ok_or_else(refused)?;
    match s.verify {
        Some(v) if same(v.as_bytes(), token.as_bytes()) => {
            Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], challenge).into_response())
        }
        _ => Err(refused()),
    }
}

/// What a callback came to.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallbackResult {
    /// Delivery reports that moved a message on.
    pub statuses: usize,
    /// Replies read (SAIR and PARAR among them).
    pub messages: usize,
    /// People opted out by a reply.
    pub opted_out: usize,
    /// WhatsApp messages filed on their customers' leads.
    pub filed: usize,
}

/// Records that the provider's message `id` arrived; false when it had already (a callback
/// delivered again), in the transaction of its effect.
async fn first_time(
    tx: &innexar_db::Tx,
    provider: MessageProvider,
    channel: Channel,
    id: &str,
    sender: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    use sea_orm::QueryTrait;
    let row = inbound::ActiveModel {
        id: sea_orm::ActiveValue::Set(innexar_kernel::new_id()),
        channel: sea_orm::ActiveValue::Set(channel.as_str().to_string()),
        provider: sea_orm::ActiveValue::Set(provider.as_str().to_string()),
        provider_message_id: sea_orm::ActiveValue::Set(id.chars().take(256).collect()),
        sender: sea_orm::ActiveValue::Set(sender.chars().take(32).collect()),
        received_at: sea_orm::ActiveValue::Set(now),
    };
    let mut insert = inbound::Entity::insert(row).into_query();
    insert.on_conflict(sea_orm::sea_query::OnConflict::new().do_nothing().to_owned());
    Ok(tx.execute(&insert).await?.rows_affected() == 1)
}

mod inbound {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_inbound_messages")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub channel: String,
        pub provider: String,
        pub provider_message_id: String,
        pub sender: String,
        pub received_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A report of where a message stands, in our words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub provider_id: String,
    pub status: Status,
    pub at: DateTime<Utc>,
    pub error: Option<String>,
}

/// A reply: who wrote and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The provider's digits for the sender.
    pub from: String,
    pub text: String,
    /// The provider's id for the message: a callback delivered twice is handled once.
    pub id: Option<String>,
    /// The name on the sender's WhatsApp profile.
    pub name: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// The numbers a provider's digits may stand for, in E.164. WhatsApp names many Brazilian
/// mobiles by their number before the ninth digit (`551187654321` for `+5511987654321`).
pub fn phones(digits: &str) -> Vec<String> {
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    if !(8..=15).contains(&digits.len()) {
        return Vec::new();
    }
    let mut out = vec![format!("+{digits}")];
    if digits.len() == 12 && digits.starts_with("55") && matches!(digits.as_bytes()[4], b'6'..=b'9') {
        out.push(format!("+{}9{}", &digits[..4], &digits[4..]));
    }
    out
}

fn unix(v: &Value) -> Option<DateTime<Utc>> {
    let secs = v.as_str().and_then(|s| s.parse::<i64>().ok()).or_else(|| v.as_i64())?;
    DateTime::from_timestamp(secs, 0)
}

/// Meta's callback body: every status and text message in it.
pub fn read_whatsapp(body: &Value, now: DateTime<Utc>) -> (Vec<Report>, Vec<Reply>) {
    let (mut reports, mut replies) = (Vec::new(), Vec::new());
    let empty = Vec::new();
    for entry in body["entry"].as_array().unwrap_or(&empty) {
        for change in entry["changes"].as_array().unwrap_or(&empty) {
            let value = &change["value"];
            for s in value["statuses"].as_array().unwrap_or(&empty) {
                let status = match s["status"].as_str() {
                    Some("sent") => Status::Sent,
                    Some("delivered") => Status::Delivered,
                    Some("read") => Status::Read,
                    Some("failed") => Status::Failed,
                    _ => continue,
                };
                let Some(id) = s["id"].as_str() else { continue };
                let error = s["errors"][0].as_object().map(|e| {
                    let code = e.get("code").and_then(Value::as_i64).unwrap_or_default();
                    let title = e.get("title").and_then(Value::as_str).unwrap_or("");
                    format!("whatsapp_cloud: ({code}) {title}")
                });
                reports.push(Report {
                    provider_id: id.to_string(),
                    status,
                    at: unix(&s["timestamp"]).unwrap_or(now),
                    error,
                });
            }
            for m in value["messages"].as_array().unwrap_or(&empty) {
                let text = match m["type"].as_str() {
                    Some("text") => m["text"]["body"].as_str(),
                    Some("button") => m["button"]["text"].as_str(),
                    Some("interactive") => m["interactive"]["button_reply"]["title"]
                        .as_str()
                        .or(m["interactive"]["list_reply"]["title"].as_str()),
                    _ => None,
                };
                let Some(from) = m["from"].as_str() else { continue };
                let name = value["contacts"]
                    .as_array()
                    .and_then(|cs| cs.iter().find(|c| c["wa_id"].as_str() == Some(from)))
                    .and_then(|c| c["profile"]["name"].as_str())
                    .map(str::to_string);
                // Pictures, audio and documents are not read yet: their arrival is filed.
                let text = text
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("[{}]", m["type"].as_str().unwrap_or("mensagem")));
                replies.push(Reply {
                    from: from.to_string(),
                    text,
                    id: m["id"].as_str().map(str::to_string),
                    name,
                    at: unix(&m["timestamp"]),
                });
            }
        }
    }
    (reports, replies)
}

/// Zenvia's event: a message status, or a message that came in.
pub fn read_zenvia(body: &Value, now: DateTime<Utc>) -> (Vec<Report>, Vec<Reply>) {
    let at = |v: &Value| v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc));
    match body["type"].as_str() {
        Some("MESSAGE_STATUS") => {
            let s = &body["messageStatus"];
            let status = match s["code"].as_str() {
                Some("SENT") => Status::Sent,
                Some("DELIVERED") => Status::Delivered,
                Some("READ") => Status::Read,
                Some("NOT_DELIVERED" | "REJECTED") => Status::Failed,
                _ => return (Vec::new(), Vec::new()),
            };
            let Some(id) = body["messageId"].as_str() else { return (Vec::new(), Vec::new()) };
            let error = (status == Status::Failed).then(|| {
                let why = s["causes"][0]["reason"].as_str().or(s["description"].as_str()).unwrap_or("");
                format!("zenvia: {} {why}", s["code"].as_str().unwrap_or(""))
            });
            let report = Report { provider_id: id.to_string(), status, at: at(&s["timestamp"]).unwrap_or(now), error };
            (vec![report], Vec::new())
        }
        Some("MESSAGE") if body["direction"].as_str() == Some("IN") || body["message"]["direction"] == "IN" => {
            let m = &body["message"];
            let text = m["contents"]
                .as_array()
                .and_then(|c| c.iter().find(|c| c["type"] == "text"))
                .and_then(|c| c["text"].as_str());
            match (m["from"].as_str(), text) {
                (Some(from), Some(text)) => (
                    Vec::new(),
                    vec![Reply {
                        from: from.to_string(),
                        text: text.to_string(),
                        id: m["id"].as_str().map(str::to_string),
                        name: None,
                        at: at(&body["timestamp"]),
                    }],
                ),
                _ => (Vec::new(), Vec::new()),
            }
        }
        _ => (Vec::new(), Vec::new()),
    }
}

fn rank(s: Status) -> Option<u8> {
    match s {
        Status::Sent => Some(0),
        Status::Delivered => Some(1),
        Status::Read => Some(2),
        _ => None,
    }
}

/// Moves the message `r` names on: reports may come late and out of order, so a message never
/// goes back (read stays read when "delivered" arrives after it), and a failure counts only
/// before the person has it.
pub async fn apply(
    db: &impl ConnectionTrait,
    provider: MessageProvider,
    r: &Report,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    for _ in 0..3 {
        let Some(m) = entity::Entity::find()
            .filter(entity::Column::Provider.eq(provider.as_str()))
            .filter(entity::Column::ProviderMessageId.eq(r.provider_id.as_str()))
            .one(db)
            .await?
        else {
            return Ok(false);
        };
        let Some(current) = rank(m.status) else { return Ok(false) };
        let moves = match r.status {
            Status::Failed => current < 2,
            s => rank(s).is_some_and(|new| new > current),
        };
        if !moves {
            return Ok(false);
        }
        let mut update = entity::Entity::update_many()
            .col_expr(entity::Column::Status, Expr::value(r.status))
            .col_expr(entity::Column::UpdatedAt, Expr::value(now));
        match r.status {
            Status::Delivered => update = update.col_expr(entity::Column::DeliveredAt, Expr::value(r.at)),
            Status::Read => {
                update = update.col_expr(entity::Column::ReadAt, Expr::value(r.at));
                if m.delivered_at.is_none() {
                    update = update.col_expr(entity::Column::DeliveredAt, Expr::value(r.at));
                }
            }
            _ => update = update.col_expr(entity::Column::LastError, Expr::value(r.error.clone())),
        }
        // Compare-and-set on the state read: two reports at once move it once each, in order.
        let done =
            update.filter(entity::Column::Id.eq(m.id)).filter(entity::Column::Status.eq(m.status)).exec(db).await?;
        if done.rows_affected == 1 {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn handle(
    ctx: &TenantCtx,
    hooks: &dyn Hooks,
    provider: MessageProvider,
    (reports, replies): (Vec<Report>, Vec<Reply>),
) -> Result<CallbackResult, AppError> {
    let mut result = CallbackResult::default();
    if !reports.is_empty() {
        let db = ctx.db.read().await?;
        for r in &reports {
            if apply(db.conn(), provider, r, ctx.now).await? {
                result.statuses += 1;
            }
        }
    }
    let channel = provider.channel();
    for reply in replies {
        result.messages += 1;
        let phones = phones(&reply.from);
        if phones.is_empty() {
            continue;
        }
        let tx = ctx.db.begin().await?;
        if let Some(id) = &reply.id
            && !first_time(&tx, provider, channel, id, &reply.from, ctx.now).await?
        {
            continue;
        }
        if opt_out::is_keyword(&reply.text) {
            let mut any = false;
            for phone in &phones {
                if opt_out::keyword_reply(&tx, hooks, &ctx.tenant.name, channel, phone).await? {
                    any = true;
                    break;
                }
            }
            result.opted_out += usize::from(any);
        } else if channel == Channel::Whatsapp {
            let store_id = channels::find(&*tx, channel).await?.and_then(|r| r.settings.store_id);
            let m = InboundMessage {
                channel,
                phones,
                text: reply.text.clone(),
                profile_name: reply.name.clone(),
                at: reply.at.unwrap_or(ctx.now),
                store_id,
            };
            hooks.inbound(&tx, &m).await?;
            result.filed += 1;
        }
        tx.commit().await?;
    }
    Ok(result)
}

/// Meta's callbacks for the tenant's WhatsApp number: delivery reports and replies, signed
/// with the app's secret (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`).
#[utoipa::path(post, path = "/public/messages/whatsapp", tag = "messages",
    request_body(content = Object, description = "Meta's `whatsapp_business_account` notification"),
    params(("X-Hub-Signature-256" = String, Header, description = "sha256=<hex HMAC-SHA256 of the body>")),
    responses((status = 200, body = CallbackResult), (status = 400, body = Problem), (status = 401, body = Problem)))]
async fn whatsapp_callback(
    ctx: TenantCtx,
    Extension(hooks): Extension<Arc<dyn Hooks>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<CallbackResult>, AppError> {
    let signature = headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok()).ok_or_else(refused)?;
    let s = secrets(&ctx, Channel::Whatsapp, MessageProvider::WhatsappCloud).await?.ok_or_else(refused)?;
    if !meta_signature_valid(&s.callback, &body, signature) {
        return Err(refused());
    }
    let parsed = parse(&body)?;
    let read = read_whatsapp(&parsed, ctx.now);
    Ok(axum::Json(handle(&ctx, hooks.as_ref(), MessageProvider::WhatsappCloud, read).await?))
}

/// Zenvia's webhook subscription for the tenant's SMS (`MESSAGE_STATUS` and `MESSAGE` events),
/// carrying the channel's callback token in `X-Innexar-Token`.
#[utoipa::path(post, path = "/public/messages/zenvia", tag = "messages",
    request_body(content = Object, description = "Zenvia's event"),
    params(("X-Innexar-Token" = String, Header, description = "The channel's callback token")),
    responses((status = 200, body = CallbackResult), (status = 400, body = Problem), (status = 401, body = Problem)))]
async fn zenvia_callback(
    ctx: TenantCtx,
    Extension(hooks): Extension<Arc<dyn Hooks>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<CallbackResult>, AppError> {
    let token = headers.get("x-innexar-token").and_then(|v| v.to_str().ok()).ok_or_else(refused)?;
    let s = secrets(&ctx, Channel::Sms, MessageProvider::Zenvia).await?.ok_or_else(refused)?;
    if !same(s.callback.as_bytes(), token.as_bytes()) {
        return Err(refused());
    }
    let parsed = parse(&body)?;
    let read = read_zenvia(&parsed, ctx.now);
    Ok(axum::Json(handle(&ctx, hooks.as_ref(), MessageProvider::Zenvia, read).await?))
}

fn parse(body: &[u8]) -> Result<Value, AppError> {
    serde_json::from_slice(body).map_err(|_| AppError::bad_request("http.malformed_json", "the body is not JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_signatures_are_checked_on_the_raw_body() {
        let body = br#"{"object":"whatsapp_business_account"}"#;
        let mut mac = Hmac::<Sha256>::new_from_slice(b"app-secret").unwrap();
        mac.update(body);
        let good = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(meta_signature_valid("app-secret", body, &good));
        assert!(!meta_signature_valid("other", body, &good));
        assert!(!meta_signature_valid("app-secret", b"{}", &good));
        assert!(!meta_signature_valid("app-secret", body, good.trim_start_matches("sha256=")));
    }

    #[test]
    fn brazilian_mobiles_are_found_with_and_without_the_ninth_digit() {
        assert_eq!(phones("5511987654321"), ["+5511987654321"]);
        assert_eq!(phones("551187654321"), ["+551187654321", "+5511987654321"]);
        assert_eq!(phones("551134567890"), ["+551134567890"], "a landline has no ninth digit");
        assert!(phones("12").is_empty());
    }

    #[test]
    fn zenvia_events_are_read() {
        let now = DateTime::from_timestamp(1_773_144_000, 0).unwrap();
        let (r, _) = read_zenvia(
            &serde_json::json!({"type": "MESSAGE_STATUS", "channel": "sms", "messageId": "z-1",
                "messageStatus": {"timestamp": "2026-03-10T12:00:05Z", "code": "NOT_DELIVERED",
                    "description": "Not delivered", "causes": [{"reason": "INVALID_NUMBER"}]}}),
            now,
        );
        assert_eq!(r[0].status, Status::Failed);
        assert_eq!(r[0].error.as_deref(), Some("zenvia: NOT_DELIVERED INVALID_NUMBER"));
        let (_, m) = read_zenvia(
            &serde_json::json!({"type": "MESSAGE", "direction": "IN", "channel": "sms",
                "message": {"from": "5511987654321", "to": "innexar", "direction": "IN",
                    "contents": [{"type": "text", "text": "SAIR"}]}}),
            now,
        );
        assert_eq!((m[0].from.as_str(), m[0].text.as_str()), ("5511987654321", "SAIR"));
    }
}
