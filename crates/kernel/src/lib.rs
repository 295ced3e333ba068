//! The vocabulary every other crate speaks: ids, money, clock, the acting user, pages, settings
//! and the one error type rendered as RFC 9457 problem+json.
//!
//! No I/O lives here; a business area can depend on this crate without pulling a runtime.

pub mod actor;
pub mod clock;
pub mod error;
pub mod ids;
pub mod money;
pub mod page;
pub mod patch;
pub mod request;
pub mod role;
pub mod settings;
pub mod validate;

pub use actor::Actor;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{AppError, FieldError};
pub use ids::new_id;
pub use money::Money;
pub use page::{Page, PageParams};
pub use role::{Permission, Role};
