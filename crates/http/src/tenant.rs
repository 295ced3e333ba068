//! Tenant resolution, once per request: from the `X-Tenant` header or the subdomain of `Host`,
//! to the registry entry and the caller's verified token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use innexar_db::{TenantRecord, TenantStatus};
use innexar_kernel::AppError;

use crate::state::AppState;
use crate::token::{Claims, TENANT_AUDIENCE};

/// The tenant of this request. Its database is not touched here: a connection is a scarce,
/// shared resource, taken only when a handler needs it (after the token is checked and the body
/// has arrived), so slow or anonymous clients cannot hold the pools.
#[derive(Clone)]
pub struct ResolvedTenant {
    pub record: TenantRecord,
}

/// What the `Authorization` header proved. An invalid token is only an error where a user is
/// required, so public endpoints (login) still work for a client holding a stale token.
#[derive(Clone)]
pub enum Auth {
    Anonymous,
    User(Box<Claims>),
    Invalid { code: &'static str, detail: String },
}

/// The client's address, for login throttling and logs.
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

pub const TENANT_HEADER: &str = "x-tenant";

/// The slug asked for: `X-Tenant` wins over the `Host` subdomain (API clients often call a
/// shared hostname).
pub fn requested_slug(headers: &HeaderMap, base_domain: &str) -> Option<String> {
    if let Some(v) = headers.get(TENANT_HEADER).and_then(|v| v.to_str().ok()) {
        let v = v.trim().to_ascii_lowercase();
        if !v.is_empty() {
            return Some(v);
        }
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok())?;
    subdomain_of(host, base_domain)
}

/// `demo.localhost:3001` with base `localhost` gives `demo`.
pub fn subdomain_of(host: &str, base_domain: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h.to_string(),
        _ => host,
    };
    let sub = host.strip_suffix(&format!(".{}", base_domain.to_ascii_lowercase()))?;
    (!sub.is_empty() && !sub.contains('.')).then(|| sub.to_string())
}

pub fn client_ip(req: &Request, trust_forwarded: bool) -> String {
    if trust_forwarded
        && let Some(first) =
            req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(|v| v.split(',').next())
    {
        return first.trim().to_string();
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// Middleware for every route under a tenant.
pub async fn resolve_tenant(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, AppError> {
    let Some(slug) = requested_slug(req.headers(), &state.settings.server.base_domain) else {
        return Err(AppError::bad_request(
            "tenants.missing",
            format!(
                "name the tenant by subdomain (<tenant>.{}) or the X-Tenant header",
                state.settings.server.base_domain
            ),
        ));
    };
    let record = if innexar_kernel::validate::slug(&slug).is_ok() {
        state.control.find_tenant_by_slug(&slug).await?
    } else {
        None
    };
    let Some(record) = record else {
        return Err(AppError::not_found("tenants.not_found", format!("there is no tenant '{slug}'")));
    };
    if record.status == TenantStatus::Suspended {
        return Err(AppError::forbidden("tenants.suspended", "this tenant is suspended; contact support"));
    }
    let auth = match bearer(req.headers()) {
        None => Auth::Anonymous,
        Some(token) => match state.tokens.verify_request(token, TENANT_AUDIENCE, state.clock.now()).await {
            Ok(claims) if claims.tid == Some(record.id) => Auth::User(Box::new(claims)),
            Ok(_) => Auth::Invalid {
                code: "auth.wrong_tenant",
                detail: "the access token was issued for another tenant".into(),
            },
            Err(e) => Auth::Invalid { code: e.code, detail: e.detail },
        },
    };
    let ip = client_ip(&req, state.settings.server.trust_forwarded_for);
    tracing::Span::current().record("tenant", record.slug.as_str());
    if let Auth::User(c) = &auth {
        tracing::Span::current().record("user", c.sub.to_string().as_str());
    }
    let ext = req.extensions_mut();
    ext.insert(ResolvedTenant { record });
    ext.insert(auth);
    ext.insert(ClientIp(ip));
    Ok(next.run(req).await)
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Where the tenant's web app is, for links in messages: from the settings, never from the
/// request (a forged Host must not put another site's address in a reset e-mail).
pub fn app_origin(settings: &innexar_kernel::settings::Settings, slug: &str) -> String {
    let s = &settings.server;
    if s.behind_tls {
        format!("https://{slug}.{}", s.base_domain)
    } else {
        format!("http://{slug}.{}:{}", s.base_domain, s.addr.port())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_subdomain() {
        assert_eq!(subdomain_of("demo.localhost:3001", "localhost"), Some("demo".into()));
        assert_eq!(subdomain_of("Loja1.Innexar.App", "innexar.app"), Some("loja1".into()));
        assert_eq!(subdomain_of("localhost:3001", "localhost"), None);
        assert_eq!(subdomain_of("a.b.localhost", "localhost"), None);
        assert_eq!(subdomain_of("demo.example.com", "localhost"), None);
    }
}
