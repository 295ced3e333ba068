//! The id of the request being served, visible to code that renders errors and logs without
//! threading it through every call.

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `fut` with `id` as the current request id.
pub async fn scope<F: Future>(id: String, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}

/// The current request id, if code runs inside a request.
pub fn current_id() -> Option<String> {
    REQUEST_ID.try_with(|id| id.clone()).ok()
}
