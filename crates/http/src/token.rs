//! Access tokens: short-lived HS256 JWTs. Only HS256 is accepted (so `alg: none` and algorithm
//! confusion fail), and issuer, audience and expiry are required. Expiry is checked against the
//! application clock, not the system's, so tests can move time.

use chrono::{DateTime, Duration, Utc};
use innexar_kernel::{AppError, Role, StoreId, new_id};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::memo::Memo;

/// Audience of tokens for a tenant's API.
pub const TENANT_AUDIENCE: &str = "innexar-api";
/// Audience of platform admin tokens.
pub const PLATFORM_AUDIENCE: &str = "innexar-platform";
/// Audience of signed download links.
pub const LINK_AUDIENCE: &str = "innexar-link";
/// Clock skew tolerated between replicas.
const LEEWAY_SECS: i64 = 30;

/// What an access token grants: to whom (`sub`, `email`), where (`audience`, `tenant`) and what
/// (`roles`, `stores`), in which sessions `epoch` of the user (0 for platform admins).
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub audience: &'a str,
    pub sub: Uuid,
    pub email: &'a str,
    pub tenant: Option<Uuid>,
    pub roles: Vec<Role>,
    pub stores: Option<Vec<StoreId>>,
    pub epoch: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user (or platform admin) id.
    pub sub: Uuid,
    pub exp: i64,
    pub iat: i64,
    pub jti: Uuid,
    pub email: String,
    /// The tenant the token was issued for; absent on platform tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Stores the user is limited to; absent means all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stores: Option<Vec<StoreId>>,
    /// The user's sessions epoch when the token was issued: once the user's epoch moves past it
    /// (deactivation, password change, sign-out everywhere) the token is refused. Absent on
    /// platform tokens and tokens issued before epochs existed, which count as epoch 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub epoch: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// What a signed download link grants: one file of one tenant until `exp`. Signed with the
/// access-token key under its own audience, so neither kind of token passes for the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub tid: Uuid,
    /// What the id names, e.g. `vehicle_photo`; the owning area reads it.
    pub kind: String,
    pub sub: Uuid,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    access_ttl: Duration,
    /// Tokens whose signature, issuer and audience were checked in the last minute, by their
    /// exact text: decoding and checking one cost about 7 % of a read's CPU when every request
    /// did it. Only what the bytes prove is kept; expiry is checked on every use.
    verified: Memo<(String, String), Claims>,
}

/// How long a checked token's claims are kept.
const VERIFIED_FOR: Duration = Duration::seconds(60);

impl TokenKeys {
    pub fn new(secret: &[u8], issuer: &str, access_ttl_secs: u64) -> Result<Self, String> {
        if secret.len() < 32 {
            return Err("the token signing key must have at least 32 bytes".into());
        }
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            decoding: DecodingKey::from_secret(secret).map_err(|e| e.to_string())?,
            issuer: issuer.to_string(),
            access_ttl: Duration::seconds(access_ttl_secs as i64),
            verified: Memo::new(VERIFIED_FOR),
        })
    }

    pub fn access_ttl(&self) -> Duration {
        self.access_ttl
    }

    /// Issues an access token for `grant`, valid from `now` for the configured time.
    pub fn issue(&self, grant: Grant<'_>, now: DateTime<Utc>) -> Result<(String, DateTime<Utc>), AppError> {
        let Grant { audience, sub, email, tenant, roles, stores, epoch } = grant;
        let exp = now + self.access_ttl;
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: audience.to_string(),
            sub,
            exp: exp.timestamp(),
            iat: now.timestamp(),
            jti: new_id(),
            email: email.to_string(),
            tid: tenant,
            roles,
            stores,
            epoch,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)?;
        Ok((token, exp))
    }

    /// Verifies signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str, audience: &str, now: DateTime<Utc>) -> Result<Claims, AppError> {
        let claims = self.decode(token, audience)?;
        Self::unexpired(claims, now)
    }

    /// As [`TokenKeys::verify`], for the token every request carries: a token checked in the last
    /// minute is not decoded again (its expiry still is checked).
    pub async fn verify_request(&self, token: &str, audience: &str, now: DateTime<Utc>) -> Result<Claims, AppError> {
        let key = (audience.to_string(), token.to_string());
        let claims = self.verified.get(key, now, || async { self.decode(token, audience) }).await?;
        Self::unexpired(claims, now)
    }

    /// Signature, algorithm, issuer and audience: what the token's bytes prove at any time.
    fn decode(&self, token: &str, audience: &str) -> Result<Claims, AppError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.set_audience(&[audience]);
        v.set_issuer(&[&self.issuer]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_exp = false;
        Ok(jsonwebtoken::decode::<Claims>(token, &self.decoding, &v)
            .map_err(|e| {
                tracing::debug!(error = %e, "access token refused");
                AppError::unauthorized("auth.invalid_token", "the access token is invalid")
            })?
            .claims)
    }

    fn unexpired(claims: Claims, now: DateTime<Utc>) -> Result<Claims, AppError> {
        if claims.exp + LEEWAY_SECS <= now.timestamp() {
            return Err(AppError::unauthorized("auth.token_expired", "the access token has expired; refresh it"));
        }
        Ok(claims)
    }
}

