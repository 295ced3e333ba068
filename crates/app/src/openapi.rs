//! The OpenAPI 3.1 document's frame (title, licence, security scheme); its paths and tags come
//! from the areas (`router::document`).

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
    modifiers(&BearerAuth)
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
