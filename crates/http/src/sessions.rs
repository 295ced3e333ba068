//! Whether a signed-in user may still act: the user is active and the access token is not from
//! an older sessions epoch than the user's (deactivation, a password change and "sign out
//! everywhere" move the epoch on). Identity owns the data and answers through [`SessionLookup`];
//! this module keeps each answer for [`CACHE_TTL_SECS`] so most requests do not query at all.
//!
//! A change made in this process takes effect at once ([`Sessions::forget`] after its commit);
//! other replicas see it when their cached answer expires (ADR 0013).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use innexar_db::TenantDb;
use innexar_kernel::AppError;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::memo::Memo;
use crate::token::Claims;

/// How long an answer is kept: the longest another replica keeps serving a deactivated user or
/// a revoked token.
pub const CACHE_TTL_SECS: i64 = 5;

/// What identity knows of a user's sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserSessions {
    pub active: bool,
    /// Tokens of an older epoch are refused.
    pub epoch: i64,
}

pub type LookupFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<UserSessions>, AppError>> + Send + 'a>>;

/// Reads a user's session state (`None`: no such user). Implemented by identity, which owns the
/// table; this crate cannot depend on it.
pub trait SessionLookup: Send + Sync {
    fn find<'a>(&'a self, db: &'a DatabaseConnection, user: Uuid) -> LookupFuture<'a>;
}

pub struct Sessions {
    lookup: Arc<dyn SessionLookup>,
    memo: Memo<(Uuid, Uuid), Option<UserSessions>>,
}

impl Sessions {
    pub fn new(lookup: Arc<dyn SessionLookup>) -> Self {
        Sessions { lookup, memo: Memo::new(Duration::seconds(CACHE_TTL_SECS)) }
    }

    /// 401 `auth.user_inactive` for a deactivated or deleted user, 401 `auth.session_revoked`
    /// for a token of an ended session. `db` is called only when the answer is not cached, and
    /// the database is let go as soon as the query returns.
    pub async fn check<F, Fut>(&self, tenant: Uuid, claims: &Claims, now: DateTime<Utc>, db: F) -> Result<(), AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TenantDb, AppError>>,
    {
        let state = self
            .memo
            .get((tenant, claims.sub), now, || async {
                let db = db().await?;
                self.lookup.find(db.conn(), claims.sub).await
            })
            .await?;
        match state {
            Some(s) if !s.active => Err(inactive()),
            None => Err(inactive()),
            // A newer epoch than ours is a token issued after a change this replica has not read
            // yet: it is genuine (we signed it), so it passes.
            Some(s) if claims.epoch < s.epoch => Err(AppError::unauthorized(
                "auth.session_revoked",
                "this session was ended (signed out everywhere, password changed); sign in again",
            )),
            Some(_) => Ok(()),
        }
    }

    /// Drops what is known of `user`; call it after committing a change to their sessions.
    pub fn forget(&self, tenant: Uuid, user: Uuid) {
        self.memo.forget(&(tenant, user));
    }
}

fn inactive() -> AppError {
    AppError::unauthorized("auth.user_inactive", "this user no longer exists or was deactivated")
}