impl TokenKeys {
    /// Signs a download link for `kind`/`id` of `tenant`, valid until `expires`.
    pub fn sign_link(&self, tenant: Uuid, kind: &str, id: Uuid, expires: DateTime<Utc>) -> Result<String, AppError> {
        let claims = LinkClaims {
            iss: self.issuer.clone(),
            aud: LINK_AUDIENCE.into(),
            exp: expires.timestamp(),
            tid: tenant,
            kind: kind.into(),
            sub: id,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }

    /// A link's claims: 403 `files.link_invalid` for a forged or altered link, 410
    /// `files.link_expired` once it has expired (no leeway: the expiry was the signer's choice).
    pub fn verify_link(&self, token: &str, now: DateTime<Utc>) -> Result<LinkClaims, AppError> {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.set_audience(&[LINK_AUDIENCE]);
        v.set_issuer(&[&self.issuer]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_exp = false;
        let claims = jsonwebtoken::decode::<LinkClaims>(token, &self.decoding, &v)
            .map_err(|_| AppError::forbidden("files.link_invalid", "this download link is not valid"))?
            .claims;
        if claims.exp <= now.timestamp() {
            return Err(AppError::new(
                axum::http::StatusCode::GONE,
                "files.link_expired",
                "Link expired",
                "this download link has expired; ask for a new one",
            ));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use innexar_kernel::Clock;

    fn grant(tenant: Option<Uuid>, roles: Vec<Role>) -> Grant<'static> {
        Grant { audience: TENANT_AUDIENCE, sub: new_id(), email: "a@b.com", tenant, roles, stores: None, epoch: 0 }
    }

    fn keys() -> TokenKeys {
        TokenKeys::new(&[7u8; 32], "innexar", 900).expect("keys")
    }

    #[test]
    fn round_trips_and_checks_audience_and_expiry() {
        let k = keys();
        let now = innexar_kernel::SystemClock.now();
        let (t, _) = k.issue(grant(Some(new_id()), vec![Role::Sales]), now).expect("issue");
        assert!(k.verify(&t, TENANT_AUDIENCE, now).is_ok());
        assert_eq!(k.verify(&t, PLATFORM_AUDIENCE, now).unwrap_err().code, "auth.invalid_token");
        assert_eq!(
            k.verify(&t, TENANT_AUDIENCE, now + Duration::seconds(1000)).unwrap_err().code,
            "auth.token_expired"
        );
    }

    #[test]
    fn links_expire_and_are_not_access_tokens() {
        let k = keys();
        let now = innexar_kernel::SystemClock.now();
        let (tenant, id) = (new_id(), new_id());
        let link = k.sign_link(tenant, "vehicle_photo", id, now + Duration::seconds(60)).expect("sign");
        let c = k.verify_link(&link, now).expect("valid");
        assert_eq!((c.tid, c.kind.as_str(), c.sub), (tenant, "vehicle_photo", id));
        assert_eq!(k.verify_link(&link, now + Duration::seconds(60)).unwrap_err().code, "files.link_expired");
        assert_eq!(k.verify(&link, TENANT_AUDIENCE, now).unwrap_err().code, "auth.invalid_token");
        let (access, _) = k.issue(grant(Some(tenant), vec![]), now).expect("issue");
        assert_eq!(k.verify_link(&access, now).unwrap_err().code, "files.link_invalid");
    }

    #[test]
    fn refuses_alg_none_and_other_keys() {
        let k = keys();
        let now = innexar_kernel::SystemClock.now();
        let (t, _) = k.issue(grant(None, vec![]), now).expect("issue");
        let payload = t.split('.').nth(1).expect("payload");
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let none = format!("{}.{payload}.", b64.encode(br#"{"alg":"none","typ":"JWT"}"#));
        assert!(k.verify(&none, TENANT_AUDIENCE, now).is_err());
        let other = TokenKeys::new(&[8u8; 32], "innexar", 900).expect("keys");
        assert!(other.verify(&t, TENANT_AUDIENCE, now).is_err());
    }
}
