//! Inventory: the tenant's stores (lojas) and the vehicles in stock, from arrival to delivery.
//!
//! Owns the `inventory_*` tables. Does not own prices negotiated in a sale (sales) nor photos
//! on object storage (files). Entry points: `routes()`, `commands`/`queries` for other areas,
//! `import::ImportJob` (the job that imports spreadsheets) and `export` (stock to CSV/XLSX).

pub mod commands;
pub mod export;
pub mod http;
pub mod identifiers;
pub mod import;
pub mod model;
pub mod permissions;
pub mod queries;
pub mod store;

pub use http::routes;
