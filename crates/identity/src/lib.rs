//! Identity: the users of a tenant (who live in the tenant's database), their roles and store
//! scope, passwords, sessions (access and refresh tokens), invitations; and the platform admins
//! who live in the control database.
//!
//! Entry points: `area()` (routes for `/auth`, `/me` and `/users`, platform admin sign-in,
//! permissions, problem codes); `commands` and `queries` for other crates (`create_owner` for
//! provisioning); `sessions::UserSessionLookup`, which the request context asks whether a
//! token's user is still active and its session not ended. The tables are reached only through
//! the private `store`.

pub mod commands;
mod http;
pub mod mail;
pub mod model;
mod notifications;
mod password;
pub mod permissions;
pub mod platform;
pub mod problems;
pub mod queries;
pub mod reset;
pub mod roles;
pub mod sessions;
mod store;

pub use model::{User, UserStatus};

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("identity")
        .routes(http::routes().merge(roles::routes()).merge(reset::routes()).merge(notifications::routes()))
        .platform_routes(platform::platform_routes())
        .tags(&[
            Tag { name: "auth", description: "Sign-in, sessions and the signed-in user" },
            Tag { name: "users", description: "User administration" },
        ])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
}
