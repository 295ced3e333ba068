//! The sales desk: what a dealership sells a car with. The financing simulation (`financing`, a
//! pure module) and the banks' rate tables compared side by side (`rates`); reservations;
//! trade-in appraisals; quotes with versions (`quotes`) and discount approvals (`approvals`);
//! the customer's answer by link or at the desk (`acceptance`); the sale and its cancellation
//! (`sale`) with commissions (`commissions`), published as `sale.completed` / `sale.cancelled`;
//! the quote, the sales order and the deal jacket as PDF (`documents`).
//!
//! Owns the `sales_*` tables. Entry points: `area()`; `financing::simulate` and
//! `rates::compare` for quotes.

pub mod acceptance;
pub mod appraisals;
pub mod approvals;
pub mod commissions;
mod deal;
pub mod demo;
pub mod documents;
pub mod events;
mod expiry;
pub mod financing;
mod http;
pub mod permissions;
pub mod problems;
pub mod quotes;
pub mod rates;
pub mod reservations;
pub mod rows;
pub mod sale;
pub mod settings;

use innexar_http::{Area, Tag};

pub fn area() -> Area {
    Area::new("sales")
        .routes(http::routes())
        .tags(&[
            Tag { name: "financing", description: "Vehicle financing simulated to the centavo (Price, SAC, IOF, CET)" },
            Tag { name: "reservations", description: "Vehicles held for a customer until a time" },
            Tag { name: "quotes", description: "Quotes (propostas) with their versions, trade-in, F&I and payments" },
            Tag { name: "approvals", description: "Discounts above a salesperson's limit, decided by a manager" },
            Tag { name: "appraisals", description: "Trade-in appraisals of customers' cars" },
            Tag { name: "acceptance", description: "The customer's answer to a quote, by link or at the desk" },
            Tag { name: "sales", description: "Sales made from accepted quotes, their cancellations and commissions" },
        ])
        .permissions(permissions::ALL)
        .problems(problems::ALL)
        .events(events::TYPES)
        .scheduled(std::time::Duration::from_secs(60), expiry::task)
}
