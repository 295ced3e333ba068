//! The customer's answer to a sent quote. Through a link (no login) the customer reads the
//! quote, asks for a confirmation code (sent to their e-mail or phone through the messages seam)
//! and accepts with it, or declines; at the desk, a salesperson records an answer given in
//! person. An acceptance keeps what was accepted: the version, the SHA-256 of the document the
//! customer read, the time, the IP address and the user agent (ADR 0026).
//!
//! A link is a random token of which only the hash is kept, for one version of one quote: it
//! expires with the quote's validity, a revision supersedes it, and it answers once. Its codes
//! are limited (5 sent, 5 tries, each counted before it is checked).

use chrono::{DateTime, Duration, Utc};
use innexar_db::{Tx, audit};
use innexar_kernel::{AppError, validate};
use innexar_notify::{Channel as MessageChannel, Notice};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{QueryOrder, QueryTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::quotes::{self, Quote, QuoteContent, QuoteId, QuoteStatus};

pub mod link_entity {
    use sea_orm::entity::prelude::*;

    use crate::quotes::QuoteId;

    #[derive(Debug, Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sales_quote_links")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub quote_id: QuoteId,
        pub quote_version: i32,
        pub token_hash: String,
        pub expires_at: chrono::DateTime<chrono::Utc>,
        pub created_by: Option<Uuid>,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub code_hash: Option<String>,
        pub code_expires_at: Option<chrono::DateTime<chrono::Utc>>,
        pub codes_sent: i32,
        pub attempts: i32,
        pub used_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod entity {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    use crate::quotes::QuoteId;

    innexar_kernel::string_enum!(
        /// The customer's answer.
        pub Decision { Accepted = "accepted", Declined = "declined" }
    );

    innexar_kernel::string_enum!(
        /// How the answer reached the dealer.
        pub Channel {
            /// Through the quote's link, confirmed with a code.
            Link = "link",
            /// At the desk, signed on paper; recorded by the salesperson.
            InPerson = "in_person",
        }
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "sales_acceptances")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = Acceptance)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub quote_id: QuoteId,
        pub quote_version: i32,
        pub decision: Decision,
        pub channel: Channel,
        /// SHA-256 (hex) of the document the customer read.
        pub document_sha256: String,
        pub ip: Option<String>,
        pub user_agent: Option<String>,
        /// Where the confirmation code went, masked (`c***@gmail.com`).
        pub confirmed_to: Option<String>,
        /// Why the customer declined.
        pub reason: Option<String>,
        pub recorded_by: Option<Uuid>,
        pub decided_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{Channel, Decision, Model as Acceptance};

/// Codes sent per link, and tries per link.
const MAX_CODES: i32 = 5;
const MAX_ATTEMPTS: i32 = 5;
const CODE_TTL: Duration = Duration::minutes(10);

fn hash(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The document a customer reads and accepts: the quote's number, version, who it is for and
/// what it offers, without the dealer's costs. Its SHA-256 is what an acceptance records.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDocument {
    pub number: String,
    pub version: i32,
    pub store_name: String,
    pub customer_name: String,
    pub content: QuoteContent,
}

impl QuoteDocument {
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(serde_json::to_vec(self).unwrap_or_default()))
    }
}

pub(crate) async fn document(
    db: &impl ConnectionTrait,
    q: &Quote,
    content: QuoteContent,
) -> Result<QuoteDocument, AppError> {
    let store = innexar_org::queries::get_store(db, &innexar_kernel::Actor::system(), q.store_id).await?;
    let customer = innexar_crm::queries::customer_record(db, q.customer_id).await?;
    Ok(QuoteDocument {
        number: q.number.clone(),
        version: q.current_version,
        store_name: store.name,
        customer_name: customer.name,
        content: content.without_costs(),
    })
}

/// A new link to a sent quote's current version: the path the customer opens, shown once.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuoteLink {
    /// The web page (`/p/<token>`); the API reads it at `/api/v1/public/quotes/<token>`.
    pub url: String,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Issues a link for the quote's current version, valid to the end of its validity day (as
