//! A tenant's own words for its messages (`core_message_templates`): an Owner rewrites a kind's
//! text on a channel in a language, sees it rendered with sample values first (the preview), and
//! what it saves replaces the default from then on; removed, the default is back. A template may
//! use only its kind's variables (checked when saved, and strictly when rendered), and rendering is
//! bounded, so no tenant's template can break or hold the sender.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use innexar_db::Tx;
use innexar_kernel::{AppError, FieldError, IfMatch, new_id};
use sea_orm::ActiveValue::Set;
use sea_orm::QueryTrait;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::message::{Channel, Purpose};
use crate::templates::{self, Kind, WhatsappForm};

pub mod entity {
    use sea_orm::entity::prelude::*;

    use crate::message::Channel;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "core_message_templates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub channel: Channel,
        pub language: String,
        pub subject: String,
        pub body: String,
        pub updated_by: Option<Uuid>,
        pub row_version: i64,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The languages a tenant writes its messages in.
pub const LANGUAGES: &[&str] = &["pt-BR", "en"];

/// The words a message is written from: the tenant's, or the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// The words for `kind` on `channel` in `language`: the tenant's in that language, else the
/// default in it, else the tenant's pt-BR, else the default pt-BR.
pub async fn words(
    db: &impl ConnectionTrait,
    kind: &str,
    channel: Channel,
    language: &str,
) -> Result<Option<Words>, AppError> {
    let mine = entity::Entity::find()
        .filter(entity::Column::Kind.eq(kind))
        .filter(entity::Column::Channel.eq(channel))
        .filter(entity::Column::Language.is_in([language, "pt-BR"]))
        .all(db)
        .await?;
    let tenant = |lang: &str| {
        mine.iter().find(|t| t.language == lang).map(|t| Words {
            language: t.language.clone(),
            subject: t.subject.clone(),
            body: t.body.clone(),
        })
    };
    let default = |lang: &str| {
        templates::DEFAULTS.iter().find(|t| t.kind == kind && t.channel == channel && t.language == lang).map(|t| {
            Words { language: t.language.to_string(), subject: t.subject.to_string(), body: t.body.to_string() }
        })
    };
    Ok(tenant(language).or_else(|| default(language)).or_else(|| tenant("pt-BR")).or_else(|| default("pt-BR")))
}

/// The WhatsApp templates to register with Meta, from the tenant's words where it has them.
pub async fn whatsapp_forms(db: &impl ConnectionTrait) -> Result<Vec<WhatsappForm>, AppError> {
    let mine = entity::Entity::find().filter(entity::Column::Channel.eq(Channel::Whatsapp)).all(db).await?;
    let mut out = Vec::new();
    for k in templates::KINDS.iter().filter(|k| !templates::REPLIES.contains(&k.key)) {
        for lang in LANGUAGES {
            let own = mine.iter().find(|t| t.kind == k.key && t.language == *lang).map(|t| t.body.as_str());
            let default = templates::DEFAULTS
                .iter()
                .find(|t| t.kind == k.key && t.channel == Channel::Whatsapp && t.language == *lang)
                .map(|t| t.body);
            if let Some(body) = own.or(default) {
                out.extend(templates::whatsapp_form(k.key, lang, body));
            }
        }
    }
    Ok(out)
}

/// Example values for every variable, as the preview shows them.
pub fn sample(kind: &Kind) -> serde_json::Value {
    let value = |v: &str| -> serde_json::Value {
        match v {
            "name" => "Ana Souza".into(),
            "tenant" => "Auto Center Exemplo".into(),
            "link" => "https://exemplo.innexar.app/p/3kq9-exemplo".into(),
            "opt_out_link" => "https://exemplo.innexar.app/opt-out/exemplo".into(),
            "minutes" => 30.into(),
            "expires" => "12/03/2026 18:00".into(),
            "customer_name" => "Carlos Lima".into(),
            "quote_number" => "PR-00012".into(),
            "valid_until" => "17/03/2026".into(),
            "store" => "Matriz".into(),
            "code" => "483920".into(),
            "interest" => "SUV até R$ 120 mil".into(),
            "source" => "Site".into(),
            "by" => "Marina Alves".into(),
            "discount" => "R$ 2.500,00".into(),
            "approved" => true.into(),
            "note" => "Cliente da casa".into(),
            "vehicle" => "Jeep Compass Limited 2023".into(),
            "price" => "R$ 149.900,00".into(),
            "text" => "Oi, Carlos! O carro está disponível para test drive amanhã às 10h.".into(),
            other => format!("[{other}]").into(),
        }
    };
    serde_json::Value::Object(k_vars(kind).map(|v| (v.to_string(), value(v))).collect())
}

fn k_vars(kind: &Kind) -> impl Iterator<Item = &'static str> {
    let extra: &[&str] = if kind.purpose == Purpose::Transactional { &[] } else { &["opt_out_link"] };
    kind.variables.iter().copied().chain(extra.iter().copied().filter(|v| !kind.variables.contains(v)))
}

