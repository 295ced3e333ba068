//! HTTP plumbing every area shares: the application state, tenant resolution, the request
//! context (`Ctx`) with the acting user, body and query extractors that answer problem+json,
//! access tokens, login throttling, ETags, idempotency keys, and the bound on concurrent heavy work.

pub mod area;
pub mod ctx;
pub mod etag;
pub mod extract;
pub mod grants;
pub mod idempotency;
pub mod limit;
pub mod memo;
pub mod problems;
pub mod sessions;
pub mod state;
pub mod tenant;
pub mod throttle;
pub mod token;

pub use area::{Area, EventType, Tag};
pub use ctx::{Ctx, TenantCtx};
pub use extract::{Json, Path, Query};
pub use state::AppState;
pub use tenant::app_origin;