/// Brazil's westernmost time zone ends it), and sends it to the customer through the messages
/// seam.
pub(crate) async fn issue_link(tx: &Tx, q: &Quote, origin: &str) -> Result<QuoteLink, AppError> {
    let token =
        base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, innexar_kernel::random::bytes(32));
    let end_of_validity =
        q.valid_until.succ_opt().unwrap_or(q.valid_until).and_hms_opt(5, 0, 0).unwrap_or_default().and_utc();
    let row = link_entity::ActiveModel {
        id: sea_orm::ActiveValue::Set(innexar_kernel::new_id()),
        quote_id: sea_orm::ActiveValue::Set(q.id),
        quote_version: sea_orm::ActiveValue::Set(q.current_version),
        token_hash: sea_orm::ActiveValue::Set(hash(&token)),
        expires_at: sea_orm::ActiveValue::Set(end_of_validity),
        created_by: sea_orm::ActiveValue::Set(tx.actor().id),
        created_at: sea_orm::ActiveValue::Set(tx.now()),
        code_hash: sea_orm::ActiveValue::Set(None),
        code_expires_at: sea_orm::ActiveValue::Set(None),
        codes_sent: sea_orm::ActiveValue::Set(0),
        attempts: sea_orm::ActiveValue::Set(0),
        used_at: sea_orm::ActiveValue::Set(None),
    };
    link_entity::Entity::insert(row).exec_without_returning(tx).await?;
    let url = format!("/p/{token}");
    let customer = innexar_crm::queries::customer_record(tx, q.customer_id).await?;
    // By e-mail with the PDF; by WhatsApp too when the store's number is set up (where Brazilians
    // read first); by SMS when neither reaches them.
    let mut to_send: Vec<(MessageChannel, String)> =
        customer.emails.0.first().map(|e| (MessageChannel::Email, e.address.clone())).into_iter().collect();
    if let Some(p) = customer.phones.0.first() {
        if innexar_notify::channels::enabled(&**tx, MessageChannel::Whatsapp).await? {
            to_send.push((MessageChannel::Whatsapp, p.number.clone()));
        } else if to_send.is_empty() {
            to_send.push((MessageChannel::Sms, p.number.clone()));
        }
    }
    if to_send.is_empty() {
        return Ok(QuoteLink { url, token, expires_at: end_of_validity });
    }
    let store = innexar_org::queries::get_store(&**tx, &innexar_kernel::Actor::system(), q.store_id).await?;
    for (channel, to) in to_send {
        let params = serde_json::json!({
            "customer_name": customer.name,
            "quote_number": q.number,
            "link": format!("{origin}{url}"),
            "valid_until": q.valid_until.format("%d/%m/%Y").to_string(),
            "store": store.name,
            "tenant": store.name,
        });
        let mut notice = Notice::new("quote_sent", channel, &to, params).for_customer(q.customer_id.0);
        if channel == MessageChannel::Email {
            notice = notice.attach(innexar_notify::AttachmentRef {
                source: QUOTE_PDF.into(),
                id: q.id.0,
                version: Some(q.current_version),
                filename: format!("proposta-{}-v{}.pdf", q.number, q.current_version),
                content_type: "application/pdf".into(),
            });
        }
        innexar_notify::queue(tx, notice).await?;
    }
    Ok(QuoteLink { url, token, expires_at: end_of_validity })
}

/// What produces a quote's PDF for a message (`documents::quote_version_file`).
pub const QUOTE_PDF: &str = "sales.quote_pdf";

/// Where a customer's codes and links go: their first e-mail, else their first phone (SMS).
fn destination(c: &innexar_crm::model::Customer) -> Option<(MessageChannel, String)> {
    if let Some(e) = c.emails.0.first() {
        return Some((MessageChannel::Email, e.address.clone()));
    }
    c.phones.0.first().map(|p| (MessageChannel::Sms, p.number.clone()))
}

/// `camila@gmail.com` -> `c***@gmail.com`; `+5511987654321` -> `+55•••••••4321`.
fn mask(to: &str) -> String {
    match to.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => {
            let chars: Vec<char> = to.chars().collect();
            let keep = chars.len().saturating_sub(4);
            chars.iter().enumerate().map(|(i, c)| if i < 3 || i >= keep { *c } else { '•' }).collect()
        }
    }
}

fn link_not_found() -> AppError {
    AppError::not_found("sales.link_not_found", "this link does not exist; ask the dealer for a new one")
}

