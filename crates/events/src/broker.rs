//! The connection to RabbitMQ and publishing with confirms.

use innexar_db::outbox::CloudEvent;
use innexar_kernel::settings::AmqpSettings;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions};
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties, ExchangeKind};
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error("message broker: {0}")]
    Amqp(#[from] lapin::Error),
    #[error("message broker: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("the message broker refused a message for {0}")]
    Refused(String),
}

/// A connection with a channel in confirm mode, and the exchange declared.
pub struct Broker {
    conn: Connection,
    channel: Channel,
    exchange: String,
}

/// `vehicles.vehicle.created`: the publishing area (the last segment of the event's `source`,
/// `/tenants/<id>/<area>`) and the event's type, so a consumer binds to an area (`vehicles.#`),
/// a type (`*.sale.completed`) or everything (`#`).
pub fn routing_key(event: &CloudEvent) -> String {
    let area = event.source.rsplit('/').next().unwrap_or("unknown");
    format!("{area}.{}", event.event_type)
}

impl Broker {
    /// Connects and declares the durable topic exchange of `settings.exchange`.
    pub async fn connect(settings: &AmqpSettings) -> Result<Broker, BrokerError> {
        let props = ConnectionProperties::default().with_connection_name("innexar".into());
        let conn = Connection::connect(settings.url.expose(), props).await?;
        let channel = conn.create_channel().await?;
        channel.confirm_select(ConfirmSelectOptions::default()).await?;
        let durable = ExchangeDeclareOptions { durable: true, ..Default::default() };
        channel
            .exchange_declare(settings.exchange.as_str().into(), ExchangeKind::Topic, durable, FieldTable::default())
            .await?;
        Ok(Broker { conn, channel, exchange: settings.exchange.clone() })
    }

    pub fn is_connected(&self) -> bool {
        self.conn.status().connected() && self.channel.status().connected()
    }

    /// Publishes `events` as persistent CloudEvents JSON messages and waits for the broker's
    /// confirms. Answers the ids the broker confirmed (acknowledged), in order; an event it
    /// refused (nack) is left out, to be published again.
    pub async fn publish_confirmed(&self, events: &[CloudEvent]) -> Result<Vec<Uuid>, BrokerError> {
        let mut pending = Vec::with_capacity(events.len());
        for e in events {
            let body = serde_json::to_vec(e)?;
            let mut headers = FieldTable::default();
            headers.insert("tenantid".into(), AMQPValue::LongString(e.tenantid.to_string().into()));
            let props = BasicProperties::default()
                // 2: persistent; the broker writes it to disk before confirming.
                .with_delivery_mode(2)
                .with_content_type(ShortString::from("application/cloudevents+json"))
                .with_message_id(ShortString::from(e.id.to_string()))
                .with_type(ShortString::from(e.event_type.as_str()))
                .with_app_id(ShortString::from("innexar"))
                .with_timestamp(e.time.timestamp().max(0) as u64)
                .with_headers(headers);
            let confirm = self
                .channel
                .basic_publish(
                    self.exchange.as_str().into(),
                    routing_key(e).as_str().into(),
                    BasicPublishOptions::default(),
                    &body,
                    props,
                )
                .await?;
            pending.push((e.id, confirm));
        }
        let mut confirmed = Vec::with_capacity(pending.len());
        for (id, confirm) in pending {
            if confirm.await?.is_ack() {
                confirmed.push(id);
            } else {
                tracing::warn!(event = %id, "the broker refused an event; it stays in the outbox");
            }
        }
        Ok(confirmed)
    }

    /// The channel, for declaring and consuming queues.
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
