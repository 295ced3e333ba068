//! Every statement on the identity tables, and the rows they read and write. Private to the
//! crate: other areas go through `commands` and `queries`.

use chrono::{DateTime, Utc};
use innexar_http::sessions::UserSessions;
use innexar_kernel::page::PageRequest;
use innexar_kernel::{AppError, Role, RoleChanges, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, Condition, ExprTrait, PaginatorTrait, QueryOrder, QuerySelect};
use serde_json::json;

use crate::model::User;
use crate::queries::UserFilter;

pub mod user {
    use innexar_kernel::UserId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: UserId,
        pub email: String,
        pub name: String,
        pub password_hash: Option<String>,
        pub roles: Json,
        pub store_ids: Option<Json>,
        pub active: bool,
        pub row_version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub last_login_at: Option<DateTimeUtc>,
        pub sessions_epoch: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One sign-in and every refresh token rotated from it. Its row is what a rotation and a reuse
/// of the family both update first, so they take turns.
pub mod refresh_family {
    use innexar_kernel::UserId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_refresh_families")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: UserId,
        pub created_at: DateTimeUtc,
        pub rotated_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod refresh_token {
    use innexar_kernel::UserId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_refresh_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: UserId,
        pub family_id: Uuid,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod invitation {
    use innexar_kernel::UserId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_invitations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: UserId,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub accepted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A password reset link sent to a user (its token's hash).
pub mod password_reset {
    use innexar_kernel::UserId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_password_resets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub user_id: UserId,
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn count_open_resets(db: &impl ConnectionTrait, user: UserId, now: DateTime<Utc>) -> Result<u64, AppError> {
    use password_reset::Column as R;
    Ok(password_reset::Entity::find()
        .filter(R::UserId.eq(user))
        .filter(R::UsedAt.is_null())
        .filter(R::ExpiresAt.gt(now))
        .count(db)
        .await?)
}

pub async fn insert_reset(
    db: &impl ConnectionTrait,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), AppError> {
    password_reset::ActiveModel {
        id: Set(innexar_kernel::new_id()),
        user_id: Set(user),
        token_hash: Set(token_hash.into()),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_reset(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<password_reset::Model>, AppError> {
    Ok(password_reset::Entity::find().filter(password_reset::Column::TokenHash.eq(token_hash)).one(db).await?)
}

/// Marks `used` and every other open link of the user used; false when `used` was already.
pub async fn use_resets(
    db: &impl ConnectionTrait,
    user: UserId,
    used: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    use password_reset::Column as R;
    // One statement takes every open link of the user, so every use locks them in the same
    // order. Two statements (this link, then the others) let two uses of two links of one user
    // lock them in opposite orders on PostgreSQL: a deadlock, answered 500. The use whose
    // statement took `used` counts; a concurrent one waits, then finds every link used.
    let taken = password_reset::Entity::update_many()
        .col_expr(R::UsedAt, Expr::value(now))
        .filter(R::UserId.eq(user))
        .filter(R::UsedAt.is_null())
        .exec_with_returning(db)
        .await?;
    Ok(taken.iter().any(|r| r.id == used))
}

/// A role an Owner customised: the permissions added to and taken from its defaults.
pub mod role_grant {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "identity_role_grants")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub role: String,
        pub granted: Json,
        pub revoked: Json,
        pub row_version: i64,
        pub updated_at: DateTimeUtc,
        pub updated_by: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub async fn list_role_grants(db: &impl ConnectionTrait) -> Result<Vec<(Role, RoleChanges)>, AppError> {
    Ok(role_grant::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| {
            let changes = RoleChanges {
                granted: serde_json::from_value(m.granted).unwrap_or_default(),
                revoked: serde_json::from_value(m.revoked).unwrap_or_default(),
            };
            Role::parse(&m.role).map(|r| (r, changes))
        })
        .collect())
}

/// Writes a role's changes in one statement (insert or update), so concurrent saves each land
/// whole and the last one wins.
pub async fn save_role_grants(tx: &innexar_db::Tx, role: Role, c: &RoleChanges) -> Result<(), AppError> {
    use sea_orm::sea_query::{Expr, OnConflict};
    let row = role_grant::ActiveModel {
        role: Set(role.as_str().to_string()),
        granted: Set(json!(c.granted)),
        revoked: Set(json!(c.revoked)),
        row_version: Set(1),
        updated_at: Set(tx.now()),
        updated_by: Set(tx.actor().id),
    };
    role_grant::Entity::insert(row)
        .on_conflict(
            OnConflict::column(role_grant::Column::Role)
                .update_columns([
                    role_grant::Column::Granted,
                    role_grant::Column::Revoked,
                    role_grant::Column::UpdatedAt,
                    role_grant::Column::UpdatedBy,
                ])
                .value(
                    role_grant::Column::RowVersion,
                    Expr::col((role_grant::Entity, role_grant::Column::RowVersion)).add(1),
                )
                .to_owned(),
        )
        .exec(tx)
        .await?;
    Ok(())
}

pub async fn delete_role_grants(db: &impl ConnectionTrait, role: Role) -> Result<(), AppError> {
    role_grant::Entity::delete_by_id(role.as_str().to_string()).exec(db).await?;
    Ok(())
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> Self {
        User {
            id: m.id,
            email: m.email,
            name: m.name,
            password_hash: m.password_hash,
            roles: serde_json::from_value(m.roles).unwrap_or_default(),
            store_ids: m.store_ids.and_then(|v| serde_json::from_value(v).ok()),
            active: m.active,
            version: m.row_version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            last_login_at: m.last_login_at,
            sessions_epoch: m.sessions_epoch,
        }
    }
}

fn active_model(u: &User) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(u.id),
        email: Set(u.email.clone()),
        name: Set(u.name.clone()),
        password_hash: Set(u.password_hash.clone()),
        roles: Set(json!(u.roles)),
        store_ids: Set(u.store_ids.as_ref().map(|ids| json!(ids))),
        active: Set(u.active),
        row_version: Set(u.version),
        created_at: Set(u.created_at),
        updated_at: Set(u.updated_at),
        last_login_at: Set(u.last_login_at),
        // Written only by `end_all_sessions`, so an edit never moves it back.
        sessions_epoch: NotSet,
    }
}

pub async fn insert_user(db: &impl ConnectionTrait, u: &User) -> Result<(), AppError> {
    active_model(u).insert(db).await?;
    Ok(())
}

/// Writes `u` if the stored row still has version `expected`; false when someone got there first.
pub async fn update_user(db: &impl ConnectionTrait, u: &User, expected: i64) -> Result<bool, AppError> {
    let res = user::Entity::update_many()
        .set(active_model(u))
        .filter(user::Column::Id.eq(u.id))
        .filter(user::Column::RowVersion.eq(expected))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn find_user(db: &impl ConnectionTrait, id: UserId) -> Result<Option<User>, AppError> {
    Ok(user::Entity::find_by_id(id).one(db).await?.map(User::from))
}

pub async fn find_user_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>, AppError> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.map(User::from))
}

pub async fn touch_last_login(db: &impl ConnectionTrait, id: UserId, now: DateTime<Utc>) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn list_users(
    db: &impl ConnectionTrait,
    f: &UserFilter,
    page: &PageRequest,
) -> Result<(Vec<User>, u64), AppError> {
    let mut q = user::Entity::find();
    if let Some(active) = f.active {
        q = q.filter(user::Column::Active.eq(active));
    }
    if let Some(text) = f.q.as_ref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", text.replace(['\\', '%', '_'], ""));
        q = q.filter(
            Condition::any()
                .add(Expr::col(user::Column::Email).like(pattern.clone()))
                .add(Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(user::Column::Name))).like(pattern)),
        );
    }
    let total = q.clone().count(db).await?;
    for key in &page.sort {
        let col = match key.field.as_str() {
            "email" => user::Column::Email,
            "createdAt" => user::Column::CreatedAt,
            _ => user::Column::Name,
        };
        q = if key.descending { q.order_by_desc(col) } else { q.order_by_asc(col) };
    }
    let items = q.order_by_asc(user::Column::Id).offset(page.offset()).limit(page.page_size).all(db).await?;
    Ok((items.into_iter().map(User::from).collect(), total))
}

/// Every active user, by id.
pub async fn active_users(db: &impl ConnectionTrait) -> Result<Vec<User>, AppError> {
    let users =
        user::Entity::find().filter(user::Column::Active.eq(true)).order_by_asc(user::Column::Id).all(db).await?;
    Ok(users.into_iter().map(User::from).collect())
}

/// Active Owners other than `except`: the last one may not be demoted or deactivated.
pub async fn count_other_active_owners(db: &impl ConnectionTrait, except: UserId) -> Result<usize, AppError> {
    Ok(active_users(db).await?.into_iter().filter(|u| u.id != except && u.roles.contains(&Role::Owner)).count())
}

pub async fn insert_refresh_token(db: &impl ConnectionTrait, t: refresh_token::Model) -> Result<(), AppError> {
    refresh_token::ActiveModel::from(t)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn find_refresh_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<refresh_token::Model>, AppError> {
    Ok(refresh_token::Entity::find().filter(refresh_token::Column::TokenHash.eq(token_hash)).one(db).await?)
}

/// Revokes one token if it is still live; false if it was revoked already (a reuse).
pub async fn revoke_refresh_token(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn insert_refresh_family(
    db: &impl ConnectionTrait,
    id: Uuid,
    user_id: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    refresh_family::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        created_at: Set(now),
        rotated_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Marks a live family as rotating now; false when it was revoked (or never existed). On
/// PostgreSQL this locks the family's row until the transaction ends, so a concurrent reuse of
/// the family waits for this rotation and then revokes the token it inserted.
pub async fn claim_live_family(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = refresh_family::Entity::update_many()
        .col_expr(refresh_family::Column::RotatedAt, Expr::value(now))
        .filter(refresh_family::Column::Id.eq(id))
        .filter(refresh_family::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends a family: its flag first (the row rotations lock), then every token in it.
pub async fn revoke_family(db: &impl ConnectionTrait, family_id: Uuid, now: DateTime<Utc>) -> Result<(), AppError> {
    refresh_family::Entity::update_many()
        .col_expr(refresh_family::Column::RevokedAt, Expr::value(now))
        .filter(refresh_family::Column::Id.eq(family_id))
        .filter(refresh_family::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user: moves their epoch on (so access tokens issued so far are
/// refused) and revokes all their refresh-token families. Returns the new epoch.
pub async fn end_all_sessions(db: &impl ConnectionTrait, user_id: UserId, now: DateTime<Utc>) -> Result<i64, AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::SessionsEpoch, Expr::col(user::Column::SessionsEpoch).add(1))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    refresh_family::Entity::update_many()
        .col_expr(refresh_family::Column::RevokedAt, Expr::value(now))
        .filter(refresh_family::Column::UserId.eq(user_id))
        .filter(refresh_family::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(find_sessions(db, user_id).await?.map(|s| s.epoch).unwrap_or_default())
}

/// Whether a user is active and their sessions epoch, read on its own (every signed-in request
/// may need it when the cache has no answer).
pub async fn find_sessions(db: &impl ConnectionTrait, user_id: UserId) -> Result<Option<UserSessions>, AppError> {
    let row: Option<(bool, i64)> = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::Active)
        .column(user::Column::SessionsEpoch)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(|(active, epoch)| UserSessions { active, epoch }))
}

pub async fn insert_invitation(db: &impl ConnectionTrait, inv: invitation::Model) -> Result<(), AppError> {
    invitation::ActiveModel::from(inv)
        // Every field is written: reset_all marks them all as set.
        .reset_all()
        .insert(db)
        .await?;
    Ok(())
}

pub async fn find_invitation(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<invitation::Model>, AppError> {
    Ok(invitation::Entity::find().filter(invitation::Column::TokenHash.eq(token_hash)).one(db).await?)
}

pub async fn accept_invitation(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let res = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Users' names by id, in one statement.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, AppError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(Uuid, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
