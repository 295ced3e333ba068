//! Inventory: the vehicles in stock, from arrival to delivery, filed under the stores of `org`.
//!
//! Owns the `inventory_*` tables, photo and document records included (`media`). Does not own
//! prices negotiated in a sale (sales) nor how files are stored (files). Entry points:
//! `area()` (routes, signed download links, permissions, the spreadsheet import job),
//! `commands`/`queries` for other areas and `export` (stock to CSV/XLSX).

pub mod commands;
pub mod demo;
pub mod events;
pub mod export;
pub mod http;
pub mod identifiers;
pub mod ids;
pub mod import;
pub mod media;
pub mod model;
pub mod permissions;
pub mod problems;
pub mod queries;
mod store;

use std::sync::Arc;

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("vehicles")
        .routes(http::routes())
        .public_routes("/api/v1/links", media::public_routes())
        .tags(&[
            Tag { name: "vehicles", description: "Vehicle inventory" },
            Tag { name: "files", description: "Signed download links, opened without a token" },
        ])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
        .events(events::TYPES)
        .job(|state| Arc::new(import::ImportJob::new(state)))
}
