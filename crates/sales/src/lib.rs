//! The sales desk: what a dealership sells a car with. So far the financing simulation
//! (`financing`, a pure module, and `POST /financing/simulations`); quotes, trade-ins,
//! reservations, approvals, the sale and commissions follow (issue #14).
//!
//! Owns no tables yet. Entry points: `area()`; `financing::simulate` for quotes.

pub mod financing;
mod http;
pub mod permissions;
pub mod problems;

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
