//! The dealer group's organisation: its stores (lojas), with their CNPJ, address and time zone.
//! Sales, workshop, parts and accounting all work per store, so stores are their own area and
//! no business area depends on `vehicles` to know them.
//!
//! Owns the `org_*` tables. Entry points: `area()`; `queries` for other areas (a store a
//! vehicle or a sale names must exist, be visible to the actor and be active).

pub mod commands;
pub mod demo;
mod http;
pub mod model;
pub mod permissions;
pub mod problems;
pub mod queries;
mod store;

pub use model::{Address, Store};

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("org")
        .routes(http::routes())
        .tags(&[Tag { name: "stores", description: "The dealer group's stores (lojas)" }])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
}
