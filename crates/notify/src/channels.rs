//! The tenant's own SMS and WhatsApp providers (`core_message_channels`): an Owner gives the
//! account (Zenvia's sender id; the WhatsApp Business number's id) and its API token, which is
//! kept sealed and never shown again; Innexar makes the token the provider's callbacks must
//! carry. Until a channel is set up and enabled, its messages stay in the mailbox.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::sealed::Sealer;
use innexar_kernel::{AppError, FieldError, IfMatch, new_id};
use sea_orm::ActiveValue::Set;
use sea_orm::QueryTrait;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::message::Channel;
use crate::templates;

innexar_kernel::string_enum!(
    /// Who carries a channel's messages.
    pub MessageProvider {
        /// Zenvia's SMS API (v2).
        Zenvia = "zenvia",
        /// Meta's WhatsApp Business Cloud API.
        WhatsappCloud = "whatsapp_cloud",
    }
);

impl MessageProvider {
    /// The channel the provider serves.
    pub fn channel(self) -> Channel {
        match self {
            MessageProvider::Zenvia => Channel::Sms,
            MessageProvider::WhatsappCloud => Channel::Whatsapp,
        }
    }
}

/// What is not secret about a provider's account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Zenvia: the sender id (the account's alias or short code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// WhatsApp: the business phone number's id, and the business account's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_account_id: Option<String>,
    /// WhatsApp: the approved template's name per kind, where it is not `innexar_<kind>`.
    #[serde(default)]
    pub template_names: BTreeMap<String, String>,
    /// WhatsApp: the store whose leads the number's new conversations become.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_id: Option<Uuid>,
    /// The token's last four characters, to tell which one is in use.
    #[serde(default)]
    pub token_hint: String,
}

pub mod entity {
    use sea_orm::entity::prelude::*;

    use super::{Account, MessageProvider};
    use crate::message::Channel;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_message_channels")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub channel: Channel,
        pub provider: MessageProvider,
        pub enabled: bool,
        pub settings: Account,
        pub token_sealed: String,
        pub callback_secret_sealed: String,
        pub verify_token_sealed: Option<String>,
        pub updated_by: Option<Uuid>,
        pub row_version: i64,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub type Row = entity::Model;

/// A channel set up, its secrets opened: what the sender and the callbacks use.
#[derive(Clone)]
pub struct Provider {
    pub provider: MessageProvider,
    pub enabled: bool,
    pub account: Account,
    pub token: String,
    /// Zenvia: the token its callbacks carry in `X-Innexar-Token`. WhatsApp: the app secret
    /// Meta signs callbacks with (`X-Hub-Signature-256`).
    pub callback_secret: String,
    /// WhatsApp: the token Meta echoes when it verifies the callback address.
    pub verify_token: Option<String>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("provider", &self.provider).field("enabled", &self.enabled).finish()
    }
}

fn context(row: Uuid, what: &str) -> String {
    format!("notify.channel:{row}:{what}")
}

/// Opens a row's secrets.
pub fn open(sealer: &Sealer, row: &Row) -> Result<Provider, AppError> {
    let open = |what: &str, sealed: &str| {
        sealer
            .open(&context(row.id, what), sealed)
            .map_err(|e| AppError::internal(format!("the {} channel's {what}: {e}", row.channel.as_str())))
    };
    Ok(Provider {
        provider: row.provider,
        enabled: row.enabled,
        account: row.settings.clone(),
        token: open("token", &row.token_sealed)?,
        callback_secret: open("callback", &row.callback_secret_sealed)?,
        verify_token: row.verify_token_sealed.as_deref().map(|v| open("verify", v)).transpose()?,
    })
}

pub async fn find(db: &impl ConnectionTrait, channel: Channel) -> Result<Option<Row>, AppError> {
    Ok(entity::Entity::find().filter(entity::Column::Channel.eq(channel)).one(db).await?)
}

pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<Row>, AppError> {
    use sea_orm::QueryOrder;
    Ok(entity::Entity::find().order_by_asc(entity::Column::Channel).all(db).await?)
}

/// Whether the tenant has the channel's provider set up and enabled: triggers offer a message
/// by WhatsApp only then.
pub async fn enabled(db: &impl ConnectionTrait, channel: Channel) -> Result<bool, AppError> {
    Ok(find(db, channel).await?.is_some_and(|r| r.enabled))
}

