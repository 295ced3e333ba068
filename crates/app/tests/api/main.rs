#![allow(clippy::disallowed_methods, reason = "tests make their own ids and times")]
//! The API as its users call it, on SQLite by default and on PostgreSQL with
//! `TEST_DATABASE_URL` set (`make test` runs both).

mod auth;
mod contract;
mod conventions;
mod customers;
mod documents;
mod events;
mod financing;
mod hardening;
mod imports;
mod imports_hostile;
mod intake;
mod isolation;
mod jobs;
mod leads;
mod login_throttle;
mod media;
mod messaging;
mod notify;
mod observability;
mod password_reset;
mod privacy;
mod quotes;
mod reservations;
mod roles;
mod sales;
mod sales_floor;
mod sessions;
mod tenants;
mod users;
mod vehicles;
mod web_app;
mod webhooks;
