//! The vocabulary every other crate speaks: ids, money, clock, the acting user, pages, settings
//! and the one error type rendered as RFC 9457 problem+json.
//!
//! No I/O lives here. It knows axum's response type (to render problems), sea-orm's error type
//! (to map database failures once) and tokio's task-locals (for the request id), nothing more.

pub mod actor;
pub mod br;
pub mod clock;
pub mod error;
pub mod ids;
pub mod if_match;
pub mod money;
pub mod page;
pub mod patch;
pub mod problems;
pub mod random;
pub mod range;
pub mod request;
pub mod role;
pub mod sealed;
pub mod settings;
pub mod string_enum;
pub mod text;
pub mod validate;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{AppError, FieldError};
pub use ids::{CustomerId, StoreId, TenantId, UserId, new_id};
pub use if_match::IfMatch;
pub use money::Money;
pub use page::{Page, PageParams};
pub use problems::ProblemCode;
pub use range::Range;
pub use role::{Grants, Permission, Role, RoleChanges};
