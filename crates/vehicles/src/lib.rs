//! Inventory: the tenant's stores (lojas) and the vehicles in stock, from arrival to delivery.
//!
//! Owns the `inventory_*` tables, photo and document records included (`media`). Does not own
//! prices negotiated in a sale (sales) nor how files are stored (files). Entry points:
//! `routes()`, `media::public_routes()` (signed download links), `commands`/`queries` for other
//! areas, `import::ImportJob` (the job that imports spreadsheets) and `export` (stock to CSV/XLSX).

pub mod commands;
pub mod export;
pub mod http;
pub mod identifiers;
pub mod import;
pub mod media;
pub mod model;
pub mod permissions;
pub mod queries;
pub mod store;

pub use http::routes;
