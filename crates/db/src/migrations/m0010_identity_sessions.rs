//! Sessions that can be ended at once: a per-user epoch that access tokens carry (bumped to
//! invalidate every access token of the user), and refresh-token families with their own revoked
//! flag, so a rotation and a reuse of the same family serialise on one row.

use sea_orm_migration::{prelude::*, schema::*};

use super::{entity_table, index, references};

pub(super) async fn up(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut epoch = big_integer("sessions_epoch").default(0).to_owned();
    m.alter_table(Table::alter().table("identity_users").add_column(&mut epoch).to_owned()).await?;
    m.create_table(
        entity_table("identity_refresh_families")
            .col(uuid("user_id"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("rotated_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .foreign_key(&mut references(
                "identity_refresh_families",
                "user_id",
                "identity_users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    m.create_index(index("identity_refresh_families", "identity_refresh_families_user", &["user_id"])).await?;
    // Sessions opened before this migration keep working: each family already in use gets
    // its row. One user per family, so grouping by both gives one row per family.
    m.get_connection()
        .execute_unprepared(
            "INSERT INTO identity_refresh_families (id, user_id, created_at) \
             SELECT family_id, user_id, MIN(created_at) FROM identity_refresh_tokens GROUP BY family_id, user_id",
        )
        .await?;
    Ok(())
}
