//! E-mail over SMTP (lettre): the plain-text part, the HTML part and the attachments, from the
//! configured sender in the tenant's name, with the message's id as its Message-ID so a bounce
//! or a reply can be traced to it.

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::sender::Failure;

/// A file to attach, produced for this sending.
pub struct File {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One e-mail to hand over.
pub struct Email<'a> {
    pub id: uuid::Uuid,
    /// The configured `Name <address>`; the name is replaced by `sender_name`.
    pub from: &'a str,
    pub sender_name: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    pub language: &'a str,
    pub files: Vec<File>,
    /// What is not transactional: the address that takes the person off with one click
    /// (RFC 8058), which mail programs show as "unsubscribe".
    pub list_unsubscribe: Option<String>,
}

/// Builds the message as it goes on the wire.
pub fn build(e: Email<'_>) -> Result<lettre::Message, Failure> {
    let configured: Mailbox = e.from.parse().map_err(|err| Failure::permanent(format!("sender address: {err}")))?;
    let from = Mailbox::new(Some(e.sender_name.to_string()), configured.email);
    let to: Mailbox = e.to.parse().map_err(|err| Failure::permanent(format!("recipient address: {err}")))?;
    let domain = from.email.domain().to_string();
    let body = match e.html {
        Some(html) => MultiPart::alternative_plain_html(e.text.to_string(), html.to_string()),
        None => MultiPart::alternative().singlepart(lettre::message::SinglePart::plain(e.text.to_string())),
    };
    let mut mixed = MultiPart::mixed().multipart(body);
    for f in e.files {
        let ct = ContentType::parse(&f.content_type)
            .map_err(|err| Failure::permanent(format!("attachment type {}: {err}", f.content_type)))?;
        mixed = mixed.singlepart(Attachment::new(f.filename).body(f.bytes, ct));
    }
    let mut builder = lettre::Message::builder();
    if let Some(url) = e.list_unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{url}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    builder
        .from(from)
        .to(to)
        .subject(e.subject)
        .message_id(Some(format!("<{}@{domain}>", e.id)))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), e.language.to_string()))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".to_string()))
        .multipart(mixed)
        .map_err(|err| Failure::permanent(format!("e-mail: {err}")))
}

/// Hands `message` to the SMTP server at `url`; answers the server's reply.
pub async fn send(url: &str, timeout: Duration, message: lettre::Message) -> Result<String, Failure> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| Failure::permanent(format!("SMTP URL: {e}")))?
        .timeout(Some(timeout))
        .build();
    match transport.send(message).await {
        Ok(reply) => Ok(reply.message().collect::<Vec<_>>().join(" ")),
        // A 5xx reply (mailbox unknown, message refused) will not change on a retry.
        Err(e) if e.is_permanent() => Err(Failure::permanent(format!("SMTP: {e}"))),
        Err(e) => Err(Failure::transient(format!("SMTP: {e}"))),
    }
}
