//! The API as its users call it, on SQLite by default and on PostgreSQL with
//! `TEST_DATABASE_URL` set (`make test` runs both).

mod auth;
mod conventions;
mod events;
mod imports;
mod imports_hostile;
mod isolation;
mod jobs;
mod media;
mod observability;
mod roles;
mod tenants;
mod users;
mod vehicles;
mod web_app;