/// The channel's provider when it is set up and enabled.
pub async fn active(
    db: &impl ConnectionTrait,
    sealer: &Sealer,
    channel: Channel,
) -> Result<Option<Provider>, AppError> {
    match find(db, channel).await? {
        Some(row) if row.enabled => Ok(Some(open(sealer, &row)?)),
        _ => Ok(None),
    }
}

/// A WhatsApp message template the tenant registers with Meta for a kind of message.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatsappTemplate {
    pub kind: String,
    /// The name Innexar sends it by.
    pub name: String,
    /// Meta's language code (`pt_BR`).
    pub language: String,
    /// The body to register, its variables numbered as Meta wants them (`{{1}}`).
    pub body: String,
    /// What each number stands for, in order.
    pub parameters: Vec<String>,
}

/// A channel as its settings screen shows it: never a secret it was given.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessageChannelSettings)]
pub struct ChannelView {
    pub channel: Channel,
    pub provider: MessageProvider,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_account_id: Option<String>,
    pub template_names: BTreeMap<String, String>,
    /// WhatsApp: the store whose leads new conversations become (the first store when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<Uuid>,
    /// The API token's last four characters.
    pub token_hint: String,
    /// Where the provider sends delivery reports and replies.
    pub callback_url: String,
    /// Made by Innexar for the provider's console: WhatsApp's "verify token"; for Zenvia, the
    /// value of the `X-Innexar-Token` header its webhook subscription sends.
    pub callback_token: String,
    /// WhatsApp: the templates to register with Meta, one per kind of message it carries.
    pub templates: Vec<WhatsappTemplate>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// The path (under the API) a provider's callbacks go to.
pub fn callback_path(provider: MessageProvider) -> &'static str {
    match provider {
        MessageProvider::Zenvia => "/api/v1/public/messages/zenvia",
        MessageProvider::WhatsappCloud => "/api/v1/public/messages/whatsapp",
    }
}

/// The template name a kind is sent by on WhatsApp.
pub fn template_name(account: &Account, kind: &str) -> String {
    account.template_names.get(kind).cloned().unwrap_or_else(|| format!("innexar_{kind}"))
}

/// Meta's code for a language of ours.
pub fn meta_language(language: &str) -> &'static str {
    if language.starts_with("en") { "en_US" } else { "pt_BR" }
}

/// `forms`: the WhatsApp templates in use (`custom::whatsapp_forms`).
pub fn view(
    sealer: &Sealer,
    row: &Row,
    origin: &str,
    forms: &[templates::WhatsappForm],
) -> Result<ChannelView, AppError> {
    let p = open(sealer, row)?;
    let callback_token = match row.provider {
        MessageProvider::Zenvia => p.callback_secret.clone(),
        MessageProvider::WhatsappCloud => p.verify_token.clone().unwrap_or_default(),
    };
    let templates = match row.provider {
        MessageProvider::Zenvia => Vec::new(),
        MessageProvider::WhatsappCloud => forms
            .iter()
            .map(|t| WhatsappTemplate {
                name: template_name(&row.settings, &t.kind),
                kind: t.kind.clone(),
                language: meta_language(&t.language).to_string(),
                body: t.body.clone(),
                parameters: t.parameters.clone(),
            })
            .collect(),
    };
    Ok(ChannelView {
        channel: row.channel,
        provider: row.provider,
        enabled: row.enabled,
        from: row.settings.from.clone(),
        phone_number_id: row.settings.phone_number_id.clone(),
        business_account_id: row.settings.business_account_id.clone(),
        template_names: row.settings.template_names.clone(),
        store_id: row.settings.store_id,
        token_hint: row.settings.token_hint.clone(),
        callback_url: format!("{origin}{}", callback_path(row.provider)),
        callback_token,
        templates,
        version: row.row_version,
        updated_at: row.updated_at,
    })
}

/// A channel's settings as an Owner saves them. Secrets left out keep their current value.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MessageChannelInput)]
pub struct ChannelInput {
    /// `zenvia` for SMS, `whatsapp_cloud` for WhatsApp.
    pub provider: MessageProvider,
    pub enabled: bool,
    /// Zenvia: the sender id.
    #[schema(max_length = 40)]
    pub from: Option<String>,
    /// WhatsApp: the business phone number's id (digits).
    #[schema(max_length = 32)]
    pub phone_number_id: Option<String>,
    #[schema(max_length = 32)]
    pub business_account_id: Option<String>,
    /// WhatsApp: a template name per kind where it is not `innexar_<kind>`.
    pub template_names: Option<BTreeMap<String, String>>,
    /// WhatsApp: the store whose leads new conversations become (an unknown or inactive store:
    /// the first active one).
    pub store_id: Option<Uuid>,
    /// The provider's API token (Zenvia's `X-API-TOKEN`; WhatsApp's access token). Required
    /// when the channel is first set up.
    #[schema(max_length = 4096)]
    pub token: Option<String>,
    /// WhatsApp: the Meta app's secret, which signs its callbacks. Required when first set up.
    #[schema(max_length = 256)]
    pub app_secret: Option<String>,
}

