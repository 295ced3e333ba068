use std::ops::Deref;
use std::sync::Arc;

use innexar_db::outbox::OutboxSignal;
use innexar_db::{ControlDb, TenantPools};
use innexar_files::Storage;
use innexar_kernel::settings::Settings;
use innexar_kernel::{Clock, Permission};

use crate::grants::RoleGrants;
use crate::limit::ConcurrencyLimit;
use crate::sessions::Sessions;
use crate::throttle::LoginThrottle;
use crate::token::TokenKeys;

/// Everything a request may need, built once by the binary (or a test) and shared.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

pub struct StateInner {
    pub settings: Settings,
    pub control: Arc<ControlDb>,
    pub pools: Arc<TenantPools>,
    /// Where uploaded photos and documents live.
    pub files: Storage,
    pub clock: Arc<dyn Clock>,
    pub tokens: TokenKeys,
    pub throttle: LoginThrottle,
    /// Whether a token's user is still active and its session not ended (cached briefly).
    pub sessions: Sessions,
    /// The tenant's own grants per role (cached briefly).
    pub grants: RoleGrants,
    /// Woken after a commit that wrote outbox events, so delivery does not wait for a poll.
    pub outbox_signal: Arc<OutboxSignal>,
    /// Woken after a request queued a background job, so the worker starts it at once.
    pub job_signal: Arc<OutboxSignal>,
    /// Every permission of every area, for `GET /me` and the role matrix.
    pub permissions: Vec<Permission>,
    /// How many uploaded spreadsheets are read at once (`imports.max_concurrent*`).
    pub imports: ConcurrencyLimit,
    /// Seals secrets kept in the database (`secrets.key`).
    pub sealer: innexar_kernel::sealed::Sealer,
    /// Woken after an event handler queued webhook deliveries, so they go at once.
    pub webhook_signal: Arc<OutboxSignal>,
    /// Woken after a transaction queued messages to people, so they go at once.
    pub message_signal: Arc<OutboxSignal>,
    /// Every event type every area publishes: what webhook endpoints may subscribe to.
    pub event_types: Vec<crate::EventType>,
}

impl AppState {
    pub fn new(inner: StateInner) -> Self {
        AppState(Arc::new(inner))
    }
}

impl Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.0
    }
}
