//! E-mails to users (a lead assigned to them, a discount to approve, a reservation running
//! out): the one place that finds the user, skips one deactivated or gone, and names them.

use innexar_db::Tx;
use innexar_kernel::{AppError, UserId};
use innexar_notify::{Channel, Notice};

/// Queues a message of `kind` to user `id` by e-mail, with their name as `name` and a link to
/// `path` of the web app; answers whether it was queued (not for a deactivated or unknown user).
pub async fn email_user(
    tx: &Tx,
    id: UserId,
    kind: &str,
    mut params: serde_json::Value,
    path: &str,
) -> Result<bool, AppError> {
    let Some(user) = crate::store::find_user(&**tx, id).await?.filter(|u| u.active) else { return Ok(false) };
    if let Some(o) = params.as_object_mut() {
        o.insert("name".into(), user.name.clone().into());
    }
    innexar_notify::queue(tx, Notice::new(kind, Channel::Email, &user.email, params).with_link(path)).await?;
    Ok(true)
}
