//! The sales desk: what a dealership sells a car with. So far the financing simulation
//! (`financing`, a pure module, and `POST /financing/simulations`) and the banks' rate tables
//! compared side by side (`rates`); quotes, trade-ins, reservations, approvals, the sale and
//! commissions follow (issue #14).
//!
//! Owns the `sales_*` tables. Entry points: `area()`; `financing::simulate` and
//! `rates::compare` for quotes.

pub mod demo;
pub mod financing;
mod http;
pub mod permissions;
pub mod problems;
pub mod rates;

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("sales")
        .routes(http::routes())
        .tags(&[Tag {
            name: "financing",
            description: "Vehicle financing simulated to the centavo (Price, SAC, IOF, CET)",
        }])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
}
