//! Inventory: the tenant's stores (lojas) and the vehicles in stock, from arrival to delivery.
//!
//! Owns the `inventory_*` tables, photo and document records included (`media`). Does not own
//! prices negotiated in a sale (sales) nor how files are stored (files). Entry points:
//! `routes()`, `media::public_routes()` (signed download links), and `commands`/`queries` for
//! other areas.

pub mod commands;
pub mod http;
pub mod identifiers;
pub mod media;
pub mod model;
pub mod permissions;
pub mod queries;
pub mod store;

pub use http::routes;
