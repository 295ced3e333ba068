//! Events leaving the process: the outbox relayed to RabbitMQ (ADR 0030).
//!
//! Owns the broker connection (`broker`: a durable topic exchange, persistent messages published
//! with confirms) and the relay (`relay`: a tenant's undelivered outbox rows published in order
//! and marked sent only once the broker confirmed them). Does not own the outbox (`innexar_db`)
//! nor the in-process dispatcher (`innexar_jobs`), which keeps delivering events when no broker
//! is configured.

pub mod broker;
pub mod consumer;
pub mod dlq;
pub mod relay;

pub use broker::{Broker, BrokerError};
pub use relay::Relay;
