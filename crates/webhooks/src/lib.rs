//! Webhooks for integrators (issue #15): each delivery is the event's CloudEvents JSON,
//! signed Stripe-style (`signature`), sent only to a public address unless the operator allows
//! private ones, without following redirects, within a deadline and reading at most a little of
//! the answer (`target`, `send`).

pub mod send;
pub mod signature;
pub mod target;
