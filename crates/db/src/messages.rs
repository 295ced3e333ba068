//! Messages to people (a password reset link, later notifications), written in the business
//! transaction that causes them: the seam the notification channels (e-mail, SMS, WhatsApp)
//! deliver from. Until a channel is configured the messages stay here, and the tenant's Owners
//! read them in the mailbox (`GET /api/v1/messages`): a single store can run without an e-mail
//! server, and development shows what would have been sent.

use chrono::{DateTime, Utc};
use innexar_kernel::new_id;
use innexar_kernel::page::PageRequest;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, PaginatorTrait, QueryOrder, QuerySelect};

use crate::Tx;

pub mod entity {
    use sea_orm::entity::prelude::*;

    // Serialised, it is the API's view of a message (`GET /messages`).
    /// A message to one person, as it would be (or was) sent.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema)]
    #[sea_orm(table_name = "core_messages")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = MessageView)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// `email` (SMS and WhatsApp to come).
        pub channel: String,
        /// The address it is for.
        pub recipient: String,
        /// What it is about, e.g. `password_reset`.
        pub kind: String,
        pub subject: String,
        pub body: String,
        pub created_at: chrono::DateTime<chrono::Utc>,
        /// When a channel delivered it; null while it waits in the mailbox.
        pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::Model as Message;

/// A message to write.
pub struct NewMessage<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Records `m` in the transaction, at its time.
pub async fn record(tx: &Tx, m: NewMessage<'_>) -> Result<(), DbErr> {
    record_at(tx, tx.now(), m).await
}

async fn record_at(conn: &impl ConnectionTrait, now: DateTime<Utc>, m: NewMessage<'_>) -> Result<(), DbErr> {
    entity::ActiveModel {
        id: Set(new_id()),
        channel: Set(m.channel.into()),
        recipient: Set(m.recipient.into()),
        kind: Set(m.kind.into()),
        subject: Set(m.subject.into()),
        body: Set(m.body.into()),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// A page of messages, newest first.
pub async fn list(conn: &impl ConnectionTrait, page: &PageRequest) -> Result<(Vec<Message>, u64), DbErr> {
    let q = entity::Entity::find();
    let total = q.clone().count(conn).await?;
    let items = q.order_by_desc(entity::Column::Id).offset(page.offset()).limit(page.page_size).all(conn).await?;
    Ok((items, total))
}
