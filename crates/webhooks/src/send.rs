//! One delivery attempt: a POST to the checked address, no redirects followed, within a
//! deadline, reading at most `max_response_bytes` of the answer, with an excerpt kept for the
//! delivery log.

use std::time::{Duration, Instant};

use crate::target::Target;

/// What the delivery log keeps of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The receiver's status; `None` when no answer came (refused, timed out, TLS failed).
    pub status: Option<u16>,
    pub latency_ms: u64,
    /// The start of the answer's body, as text, at most [`EXCERPT_CHARS`] characters.
    pub excerpt: String,
    /// Why no answer came, in a few words.
    pub error: Option<String>,
}

impl Outcome {
    /// No answer came, for `error`.
    pub fn failed(error: impl Into<String>, latency_ms: u64) -> Outcome {
        Outcome { status: None, latency_ms, excerpt: String::new(), error: Some(error.into()) }
    }

    /// A 2xx answer; a redirect is a failure (it is not followed).
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

pub const EXCERPT_CHARS: usize = 500;

/// A delivery to send.
pub struct Delivery<'a> {
    pub target: &'a Target,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub timeout: Duration,
    pub max_response_bytes: usize,
}

fn client(target: &Target, timeout: Duration) -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a bundled TLS provider (ring serves the whole build); it must be
    // the process default. An error means one is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        // The address checked, not a second lookup of the name.
        .resolve(&target.host, target.addr)
        .user_agent(concat!("Innexar-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Sends `d` once.
pub async fn post(d: Delivery<'_>) -> Outcome {
    let started = Instant::now();
    let elapsed = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let failed =
        |error: String| Outcome { status: None, latency_ms: elapsed(), excerpt: String::new(), error: Some(error) };
    let client = match client(d.target, d.timeout) {
        Ok(c) => c,
        Err(e) => return failed(format!("client: {e}")),
    };
    let mut request = client.post(d.target.url.clone()).body(d.body);
    for (k, v) in d.headers {
        request = request.header(k, v);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return failed("timed out".into()),
        Err(e) if e.is_connect() => return failed("could not connect".into()),
        Err(e) => return failed(format!("{e}")),
    };
    let status = response.status().as_u16();
    let mut read = Vec::new();
    let mut response = response;
    let deadline = tokio::time::sleep(d.timeout.saturating_sub(started.elapsed()));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            chunk = response.chunk() => match chunk {
                Ok(Some(c)) => {
                    let room = d.max_response_bytes.saturating_sub(read.len());
                    read.extend_from_slice(&c[..c.len().min(room)]);
                    // Enough for the log: the rest is not read (the connection is dropped).
                    if read.len() >= d.max_response_bytes {
                        break;
                    }
                }
                _ => break,
            },
            _ = &mut deadline => break,
        }
    }
    let excerpt: String =
        String::from_utf8_lossy(&read).chars().filter(|c| !c.is_control() || *c == '\n').take(EXCERPT_CHARS).collect();
    Outcome { status: Some(status), latency_ms: elapsed(), excerpt, error: None }
}
