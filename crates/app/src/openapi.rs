//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Innexar API",
        description = "The open API of Innexar, the dealer management system. Every tenant (dealer group) \
            is reached at its subdomain or with the `X-Tenant` header. Errors are RFC 9457 problem+json \
            with a stable `code`. Money is in integer centavos (BRL).",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in, sessions and the signed-in user"),
        (name = "users", description = "User administration"),
        (name = "stores", description = "The dealer group's stores (lojas)"),
        (name = "vehicles", description = "Vehicle inventory"),
        (name = "audit", description = "Who changed what"),
        (name = "files", description = "Signed download links, opened without a token"),
        (name = "platform", description = "Tenant provisioning, for platform admins")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The document as served at `/api/v1/openapi.json` and committed in `docs/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::router::api_router().into_openapi()
}

pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_default() + "\n"
}