fn secret_text(e: &mut Vec<FieldError>, pointer: &str, v: Option<String>, max: usize) -> Option<String> {
    let v = v?.trim().to_string();
    if v.is_empty() {
        e.push(FieldError::new(pointer, "field.required", "must not be empty"));
        return None;
    }
    if v.chars().count() > max || v.chars().any(|c| c.is_control() || c.is_whitespace()) {
        e.push(FieldError::new(pointer, "field.invalid", format!("at most {max} characters, no spaces")));
        return None;
    }
    Some(v)
}

fn digits(e: &mut Vec<FieldError>, pointer: &str, v: Option<String>, required: bool) -> Option<String> {
    match v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(s) if s.len() <= 32 && s.bytes().all(|b| b.is_ascii_digit()) => Some(s),
        Some(_) => {
            e.push(FieldError::new(pointer, "field.invalid", "digits only, at most 32"));
            None
        }
        None if required => {
            e.push(FieldError::new(pointer, "field.required", "required for this provider"));
            None
        }
        None => None,
    }
}

fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(innexar_kernel::random::bytes(24))
}

fn hint(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

fn stale() -> AppError {
    AppError::new(
        axum::http::StatusCode::PRECONDITION_FAILED,
        "http.precondition_failed",
        "Precondition failed",
        "the channel's settings changed since they were read; read them again",
    )
}

/// Saves `channel`'s settings if they are still the version read (`expected`; version 0: not
/// set up yet).
pub async fn save(
    tx: &Tx,
    sealer: &Sealer,
    channel: Channel,
    expected: IfMatch,
    input: ChannelInput,
) -> Result<Row, AppError> {
    let mut e = Vec::new();
    if channel == Channel::Email {
        return Err(AppError::not_found(
            "messages.channel_not_found",
            "e-mail is set up by the operator (notify.email_url), not per tenant",
        ));
    }
    if input.provider.channel() != channel {
        e.push(FieldError::new(
            "/provider",
            "messages.provider_mismatch",
            format!("{} does not carry {}", input.provider.as_str(), channel.as_str()),
        ));
    }
    let before = find(&**tx, channel).await?;
    let current = match &before {
        Some(row) => Some(open(sealer, row)?),
        None => None,
    };
    let whatsapp = input.provider == MessageProvider::WhatsappCloud;
    let from = match input.from.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(s) if s.chars().count() <= 40 && !s.chars().any(char::is_control) => Some(s),
        Some(_) => {
            e.push(FieldError::new("/from", "field.invalid", "at most 40 characters"));
            None
        }
        None if !whatsapp => {
            e.push(FieldError::new("/from", "field.required", "Zenvia sends from the account's sender id"));
            None
        }
        None => None,
    };
    let phone_number_id = digits(&mut e, "/phoneNumberId", input.phone_number_id, whatsapp);
    let business_account_id = digits(&mut e, "/businessAccountId", input.business_account_id, false);
    let mut template_names = BTreeMap::new();
    let known: Vec<String> = templates::whatsapp_templates().into_iter().map(|t| t.kind).collect();
    for (kind, name) in input.template_names.unwrap_or_default() {
        let pointer = format!("/templateNames/{kind}");
        if !known.contains(&kind) {
            e.push(FieldError::new(&pointer, "messages.unknown_kind", "no kind of message goes by WhatsApp template"));
        } else if name.is_empty()
            || name.len() > 512
            || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            e.push(FieldError::new(
                &pointer,
                "messages.invalid_template_name",
                "Meta's template names are lowercase letters, digits and _",
            ));
        } else {
            template_names.insert(kind, name);
        }
    }
    let token = secret_text(&mut e, "/token", input.token, 4096).or_else(|| current.as_ref().map(|c| c.token.clone()));
    if token.is_none() && !e.iter().any(|f| f.pointer == "/token") {
        e.push(FieldError::new("/token", "field.required", "the provider's API token"));
    }
    let app_secret = if whatsapp {
        let given = secret_text(&mut e, "/appSecret", input.app_secret, 256);
        let kept = current
            .as_ref()
            .filter(|c| c.provider == MessageProvider::WhatsappCloud)
            .map(|c| c.callback_secret.clone());
        let secret = given.or(kept);
        if secret.is_none() && !e.iter().any(|f| f.pointer == "/appSecret") {
            e.push(FieldError::new("/appSecret", "field.required", "the Meta app's secret, which signs its callbacks"));
        }
        secret
    } else {
        if input.app_secret.is_some() {
            e.push(FieldError::new(
                "/appSecret",
                "field.invalid",
                "only WhatsApp callbacks are signed with an app secret",
            ));
        }
        None
    };
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let version = before.as_ref().map_or(0, |r| r.row_version);
    if !expected.allows(version) {
        return Err(stale());
    }
    let token = token.unwrap_or_default();
    let now = tx.now();
    let id = before.as_ref().map_or_else(new_id, |r| r.id);
    // The callback token stays what the provider's console was given, unless the provider changes.
    let same_provider = current.as_ref().filter(|c| c.provider == input.provider);
    let callback_secret = match (whatsapp, app_secret) {
        (true, Some(s)) => s,
        _ => same_provider.map(|c| c.callback_secret.clone()).unwrap_or_else(new_token),
    };
    let verify_token = whatsapp.then(|| same_provider.and_then(|c| c.verify_token.clone()).unwrap_or_else(new_token));
    let row = entity::ActiveModel {
        id: Set(id),
        channel: Set(channel),
        provider: Set(input.provider),
        enabled: Set(input.enabled),
        settings: Set(Account {
            from,
            phone_number_id,
            business_account_id,
            template_names,
            store_id: input.store_id.filter(|_| whatsapp),
            token_hint: hint(&token),
        }),
        token_sealed: Set(sealer.seal(&context(id, "token"), &token)),
        callback_secret_sealed: Set(sealer.seal(&context(id, "callback"), &callback_secret)),
        verify_token_sealed: Set(verify_token.map(|v| sealer.seal(&context(id, "verify"), &v))),
        updated_by: Set(tx.actor().id),
        row_version: Set(version + 1),
        created_at: Set(before.as_ref().map_or(now, |r| r.created_at)),
        updated_at: Set(now),
    };
    // Compare-and-set: the first save inserts (a concurrent first save finds the channel
    // taken), later ones update the version read.
    let written = if version == 0 {
        let mut insert = entity::Entity::insert(row).into_query();
        insert.on_conflict(OnConflict::new().do_nothing().to_owned());
        tx.execute(&insert).await?.rows_affected() == 1
    } else {
        entity::Entity::update_many()
            .set(row)
            .filter(entity::Column::Id.eq(id))
            .filter(entity::Column::RowVersion.eq(version))
            .exec(&**tx)
            .await?
            .rows_affected
            == 1
    };
    if !written {
        return Err(stale());
    }
    let saved = find(&**tx, channel).await?.ok_or_else(|| AppError::internal("the channel saved is gone"))?;
    innexar_db::audit::record(
        tx,
        innexar_db::audit::Change {
            action: "messages.channel_saved",
            entity_type: "core_message_channels",
            entity_id: Some(saved.id),
            before: before.as_ref().map(audit_view).as_ref(),
            after: Some(&audit_view(&saved)),
        },
    )
    .await?;
    Ok(saved)
}

