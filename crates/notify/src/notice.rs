//! Queuing a message: the business transaction that causes it (a reset asked for, a quote sent)
//! calls [`queue`], which renders the kind's template in the person's language and writes the
//! message in that transaction — it goes if and only if the cause commits.

use innexar_db::Tx;
use innexar_kernel::{AppError, new_id};
use sea_orm::ActiveModelTrait;
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use crate::message::{AttachmentRef, Attachments, Channel, Message, Purpose, Status, TemplateParams, entity};
use crate::templates;

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    /// One of [`templates::KINDS`].
    pub kind: &'a str,
    pub channel: Channel,
    /// An e-mail address, or a phone number in E.164 (`+5511987654321`).
    pub to: &'a str,
    /// The customer it is for: their consent governs what is not transactional.
    pub customer_id: Option<Uuid>,
    /// `pt-BR` or `en`; a kind without words in it is written in pt-BR.
    pub language: &'a str,
    /// The template's variables.
    pub params: serde_json::Value,
    pub attachments: Vec<AttachmentRef>,
    /// A page of the tenant's web app (`/leads/<id>`): the template's `link`, made whole with
    /// the transaction's origin.
    pub link_path: Option<String>,
    /// An answer to a person who just wrote (within WhatsApp's 24-hour service window): sent as
    /// free text, not as the kind's approved template.
    pub reply: bool,
}

impl<'a> Notice<'a> {
    /// A notice of `kind` by `channel` to `to`, in pt-BR, with `params`.
    pub fn new(kind: &'a str, channel: Channel, to: &'a str, params: serde_json::Value) -> Notice<'a> {
        Notice {
            kind,
            channel,
            to,
            customer_id: None,
            language: "pt-BR",
            params,
            attachments: Vec::new(),
            link_path: None,
            reply: false,
        }
    }

    /// Sent as an answer within the person's service window (free text on WhatsApp).
    pub fn as_reply(mut self) -> Self {
        self.reply = true;
        self
    }

    pub fn for_customer(mut self, id: Uuid) -> Self {
        self.customer_id = Some(id);
        self
    }

    pub fn in_language(mut self, language: &'a str) -> Self {
        self.language = language;
        self
    }

    /// Links to `path` of the web app.
    pub fn with_link(mut self, path: impl Into<String>) -> Self {
        self.link_path = Some(path.into());
        self
    }

    pub fn attach(mut self, a: AttachmentRef) -> Self {
        self.attachments.push(a);
        self
    }
}

/// Renders `n` and writes it, queued for the sender, in `tx`.
pub async fn queue(tx: &Tx, mut n: Notice<'_>) -> Result<Message, AppError> {
    if let (Some(path), Some(params)) = (&n.link_path, n.params.as_object_mut()) {
        // Without an origin (a transaction of the system's that was not told), the path alone.
        params.insert("link".into(), format!("{}{path}", tx.origin().unwrap_or_default()).into());
    }
    let kind = templates::kind(n.kind).ok_or_else(|| AppError::internal(format!("no message kind {}", n.kind)))?;
    // What is not transactional carries a way out: a link in e-mails (and their
    // List-Unsubscribe header), the SAIR keyword on SMS and WhatsApp.
    let opt_out_token = (kind.purpose != Purpose::Transactional).then(crate::opt_out::new_token);
    if let (Some(token), Some(params)) = (&opt_out_token, n.params.as_object_mut()) {
        let origin = tx.origin().unwrap_or_default();
        params.insert("opt_out_link".into(), format!("{origin}{}", crate::opt_out::page_path(token)).into());
    }
    let default = templates::default_for(n.kind, n.channel, n.language).ok_or_else(|| {
        AppError::internal(format!("message kind {} has no template for {}", n.kind, n.channel.as_str()))
    })?;
    let default = crate::custom::Words {
        language: default.language.to_string(),
        subject: default.subject.to_string(),
        body: default.body.to_string(),
    };
    let words = crate::custom::words(&**tx, n.kind, n.channel, n.language).await?.unwrap_or_else(|| default.clone());
    // The tenant's words were checked when saved; should they still not render (a trigger
    // changed), the default's go instead: a template never fails the business write.
    let (words, rendered) = match templates::render(&words.subject, &words.body, &n.params) {
        Ok(r) => (words, r),
        Err(e) if words != default => {
            tracing::warn!(kind = n.kind, error = %e, "the tenant's template did not render; the default's went");
            let r = templates::render(&default.subject, &default.body, &n.params)
                .map_err(|e| AppError::internal(format!("message {}: {e}", n.kind)))?;
            (default, r)
        }
        Err(e) => return Err(AppError::internal(format!("message {}: {e}", n.kind))),
    };
    let html = match n.channel {
        Channel::Email => {
            let sender =
                ["store", "tenant"].iter().find_map(|k| n.params.get(k).and_then(|v| v.as_str())).unwrap_or("Innexar");
            Some(
                templates::html(&rendered.subject, &rendered.body, sender, &words.language)
                    .map_err(|e| AppError::internal(format!("message {}: {e}", n.kind)))?,
            )
        }
        Channel::Sms | Channel::Whatsapp => None,
    };
    let template_params = match n.channel {
        Channel::Whatsapp if !n.reply => {
            let values = templates::whatsapp_form(n.kind, &words.language, &words.body)
                .and_then(|f| templates::whatsapp_parameters(&f, &n.params))
                .ok_or_else(|| AppError::internal(format!("message kind {} has no WhatsApp template form", n.kind)))?;
            Some(TemplateParams(values))
        }
        _ => None,
    };
    let now = tx.now();
    let m = entity::ActiveModel {
        id: Set(new_id()),
        channel: Set(n.channel),
        recipient: Set(n.to.to_string()),
        kind: Set(n.kind.to_string()),
        subject: Set(rendered.subject),
        body: Set(rendered.body),
        created_at: Set(now),
        sent_at: Set(None),
        purpose: Set(kind.purpose),
        customer_id: Set(n.customer_id),
        language: Set(words.language.clone()),
        html: Set(html),
        attachments: Set(Attachments(n.attachments)),
        status: Set(Status::Queued),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        claimed_until: Set(None),
        provider: Set(None),
        provider_message_id: Set(None),
        last_error: Set(None),
        updated_at: Set(Some(now)),
        delivered_at: Set(None),
        read_at: Set(None),
        template_params: Set(template_params),
        opt_out_token: Set(opt_out_token),
    }
    .insert(&**tx)
    .await?;
    tx.messages_queued();
    Ok(m)
}
