//! The way out of what is not transactional (LGPD art. 18, IX; RFC 8058): every such e-mail
//! carries a link of its own (in its text and its `List-Unsubscribe` header, which mail programs
//! POST to with one click), and a SAIR or PARAR reply by SMS or WhatsApp withdraws the person's
//! consent on that channel. What it withdraws is the CRM's consent record, through [`Hooks`].

use std::sync::Arc;

use axum::Extension;
use innexar_http::{AppState, Path, TenantCtx};
use innexar_kernel::AppError;
use innexar_kernel::error::Problem;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::message::{Channel, Message, Purpose, entity};
use crate::sender::{Hooks, OptOut, Person};

/// A link's token: 24 random bytes, URL-safe.
pub fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(innexar_kernel::random::bytes(24))
}

/// The web app's page where the person confirms.
pub fn page_path(token: &str) -> String {
    format!("/opt-out/{token}")
}

/// Where a mail program's one-click POST goes.
pub fn one_click_path(token: &str) -> String {
    format!("/api/v1/public/messages/opt-out/{token}")
}

/// Replies that mean "no more": what Brazilian senders document, and STOP, which people type
/// from habit.
pub const KEYWORDS: &[&str] = &["SAIR", "PARAR", "STOP", "CANCELAR", "DESCADASTRAR"];

/// Whether a reply is an opt-out: the keyword alone, in any case, punctuation around it ignored.
pub fn is_keyword(text: &str) -> bool {
    let word: String =
        text.trim().trim_matches(|c: char| !c.is_alphanumeric()).chars().flat_map(char::to_uppercase).collect();
    KEYWORDS.contains(&word.as_str())
}

/// Every purpose a channel's opt-out withdraws: all but the transactional.
pub fn all_but_transactional() -> Vec<Purpose> {
    Purpose::ALL.iter().copied().filter(|p| *p != Purpose::Transactional).collect()
}

pub fn routes(hooks: Arc<dyn Hooks>) -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read_opt_out, opt_out)).layer(Extension(hooks))
}

/// What an opt-out link is for, as its page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OptOutView {
    /// Who wrote: the tenant's name.
    pub sender: String,
    pub channel: Channel,
    pub purpose: Purpose,
    /// The address, partly hidden (`a***@exemplo.com.br`).
    pub recipient: String,
    /// Whether the person no longer receives these.
    pub opted_out: bool,
}

/// An address with most of its mailbox hidden.
pub fn mask(recipient: &str) -> String {
    match recipient.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => {
            let n = recipient.chars().count();
            let tail: String = recipient.chars().skip(n.saturating_sub(4)).collect();
            format!("***{tail}")
        }
    }
}

async fn by_token(db: &impl sea_orm::ConnectionTrait, token: &str) -> Result<Message, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let not_found = || AppError::not_found("messages.opt_out_not_found", "no message has this link");
    if token.is_empty() || token.len() > 64 {
        return Err(not_found());
    }
    let m =
        entity::Entity::find().filter(entity::Column::OptOutToken.eq(token)).one(db).await?.ok_or_else(not_found)?;
    if m.customer_id.is_none() {
        return Err(not_found());
    }
    Ok(m)
}

async fn view(ctx: &TenantCtx, hooks: &dyn Hooks, m: &Message) -> Result<OptOutView, AppError> {
    let db = ctx.db.read().await?;
    let customer = m.customer_id.unwrap_or_default();
    let may = hooks.may_contact(&db, customer, m.purpose, m.channel).await?;
    Ok(OptOutView {
        sender: ctx.tenant.name.clone(),
        channel: m.channel,
        purpose: m.purpose,
        recipient: mask(&m.recipient),
        opted_out: !may,
    })
}

/// What the link in a message is for, and whether the person already opted out (no login).
#[utoipa::path(get, path = "/public/messages/opt-out/{token}", tag = "messages",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = OptOutView), (status = 404, body = Problem)))]
async fn read_opt_out(
    ctx: TenantCtx,
    Extension(hooks): Extension<Arc<dyn Hooks>>,
    Path(token): Path<String>,
) -> Result<axum::Json<OptOutView>, AppError> {
    let m = by_token(ctx.db.read().await?.conn(), &token).await?;
    Ok(axum::Json(view(&ctx, hooks.as_ref(), &m).await?))
}

/// Stop these messages: withdraws the person's consent for the message's purpose on its
/// channel. Also the target of mail programs' one-click unsubscribe (RFC 8058), which POSTs
/// `List-Unsubscribe=One-Click`; any body is ignored. Saying it twice changes nothing.
#[utoipa::path(post, path = "/public/messages/opt-out/{token}", tag = "messages",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = OptOutView), (status = 404, body = Problem)))]
async fn opt_out(
    ctx: TenantCtx,
    Extension(hooks): Extension<Arc<dyn Hooks>>,
    Path(token): Path<String>,
) -> Result<axum::Json<OptOutView>, AppError> {
    let tx = ctx.db.begin().await?;
    let m = by_token(&*tx, &token).await?;
    let customer = m.customer_id.unwrap_or_default();
    let o = OptOut {
        who: Person::Customer(customer),
        channel: m.channel,
        purposes: vec![m.purpose],
        source: match m.channel {
            Channel::Email => "link no e-mail".into(),
            other => format!("link na mensagem ({})", other.as_str()),
        },
    };
    hooks.opt_out(&tx, &o).await?;
    tx.commit().await?;
    let mut v = view(&ctx, hooks.as_ref(), &m).await?;
    v.opted_out = true;
    Ok(axum::Json(v))
}

/// A SAIR reply from `phone` on `channel`: withdraws every purpose but the transactional for
/// whoever has the number, and answers them (within the service window they just opened) that
/// it is done. Answers whether anyone was opted out. (Messages already queued for them are
/// stopped by the sender, which asks for consent when it sends.)
pub async fn keyword_reply(
    tx: &innexar_db::Tx,
    hooks: &dyn Hooks,
    tenant: &str,
    channel: Channel,
    phone: &str,
) -> Result<bool, AppError> {
    let o = OptOut {
        who: Person::Phone(phone.to_string()),
        channel,
        purposes: all_but_transactional(),
        source: format!("resposta SAIR por {}", if channel == Channel::Sms { "SMS" } else { "WhatsApp" }),
    };
    let customers = hooks.opt_out(tx, &o).await?;
    let Some(first) = customers.first() else {
        return Ok(false);
    };
    crate::notice::queue(
        tx,
        crate::Notice::new("opt_out_confirmed", channel, phone, serde_json::json!({ "tenant": tenant }))
            .for_customer(*first)
            .as_reply(),
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_read_as_people_type_them() {
        for yes in ["SAIR", "sair", " Sair. ", "PARAR!", "parar", "Stop", "descadastrar"] {
            assert!(is_keyword(yes), "{yes}");
        }
        for no in ["quero sair do financiamento", "SAIRA", "", "ok", "não"] {
            assert!(!is_keyword(no), "{no}");
        }
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask("ana.souza@exemplo.com.br"), "a***@exemplo.com.br");
        assert_eq!(mask("+5511987654321"), "***4321");
    }
}