/// The link of `token`, if it still opens its quote: 404 unknown (or altered), 410 expired or
/// superseded by a revision.
async fn open(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(link_entity::Model, Quote), AppError> {
    let link = link_entity::Entity::find()
        .filter(link_entity::Column::TokenHash.eq(hash(token.trim())))
        .one(db)
        .await?
        .ok_or_else(link_not_found)?;
    let q = quotes::entity::Entity::find_by_id(link.quote_id).one(db).await?.ok_or_else(link_not_found)?;
    if link.expires_at <= now || q.status == QuoteStatus::Expired {
        return Err(AppError::new(
            axum::http::StatusCode::GONE,
            "sales.link_expired",
            "Link expired",
            "this quote's link has expired; ask the dealer for a new one",
        ));
    }
    if link.quote_version != q.current_version {
        return Err(AppError::new(
            axum::http::StatusCode::GONE,
            "sales.link_superseded",
            "Quote revised",
            "the dealer revised this quote; the new version comes with a new link",
        ));
    }
    Ok((link, q))
}

/// The quote of a link and the version it shows.
pub(crate) async fn open_version(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(Quote, crate::quotes::QuoteVersion), AppError> {
    let (link, q) = open(db, token, now).await?;
    let v = quotes::version_of(db, &q, link.quote_version).await?;
    Ok((q, v))
}

/// What the customer reads through a link.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicQuote {
    pub status: QuoteStatus,
    pub document: QuoteDocument,
    pub document_sha256: String,
    pub expires_at: DateTime<Utc>,
    /// Where a confirmation code would go, masked.
    pub code_to: Option<String>,
    /// The customer's answer, once given.
    pub answer: Option<Acceptance>,
}

pub async fn read(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<PublicQuote, AppError> {
    let (link, q) = open(db, token, now).await?;
    let content = quotes::current_content(db, &q).await?;
    let doc = document(db, &q, content).await?;
    let customer = innexar_crm::queries::customer_record(db, q.customer_id).await?;
    let answer = entity::Entity::find()
        .filter(entity::Column::QuoteId.eq(q.id))
        .filter(entity::Column::QuoteVersion.eq(q.current_version))
        .one(db)
        .await?;
    Ok(PublicQuote {
        status: q.status,
        document_sha256: doc.sha256(),
        document: doc,
        expires_at: link.expires_at,
        code_to: destination(&customer).map(|(_, to)| mask(&to)),
        answer,
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CodeSent {
    /// Masked.
    pub sent_to: String,
    pub expires_at: DateTime<Utc>,
}

/// Sends a 6-digit code to the customer (at most 5 per link).
pub async fn send_code(tx: &Tx, token: &str) -> Result<CodeSent, AppError> {
    let now = tx.now();
    let (link, q) = open(tx, token, now).await?;
    if q.status != QuoteStatus::Sent {
        return Err(not_open(&q));
    }
    let customer = innexar_crm::queries::customer_record(tx, q.customer_id).await?;
    let Some((channel, to)) = destination(&customer) else {
        return Err(AppError::conflict(
            "sales.no_contact_for_code",
            "the dealer has no e-mail or phone of yours to send a code to; accept at the store",
        ));
    };
    let digits = innexar_kernel::random::bytes(4);
    let code = format!("{:06}", u32::from_le_bytes([digits[0], digits[1], digits[2], digits[3]]) % 1_000_000);
    let expires_at = now + CODE_TTL;
    let res = link_entity::Entity::update_many()
        .col_expr(link_entity::Column::CodeHash, Expr::value(hash(&format!("{}:{code}", link.id))))
        .col_expr(link_entity::Column::CodeExpiresAt, Expr::value(expires_at))
        .col_expr(link_entity::Column::CodesSent, Expr::col(link_entity::Column::CodesSent).add(1))
        .filter(link_entity::Column::Id.eq(link.id))
        .filter(link_entity::Column::CodesSent.lt(MAX_CODES))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::too_many_requests(
            "sales.too_many_codes",
            3600,
            "too many codes for this link; ask the dealer for a new link",
        ));
    }
    let params = serde_json::json!({"quote_number": q.number, "code": code, "minutes": CODE_TTL.num_minutes()});
    innexar_notify::queue(
        tx,
        Notice::new("quote_confirmation_code", channel, &to, params).for_customer(q.customer_id.0),
    )
    .await?;
    Ok(CodeSent { sent_to: mask(&to), expires_at })
}

fn not_open(q: &Quote) -> AppError {
    AppError::conflict("sales.quote_not_open", format!("this quote is {} and takes no answer", q.status.as_str()))
}

/// Counts one try of a code for the link of `token`, in its own transaction, before the code is
/// compared: a wrong code cannot be retried without limit, however the check ends.
pub async fn count_attempt(tx: &Tx, token: &str) -> Result<(), AppError> {
    let res = link_entity::Entity::update_many()
        .col_expr(link_entity::Column::Attempts, Expr::col(link_entity::Column::Attempts).add(1))
        .filter(link_entity::Column::TokenHash.eq(hash(token.trim())))
        .filter(link_entity::Column::Attempts.lt(MAX_ATTEMPTS))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        let exists = link_entity::Entity::find()
            .filter(link_entity::Column::TokenHash.eq(hash(token.trim())))
            .one(tx)
            .await?
            .is_some();
        return Err(if exists {
            AppError::too_many_requests(
                "sales.too_many_attempts",
                3600,
                "too many tries; ask the dealer for a new link",
            )
        } else {
            link_not_found()
        });
    }
    Ok(())
}

/// The customer's acceptance through a link.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptInput {
    /// The 6-digit code sent to the customer.
    #[schema(min_length = 6, max_length = 6, pattern = "^[0-9]{6}$")]
    pub code: String,
    /// The SHA-256 of the document the customer read (from `GET`), so an acceptance of a
    /// document that changed meanwhile is refused.
    #[schema(min_length = 64, max_length = 64)]
    pub document_sha256: String,
}

/// Who answered, from where.
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn accept_by_link(tx: &Tx, token: &str, input: AcceptInput, origin: Origin) -> Result<Acceptance, AppError> {
    let now = tx.now();
    let (link, q) = open(tx, token, now).await?;
    if link.used_at.is_some() {
        return Err(AppError::conflict("sales.link_used", "this link has already been answered"));
    }
    if q.status != QuoteStatus::Sent {
        return Err(not_open(&q));
    }
    let code_ok = link.code_hash.as_deref() == Some(hash(&format!("{}:{}", link.id, input.code.trim())).as_str())
        && link.code_expires_at.is_some_and(|e| e > now);
    if !code_ok {
        return Err(AppError::field("/code", "sales.invalid_code", "the code is wrong or expired; ask for a new one"));
    }
    let content = quotes::current_content(tx, &q).await?;
    let doc = document(tx, &q, content).await?;
    let sha = doc.sha256();
    if !input.document_sha256.trim().eq_ignore_ascii_case(&sha) {
        return Err(AppError::conflict(
            "sales.document_changed",
            "the quote is not the document you read; open the link again",
        ));
    }
    let customer = innexar_crm::queries::customer_record(tx, q.customer_id).await?;
    let confirmed_to = destination(&customer).map(|(_, to)| mask(&to));
    let a = record(tx, &q, &link, Decision::Accepted, Channel::Link, sha, origin, confirmed_to, None).await?;
    Ok(a)
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeclineInput {
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

pub async fn decline_by_link(
    tx: &Tx,
    token: &str,
    input: DeclineInput,
    origin: Origin,
) -> Result<Acceptance, AppError> {
    let now = tx.now();
    let (link, q) = open(tx, token, now).await?;
    if link.used_at.is_some() {
        return Err(AppError::conflict("sales.link_used", "this link has already been answered"));
    }
    if q.status != QuoteStatus::Sent {
        return Err(not_open(&q));
    }
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", input.reason, 500, false);
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let content = quotes::current_content(tx, &q).await?;
    let sha = document(tx, &q, content).await?.sha256();
    record(tx, &q, &link, Decision::Declined, Channel::Link, sha, origin, None, reason).await
}

/// An answer given at the desk (signed on paper), recorded by the salesperson.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InPersonAnswer {
    pub decision: Decision,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

pub async fn answer_in_person(
    tx: &Tx,
    id: QuoteId,
    expected: innexar_kernel::IfMatch,
    input: InPersonAnswer,
    origin: Origin,
) -> Result<(Quote, Acceptance), AppError> {
    let q = quotes::visible(tx, tx.actor(), id).await?;
    if !expected.allows(q.version) {
        return Err(AppError::precondition_failed("the quote was changed by someone else; reload and try again"));
    }
    if q.status != QuoteStatus::Sent {
        return Err(not_open(&q));
    }
    let mut e = Vec::new();
    let reason = validate::text(&mut e, "/reason", input.reason, 500, false);
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let content = quotes::current_content(tx, &q).await?;
    let sha = document(tx, &q, content).await?.sha256();
    let a = insert(tx, &q, input.decision, Channel::InPerson, sha, origin, None, reason).await?;
    let q = close(tx, &q, &a).await?;
    Ok((q, a))
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &Tx,
    q: &Quote,
    link: &link_entity::Model,
    decision: Decision,
    channel: Channel,
    sha: String,
    origin: Origin,
    confirmed_to: Option<String>,
    reason: Option<String>,
) -> Result<Acceptance, AppError> {
    let res = link_entity::Entity::update_many()
        .col_expr(link_entity::Column::UsedAt, Expr::value(tx.now()))
        .filter(link_entity::Column::Id.eq(link.id))
        .filter(link_entity::Column::UsedAt.is_null())
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict("sales.link_used", "this link has already been answered"));
    }
    let a = insert(tx, q, decision, channel, sha, origin, confirmed_to, reason).await?;
    close(tx, q, &a).await?;
    Ok(a)
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &Tx,
    q: &Quote,
    decision: Decision,
    channel: Channel,
    sha: String,
    origin: Origin,
    confirmed_to: Option<String>,
    reason: Option<String>,
) -> Result<Acceptance, AppError> {
    let cap =
        |s: Option<String>, n: usize| s.map(|s| s.chars().filter(|c| !c.is_control()).take(n).collect::<String>());
    let a = Acceptance {
        id: innexar_kernel::new_id(),
        quote_id: q.id,
        quote_version: q.current_version,
        decision,
        channel,
        document_sha256: sha,
        ip: cap(origin.ip, 64),
        user_agent: cap(origin.user_agent, 400),
        confirmed_to,
        reason,
        recorded_by: tx.actor().id,
        decided_at: tx.now(),
    };
    // One answer per version: the unique index settles two answers at once.
    let row = entity::Entity::insert(entity::ActiveModel::from(a.clone()).reset_all()).into_query();
    if !crate::deal::insert_unique(tx, row).await? {
        return Err(AppError::conflict("sales.quote_not_open", "this quote has already been answered"));
    }
    Ok(a)
}

/// The quote takes the customer's answer.
async fn close(tx: &Tx, q: &Quote, a: &Acceptance) -> Result<Quote, AppError> {
    let mut after = q.clone();
    after.status = match a.decision {
        Decision::Accepted => QuoteStatus::Accepted,
        Decision::Declined => QuoteStatus::Rejected,
    };
    after.decided_at = Some(a.decided_at);
    after.decision_note = a.reason.clone();
    quotes::save(tx, q, &mut after).await.map_err(|e| {
        if e.code == "http.precondition_failed" {
            AppError::conflict("sales.quote_not_open", "the quote changed meanwhile; open it again")
        } else {
            e
        }
    })?;
    quotes::status_reached(tx, &after).await?;
    if a.channel == Channel::Link {
        // The salesperson hears the customer's answer at once, wherever they are in the app.
        let kind = match a.decision {
            Decision::Accepted => "sales.quote_accepted",
            Decision::Declined => "sales.quote_declined",
        };
        let params = serde_json::json!({ "quoteId": q.id, "quoteNumber": q.number, "version": a.quote_version });
        crate::deal::notify(tx, q.salesperson_id, kind, params, &format!("/quotes/{}", q.id)).await?;
    }
    audit::record(
        tx,
        audit::Change {
            action: match a.decision {
                Decision::Accepted => "sales.quote_accepted",
                Decision::Declined => "sales.quote_declined",
            },
            entity_type: "quote",
            entity_id: Some(q.id.uuid()),
            before: Some(&serde_json::to_value(q).unwrap_or_default()),
            after: Some(&serde_json::to_value(a).unwrap_or_default()),
        },
    )
    .await?;
    Ok(after)
}

/// A quote's answers, newest first.
pub async fn of_quote(db: &impl ConnectionTrait, quote: QuoteId) -> Result<Vec<Acceptance>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::QuoteId.eq(quote))
        .order_by_desc(entity::Column::DecidedAt)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_masked_as_a_customer_recognises_them() {
        assert_eq!(mask("camila.rocha@gmail.com"), "c***@gmail.com");
        assert_eq!(mask("+5511987654321"), "+55•••••••4321");
    }

    #[test]
    fn tokens_and_codes_are_kept_as_sha256_in_hex() {
        // FIPS 180-2's example.
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
