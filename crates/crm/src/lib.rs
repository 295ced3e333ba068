//! Customers and the sales funnel (CRM). Owns the `crm_*` tables: customers (people and
//! companies) with their phones, e-mails, addresses and contact people, their consent (LGPD),
//! and the keys that find them. Which vehicle a customer owns is the vehicle's record
//! (`vehicles`), which this area asks for and changes through that area's commands.
//!
//! Entry points: `area()`; `queries` for other areas (a quote's or a repair order's customer
//! must exist and be visible; `may_contact` before a message goes out).

pub mod commands;
pub mod conversations;
pub mod demo;
pub mod events;
mod http;
pub mod intake;
pub mod model;
pub mod permissions;
pub mod privacy;
pub mod problems;
pub mod queries;
mod rescoring;
pub mod scoring;
mod store;

pub use store::Consent;

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("crm")
        .routes(http::routes())
        .tags(&[
            Tag { name: "customers", description: "Customers, their consent (LGPD) and the vehicles they own" },
            Tag { name: "leads", description: "The sales funnel: leads, stages, activities and tasks" },
            Tag { name: "intake", description: "Leads posted by websites and portals with a source's key" },
        ])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
        .events(events::TYPES)
        .scheduled(std::time::Duration::from_secs(3600), rescoring::task)
}
