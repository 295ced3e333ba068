//! A vehicle's photos (ordered, one of them the cover) and documents (CRLV, nota fiscal, laudo
//! cautelar). The files themselves live on object storage through `innexar_files`; these
//! tables record which file belongs to which vehicle, so every download is authorised per
//! tenant and per store. Entry points: `routes()`, `public_routes()` (signed links).

pub mod commands;
pub mod http;
pub(crate) mod store;

pub use http::{public_routes, routes};

innexar_kernel::string_enum!(
    /// What a vehicle document is.
    pub DocumentKind {
        /// Certificado de Registro e Licenciamento de Veículo.
        Crlv = "crlv",
        /// The purchase or sale invoice (NF-e).
        NotaFiscal = "nota_fiscal",
        /// The inspection report on structure and identification (laudo cautelar).
        LaudoCautelar = "laudo_cautelar",
        Other = "other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_kinds_parse_their_codes_only() {
        assert_eq!(DocumentKind::parse("laudo_cautelar"), Some(DocumentKind::LaudoCautelar));
        assert_eq!(DocumentKind::parse("CRLV"), None);
    }
}