/// The most a template may hold.
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;
/// An SMS beyond ten parts costs and reads badly; WhatsApp's own limit.
const MAX_SMS: usize = 1_600;
const MAX_WHATSAPP: usize = 1_024;

/// What a tenant writes, for a preview or to save.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MessageTemplateInput)]
pub struct TemplateInput {
    /// E-mails only.
    #[schema(max_length = 200)]
    pub subject: Option<String>,
    /// The text, with the kind's variables as `{{ name }}` (conditions as `{% if approved %}`).
    #[schema(max_length = 20000)]
    pub body: String,
}

/// A preview: the text as it would be sent, with sample values.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessagePreview)]
pub struct Preview {
    pub subject: String,
    pub body: String,
    /// E-mails: the HTML part.
    pub html: Option<String>,
    /// WhatsApp: the template to register with Meta (its variables numbered) and what each
    /// number stands for.
    pub whatsapp_template: Option<String>,
    pub whatsapp_parameters: Option<Vec<String>>,
    /// The sample values used.
    #[schema(value_type = Object)]
    pub sample: serde_json::Value,
}

/// Checks `input` for `kind` on `channel`; answers it rendered with sample values.
pub fn check(kind: &Kind, channel: Channel, language: &str, input: &TemplateInput) -> Result<Preview, AppError> {
    let mut e = Vec::new();
    let subject = input.subject.clone().unwrap_or_default();
    if channel == Channel::Email {
        if subject.trim().is_empty() {
            e.push(FieldError::new("/subject", "field.required", "an e-mail needs a subject"));
        } else if subject.chars().count() > MAX_SUBJECT {
            e.push(FieldError::new("/subject", "field.too_long", format!("at most {MAX_SUBJECT} characters")));
        }
    } else if !subject.is_empty() {
        e.push(FieldError::new("/subject", "field.invalid", "only e-mails have a subject"));
    }
    let max = match channel {
        Channel::Email => MAX_BODY,
        Channel::Sms => MAX_SMS,
        Channel::Whatsapp => MAX_WHATSAPP,
    };
    if input.body.trim().is_empty() {
        e.push(FieldError::new("/body", "field.required", "the message's text"));
    } else if input.body.chars().count() > max {
        e.push(FieldError::new("/body", "field.too_long", format!("at most {max} characters on this channel")));
    }
    let env = minijinja::Environment::new();
    // The kind's variables, and the engine's own functions (`range`, `namespace`).
    let mut known: BTreeSet<String> = env.globals().map(|(name, _)| name.to_string()).collect();
    known.extend(k_vars(kind).map(String::from));
    for (pointer, src) in [("/subject", subject.as_str()), ("/body", input.body.as_str())] {
        match env.template_from_str(src) {
            Ok(t) => {
                let unknown: Vec<String> =
                    t.undeclared_variables(false).into_iter().filter(|v| !known.contains(v)).collect();
                if !unknown.is_empty() {
                    let mut unknown = unknown;
                    unknown.sort();
                    e.push(FieldError::new(
                        pointer,
                        "messages.unknown_variable",
                        format!(
                            "{} is not a variable of this message; it has {}",
                            unknown.join(", "),
                            kind.variables.join(", ")
                        ),
                    ));
                }
            }
            Err(err) => e.push(FieldError::new(pointer, "messages.template_invalid", describe(&err))),
        }
    }
    let whatsapp = match channel {
        Channel::Whatsapp => {
            let form = templates::whatsapp_form(kind.key, language, &input.body);
            if form.is_none() && !e.iter().any(|f| f.pointer == "/body") {
                e.push(FieldError::new(
                    "/body",
                    "messages.template_invalid",
                    "a WhatsApp template holds plain variables only ({{ name }}), as Meta approves them",
                ));
            }
            form
        }
        _ => None,
    };
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let sample = sample(kind);
    let rendered = templates::render(&subject, &input.body, &sample)
        .map_err(|err| AppError::validation(vec![FieldError::new("/body", "messages.template_invalid", err.0)]))?;
    let html = match channel {
        Channel::Email => Some(
            templates::html(&rendered.subject, &rendered.body, "Matriz", language)
                .map_err(|err| AppError::internal(format!("preview: {err}")))?,
        ),
        _ => None,
    };
    Ok(Preview {
        subject: rendered.subject,
        body: rendered.body,
        html,
        whatsapp_template: whatsapp.as_ref().map(|f| f.body.clone()),
        whatsapp_parameters: whatsapp.map(|f| f.parameters),
        sample,
    })
}

