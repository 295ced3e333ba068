//! Messages to people (issue #15, ADR 0032): e-mail, SMS and WhatsApp. A business transaction
//! queues a message of a kind (`notice::queue`), rendered from its template in the person's
//! language and written with the cause; the worker role's sender (`sender`) hands it to its
//! channel — SMTP for e-mail — with retries, after checking the customer's consent for what is
//! not transactional. With no channel set up, messages stay in the tenant's mailbox
//! (`GET /messages`), where the Owner reads them.
//!
//! Owns the `core_messages` table. Uses no business area: consent and attachments come through
//! [`sender::Hooks`], which the application implements.

pub mod callbacks;
pub mod channels;
pub mod custom;
pub mod email;
mod http;
pub mod message;
pub mod notice;
pub mod opt_out;
pub mod permissions;
pub mod problems;
pub mod providers;
pub mod sender;
pub mod templates;

use std::sync::Arc;
use std::time::Duration;

use innexar_http::{AppState, Area, Tag};

pub use message::{AttachmentRef, Channel, Purpose, Status};
pub use notice::{Notice, queue};
pub use sender::{Hooks, InboundMessage, OptOut, Person};

/// The area, its sender asking `H` for consent and attachments, its opt-outs recorded by `H`.
pub fn area<H: Hooks + Default>() -> Area {
    let hooks: Arc<dyn Hooks> = Arc::new(H::default());
    Area::new("notify")
        .routes(http::routes().merge(opt_out::routes(hooks.clone())).merge(callbacks::routes(hooks)))
        .tags(&[Tag {
            name: "messages",
            description: "Messages to people (e-mail, SMS, WhatsApp): the mailbox, with where each stands",
        }])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
        .background(|state| Box::pin(run_sender(state.clone(), Arc::new(H::default()))))
}

/// The worker role's sender: a tenant's due messages right after they are queued, and a sweep
/// of every tenant as often as the first retry pause (at most every 15 s) for retries come due.
pub async fn run_sender(state: AppState, hooks: Arc<dyn Hooks>) {
    let sender = sender::Sender::new(state.clone(), hooks);
    let sweep = Duration::from_secs(state.settings.notify.retry_base_secs.clamp(1, 15));
    let work = |db: innexar_db::TenantDb| {
        let sender = &sender;
        async move { sender.send_due(&db).await.map(drop) }
    };
    innexar_jobs::tenants::serve_marked_tenants(
        "message sender",
        state.control.clone(),
        state.pools.clone(),
        state.message_signal.clone(),
        sweep,
        work,
    )
    .await
}
