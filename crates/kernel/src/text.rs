//! Text as people search it: case and accents aside ("João" finds "joao", "Citroën" finds
//! "citroen"), and, for names, spacing and punctuation aside too ("HB 20" is "HB20",
//! "Mercedes Benz" is "Mercedes-Benz").

/// Lowercase without accents.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// A name's key: folded, letters and digits only. Keys are what name filters compare, in code
/// and in SQL (`LIKE` on a key column), so both match the same way.
pub fn name_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_keys_drop_spacing_and_punctuation() {
        assert_eq!(fold("Citroën C3 Aircross Automático"), "citroen c3 aircross automatico");
        assert_eq!(name_key("Mercedes-Benz"), "mercedesbenz");
        assert_eq!(name_key(" HB 20 "), "hb20");
        assert_eq!(name_key("100%_off"), "100off", "no LIKE wildcard survives in a key");
    }
}
