//! The dead-letter queues, for an operator: what is there and why, and sending it back.

use innexar_kernel::settings::AmqpSettings;
use lapin::options::{BasicAckOptions, BasicGetOptions};
use lapin::types::AMQPValue;

use crate::broker::{Broker, BrokerError};
use crate::consumer::{ERROR_HEADER, Queues, attempt_of, publish_to, with_attempt};

/// A message in a handler's dead-letter queue.
#[derive(Debug, Clone)]
pub struct DeadLetter {
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    pub tenant: Option<String>,
    pub attempts: u32,
    pub error: Option<String>,
}

fn header_text(props: &lapin::BasicProperties, key: &str) -> Option<String> {
    match props.headers().as_ref()?.inner().get(key)? {
        AMQPValue::LongString(s) => Some(String::from_utf8_lossy(s.as_bytes()).into_owned()),
        AMQPValue::ShortString(s) => Some(s.as_str().to_string()),
        _ => None,
    }
}

/// The messages of `handler`'s dead-letter queue, oldest first, left in place.
pub async fn list(settings: &AmqpSettings, handler: &str) -> Result<Vec<DeadLetter>, BrokerError> {
    let broker = Broker::connect(settings).await?;
    let queues = Queues::of(settings, handler);
    queues.declare(broker.channel(), &settings.exchange).await?;
    // Taken without acknowledging them; closing the channel puts them all back, in order.
    let ch = broker.connection().create_channel().await?;
    let mut out = Vec::new();
    while let Some(m) = ch.basic_get(queues.dead.as_str().into(), BasicGetOptions { no_ack: false }).await? {
        let p = &m.delivery.properties;
        out.push(DeadLetter {
            event_id: p.message_id().as_ref().map(|s| s.as_str().to_string()),
            event_type: p.kind().as_ref().map(|s| s.as_str().to_string()),
            tenant: header_text(p, "tenantid"),
            attempts: attempt_of(p).saturating_sub(1),
            error: header_text(p, ERROR_HEADER),
        });
    }
    ch.close(200, "listed".into()).await?;
    Ok(out)
}

/// Sends every message of `handler`'s dead-letter queue back to its queue for a fresh round of
/// attempts; answers how many. Each is acknowledged only after its copy is confirmed.
pub async fn replay(settings: &AmqpSettings, handler: &str) -> Result<usize, BrokerError> {
    let broker = Broker::connect(settings).await?;
    let queues = Queues::of(settings, handler);
    queues.declare(broker.channel(), &settings.exchange).await?;
    let ch = broker.connection().create_channel().await?;
    let mut moved = 0;
    while let Some(m) = ch.basic_get(queues.dead.as_str().into(), BasicGetOptions { no_ack: false }).await? {
        let props = with_attempt(&m.delivery.properties, 1, None);
        publish_to(&broker, &queues.main, &m.delivery.data, props).await?;
        m.delivery.ack(BasicAckOptions::default()).await?;
        moved += 1;
    }
    Ok(moved)
}
