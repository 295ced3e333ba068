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

/// The name a user's file had, kept for display: its last path segment, without control
/// characters, at most 200 characters.
pub fn clean_filename(name: Option<&str>) -> Option<String> {
    let last = name?.rsplit(['/', '\\']).next()?;
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_string();
    (!cleaned.is_empty()).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_lose_paths_and_control_characters() {
        assert_eq!(clean_filename(Some("C:\\fotos\\frente.jpg")), Some("frente.jpg".into()));
        assert_eq!(clean_filename(Some("../../etc/passwd")), Some("passwd".into()));
        assert_eq!(clean_filename(Some("a\r\nb.png")), Some("ab.png".into()));
        assert_eq!(clean_filename(Some("  ")), None);
        assert_eq!(DocumentKind::parse("laudo_cautelar"), Some(DocumentKind::LaudoCautelar));
        assert_eq!(DocumentKind::parse("CRLV"), None);
    }
}