fn describe(e: &minijinja::Error) -> String {
    let at = e.line().map(|l| format!(" (line {l})")).unwrap_or_default();
    match e.detail() {
        Some(d) => format!("{}: {d}{at}", e.kind()),
        None => format!("{}{at}", e.kind()),
    }
}

/// One kind's words on one channel in one language, as the templates screen shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessageTemplate)]
pub struct TemplateView {
    pub channel: Channel,
    pub language: String,
    pub subject: String,
    pub body: String,
    /// Whether these are the tenant's words (else the default's).
    pub custom: bool,
    /// The tenant's words' version (0 while the default is used).
    pub version: i64,
    pub default_subject: String,
    pub default_body: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A kind of message with its words on every channel and language it goes by.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MessageKindTemplates)]
pub struct KindView {
    pub kind: String,
    pub purpose: Purpose,
    pub description: String,
    pub variables: Vec<String>,
    pub templates: Vec<TemplateView>,
}

/// Every kind with its words (the tenant's where it wrote its own).
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<KindView>, AppError> {
    let mine = entity::Entity::find().all(db).await?;
    let mut out = Vec::new();
    for k in templates::KINDS {
        let mut views = Vec::new();
        for channel in Channel::ALL {
            let Some(pt) =
                templates::DEFAULTS.iter().find(|t| t.kind == k.key && t.channel == *channel && t.language == "pt-BR")
            else {
                continue;
            };
            for lang in LANGUAGES {
                let default = templates::default_for(k.key, *channel, lang).unwrap_or(pt);
                let own = mine.iter().find(|t| t.kind == k.key && t.channel == *channel && t.language == *lang);
                views.push(TemplateView {
                    channel: *channel,
                    language: String::from(*lang),
                    subject: own.map_or(default.subject, |t| t.subject.as_str()).to_string(),
                    body: own.map_or(default.body, |t| t.body.as_str()).to_string(),
                    custom: own.is_some(),
                    version: own.map_or(0, |t| t.row_version),
                    default_subject: default.subject.to_string(),
                    default_body: default.body.to_string(),
                    updated_at: own.map(|t| t.updated_at),
                });
            }
        }
        out.push(KindView {
            kind: k.key.to_string(),
            purpose: k.purpose,
            description: k.description.to_string(),
            variables: k_vars(k).map(str::to_string).collect(),
            templates: views,
        });
    }
    Ok(out)
}