/// Removes `channel`'s provider: its messages stay in the mailbox again.
pub async fn remove(tx: &Tx, channel: Channel, expected: IfMatch) -> Result<(), AppError> {
    let row = find(&**tx, channel).await?.ok_or_else(not_set_up)?;
    if !expected.allows(row.row_version) {
        return Err(stale());
    }
    let gone = entity::Entity::delete_many()
        .filter(entity::Column::Id.eq(row.id))
        .filter(entity::Column::RowVersion.eq(row.row_version))
        .exec(&**tx)
        .await?;
    if gone.rows_affected != 1 {
        return Err(stale());
    }
    innexar_db::audit::record(
        tx,
        innexar_db::audit::Change {
            action: "messages.channel_removed",
            entity_type: "core_message_channels",
            entity_id: Some(row.id),
            before: Some(&audit_view(&row)),
            after: None,
        },
    )
    .await?;
    Ok(())
}

pub fn not_set_up() -> AppError {
    AppError::not_found("messages.channel_not_found", "this channel has no provider set up")
}

/// What the audit keeps of a change: never a secret.
fn audit_view(row: &Row) -> serde_json::Value {
    serde_json::json!({
        "channel": row.channel,
        "provider": row.provider,
        "enabled": row.enabled,
        "account": row.settings,
        "version": row.row_version,
    })
}
