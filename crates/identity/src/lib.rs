//! Identity: the users of a tenant (who live in the tenant's database), their roles and store
//! scope, passwords, sessions (access and refresh tokens), invitations; and the platform admins
//! who live in the control database.
//!
//! Entry points: `routes()` for `/auth`, `/me` and `/users`; `platform_routes()` for platform
//! admin sign-in; `commands::create_owner` for provisioning; `sessions::UserSessionLookup`, which
//! the request context asks whether a token's user is still active and its session not ended.

pub mod commands;
pub mod http;
pub mod model;
pub mod password;
pub mod permissions;
pub mod platform;
pub mod queries;
pub mod sessions;
pub mod store;

pub use http::routes;
pub use platform::platform_routes;