/// The kind named, when it goes by `channel` (it has default words there) and `language` is ours.
pub fn editable(kind: &str, channel: Channel, language: &str) -> Result<&'static Kind, AppError> {
    let not_found = || AppError::not_found("messages.template_not_found", "no such kind of message on this channel");
    let k = templates::kind(kind).ok_or_else(not_found)?;
    if !LANGUAGES.contains(&language)
        || !templates::DEFAULTS.iter().any(|t| t.kind == kind && t.channel == channel && t.language == "pt-BR")
    {
        return Err(not_found());
    }
    Ok(k)
}

fn stale() -> AppError {
    AppError::new(
        axum::http::StatusCode::PRECONDITION_FAILED,
        "http.precondition_failed",
        "Precondition failed",
        "the template changed since it was read; read it again",
    )
}

async fn find(
    db: &impl ConnectionTrait,
    kind: &str,
    channel: Channel,
    language: &str,
) -> Result<Option<entity::Model>, AppError> {
    Ok(entity::Entity::find()
        .filter(entity::Column::Kind.eq(kind))
        .filter(entity::Column::Channel.eq(channel))
        .filter(entity::Column::Language.eq(language))
        .one(db)
        .await?)
}

/// Saves the tenant's words if they are still the version read (0: the default's in use).
pub async fn save(
    tx: &Tx,
    kind: &str,
    channel: Channel,
    language: &str,
    expected: IfMatch,
    input: TemplateInput,
) -> Result<TemplateView, AppError> {
    let k = editable(kind, channel, language)?;
    check(k, channel, language, &input)?;
    let before = find(&**tx, kind, channel, language).await?;
    let version = before.as_ref().map_or(0, |t| t.row_version);
    if !expected.allows(version) {
        return Err(stale());
    }
    let now = tx.now();
    let id = before.as_ref().map_or_else(new_id, |t| t.id);
    let row = entity::ActiveModel {
        id: Set(id),
        kind: Set(kind.to_string()),
        channel: Set(channel),
        language: Set(language.to_string()),
        subject: Set(if channel == Channel::Email {
            input.subject.unwrap_or_default().trim().to_string()
        } else {
            String::new()
        }),
        body: Set(input.body.trim().to_string()),
        updated_by: Set(tx.actor().id),
        row_version: Set(version + 1),
        created_at: Set(before.as_ref().map_or(now, |t| t.created_at)),
        updated_at: Set(now),
    };
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
    let saved =
        find(&**tx, kind, channel, language).await?.ok_or_else(|| AppError::internal("the template is gone"))?;
    innexar_db::audit::record(
        tx,
        innexar_db::audit::Change {
            action: "messages.template_saved",
            entity_type: "core_message_templates",
            entity_id: Some(saved.id),
            before: before.as_ref().map(audit_view).as_ref(),
            after: Some(&audit_view(&saved)),
        },
    )
    .await?;
    let default = templates::default_for(kind, channel, language).ok_or_else(|| AppError::internal("no default"))?;
    Ok(TemplateView {
        channel,
        language: saved.language.clone(),
        subject: saved.subject.clone(),
        body: saved.body.clone(),
        custom: true,
        version: saved.row_version,
        default_subject: default.subject.to_string(),
        default_body: default.body.to_string(),
        updated_at: Some(saved.updated_at),
    })
}

/// Drops the tenant's words: the default's are used again.
pub async fn remove(tx: &Tx, kind: &str, channel: Channel, language: &str, expected: IfMatch) -> Result<(), AppError> {
    editable(kind, channel, language)?;
    let row = find(&**tx, kind, channel, language)
        .await?
        .ok_or_else(|| AppError::not_found("messages.template_not_found", "the default's words are in use already"))?;
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
            action: "messages.template_removed",
            entity_type: "core_message_templates",
            entity_id: Some(row.id),
            before: Some(&audit_view(&row)),
            after: None,
        },
    )
    .await?;
    Ok(())
}

fn audit_view(t: &entity::Model) -> serde_json::Value {
    serde_json::json!({
        "kind": t.kind, "channel": t.channel, "language": t.language,
        "subject": t.subject, "body": t.body, "version": t.row_version,
    })
}
