//! Checks for identifiers shared by several areas: CNPJ, VIN check digits, tenant slugs, e-mail
//! addresses.

/// Normalises and verifies a CNPJ: 14 characters after removing `.`, `/`, `-` and spaces, the
/// first 12 digits or (from July 2026, Receita Federal's alphanumeric CNPJ) uppercase letters,
/// the last 2 numeric check digits. Returns the normalised form.
pub fn cnpj(input: &str) -> Result<String, CnpjError> {
    let chars: Vec<char> =
        input.chars().filter(|c| !matches!(c, '.' | '/' | '-' | ' ')).map(|c| c.to_ascii_uppercase()).collect();
    // Characters, not bytes: `É` is two bytes, and slicing by bytes past it panics.
    if chars.len() != 14 {
        return Err(CnpjError::Length);
    }
    if !chars[..12].iter().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        || !chars[12..].iter().all(char::is_ascii_digit)
    {
        return Err(CnpjError::Character);
    }
    if chars.iter().all(|c| *c == chars[0]) {
        return Err(CnpjError::CheckDigit);
    }
    // The alphanumeric rule values each character as its ASCII code minus 48, which keeps the
    // numeric CNPJ's digits (and check digits) unchanged.
    let values: Vec<u32> = chars.iter().map(|c| *c as u32 - 48).collect();
    let dv = |len: usize| -> u32 {
        let sum: u32 =
            values[..len].iter().enumerate().map(|(i, v)| v * [2, 3, 4, 5, 6, 7, 8, 9][(len - 1 - i) % 8]).sum();
        let rest = sum % 11;
        if rest < 2 { 0 } else { 11 - rest }
    };
    if dv(12) != values[12] || dv(13) != values[13] {
        return Err(CnpjError::CheckDigit);
    }
    Ok(chars.into_iter().collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CnpjError {
    Length,
    Character,
    CheckDigit,
}

impl CnpjError {
    pub fn code(self) -> &'static str {
        match self {
            CnpjError::Length => "cnpj.length",
            CnpjError::Character => "cnpj.invalid_character",
            CnpjError::CheckDigit => "cnpj.check_digit",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            CnpjError::Length => "a CNPJ has 14 characters",
            CnpjError::Character => "a CNPJ has 12 digits or uppercase letters followed by 2 check digits",
            CnpjError::CheckDigit => "the CNPJ check digits do not match",
        }
    }
}

/// Formats a normalised CNPJ as `12.ABC.345/01DE-35`.
pub fn format_cnpj(cnpj: &str) -> String {
    if cnpj.len() != 14 || !cnpj.is_ascii() {
        return cnpj.to_string();
    }
    format!("{}.{}.{}/{}-{}", &cnpj[0..2], &cnpj[2..5], &cnpj[5..8], &cnpj[8..12], &cnpj[12..14])
}

/// Subdomains that would collide with the platform's own hosts or confuse users.
pub const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "dev",
    "docs",
    "ftp",
    "healthz",
    "help",
    "imap",
    "innexar",
    "internal",
    "localhost",
    "login",
    "mail",
    "metrics",
    "mx",
    "ns",
    "platform",
    "pop",
    "readyz",
    "root",
    "smtp",
    "static",
    "status",
    "support",
    "system",
    "www",
];

/// A tenant slug is its subdomain: 3 to 40 characters, lowercase ASCII letters, digits and
/// single hyphens, starting with a letter and not ending with a hyphen.
pub fn slug(s: &str) -> Result<(), (&'static str, String)> {
    if !(3..=40).contains(&s.len()) {
        return Err(("tenants.slug_length", "the slug must have 3 to 40 characters".into()));
    }
    if !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(("tenants.slug_invalid", "the slug may only use lowercase letters, digits and hyphens".into()));
    }
    if !s.as_bytes()[0].is_ascii_lowercase() || s.ends_with('-') || s.contains("--") {
        return Err((
            "tenants.slug_invalid",
            "the slug must start with a letter, not end with a hyphen, and not have two hyphens in a row".into(),
        ));
    }
    if RESERVED_SLUGS.contains(&s) {
        return Err(("tenants.slug_reserved", format!("'{s}' is reserved")));
    }
    Ok(())
}

/// What `str::trim` removes, as a regular-expression class for the OpenAPI document's patterns
/// (the control characters among them are refused anyway).
pub const BLANK_CLASS: &str = r"[ \t\n\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";

/// [`email`]'s rule as a regular expression, for the OpenAPI document: ASCII only (the byte limits
/// are then character limits), a local part of 1 to 64 characters, a dotted domain whose labels
/// neither start nor end with a hyphen; blanks around it are trimmed.
pub const EMAIL_PATTERN: &str = concat!(
    r"^[ \t\n\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*",
    r"[!-?A-~]{1,64}@([!-,/-?A-~]([!-\-/-?A-~]*[!-,/-?A-~])?\.)+[!-,/-?A-~]([!-\-/-?A-~]*[!-,/-?A-~])?",
    r"[ \t\n\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$"
);

/// Lowercases and trims an e-mail address and checks its shape (not its deliverability).
pub fn email(input: &str) -> Option<String> {
    let e = input.trim().to_lowercase();
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (local, domain) = e.split_once('@')?;
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    (!local.is_empty() && local.len() <= 64 && domain_ok).then_some(e)
}

/// A free-text field: trimmed, empty taken as absent, at most `max` characters. Problems go to
/// `errors` at `pointer` (`field.required`, `field.too_long`: one code per rule everywhere).
/// The earliest business date the API takes (a vehicle's entry into stock, an expense): older
/// ones are typing mistakes (`0001-01-01`), which would count days in stock by the million.
pub const EARLIEST_BUSINESS_DATE: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(1980, 1, 1) {
    Some(d) => d,
    None => chrono::NaiveDate::MIN,
};

/// `field.date_too_early` at `pointer` when `date` is before [`EARLIEST_BUSINESS_DATE`].
pub fn business_date(errors: &mut Vec<crate::FieldError>, pointer: &str, date: chrono::NaiveDate) {
    if date < EARLIEST_BUSINESS_DATE {
        errors.push(crate::FieldError::new(pointer, "field.date_too_early", "the date is before 1980"));
    }
}

/// An image's address as the API takes it: an absolute `http(s)` URL with a host, or a path on
/// this server (`/files/..`, not `//host/..`, which browsers read as another host).
pub fn image_url(s: &str) -> bool {
    if s.len() > 2048 || has_control_character(s, false) {
        return false;
    }
    if let Some(path) = s.strip_prefix('/') {
        return !path.starts_with('/') && !path.starts_with('\\') && !s.contains('\\');
    }
    url::Url::parse(s)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()))
}

/// Whether `s` holds a control character the API refuses: NUL and the other C0 and C1 controls
/// (PostgreSQL cannot store NUL in text, SQLite's full-text syntax breaks on it, and none of them
/// belong in a dealer's data). Tabs and line breaks pass where `multi_line`.
pub fn has_control_character(s: &str, multi_line: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(multi_line && matches!(c, '\t' | '\n' | '\r')))
}

pub fn text(
    errors: &mut Vec<crate::FieldError>,
    pointer: &str,
    value: Option<String>,
    max: usize,
    required: bool,
) -> Option<String> {
    let v = value.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    match &v {
        None if required => errors.push(crate::FieldError::new(pointer, "field.required", "this field is required")),
        Some(s) if s.chars().count() > max => {
            errors.push(crate::FieldError::new(pointer, "field.too_long", format!("use at most {max} characters")))
        }
        // Also here, not only in the JSON extractor: spreadsheet cells reach the same checks.
        Some(s) if has_control_character(s, true) => errors.push(crate::FieldError::new(
            pointer,
            "field.control_character",
            "text may not hold control characters",
        )),
        _ => {}
    }
    v
}

/// The check digit of a 17-character VIN (ISO 3779 / 49 CFR 565, position 9): `0`-`9` or `X`.
/// `None` unless the VIN is 17 characters of the VIN alphabet (uppercase, no I, O, Q). Position 9
/// itself weighs 0, so whatever stands there gives the same answer.
pub fn vin_check_digit(vin: &str) -> Option<char> {
    const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let bytes = vin.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += vin_value(*b)? * w;
    }
    Some(match sum % 11 {
        10 => 'X',
        d => char::from(b'0' + d as u8),
    })
}

/// A VIN character's value in the check-digit sum; letters transliterate to 1-9.
fn vin_value(c: u8) -> Option<u32> {
    Some(match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Multi-byte characters where ASCII is expected must be refused, not sliced through.
    #[test]
    fn identifier_checks_refuse_any_string_without_panicking() {
        let pieces = ["É", "1", "A", "\u{0}", "🚗", "-", ".", "/", " ", "ç", "\u{301}", "Z", "9"];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 20) as usize;
            let s: String = (0..len).map(|i| pieces[((seed >> (i * 3)) % pieces.len() as u64) as usize]).collect();
            let _ = cnpj(&s);
            let _ = format_cnpj(&s);
            let _ = slug(&s);
            let _ = email(&s);
            let _ = vin_check_digit(&s);
        }
        assert_eq!(cnpj("ÉÉÉÉ123456"), Err(CnpjError::Length));
        assert_eq!(cnpj("ÉÉ.345.678/0001-95"), Err(CnpjError::Character));
        assert_eq!(format_cnpj("ÉÉÉÉ123456"), "ÉÉÉÉ123456");
    }

    #[test]
    fn images_are_http_urls_with_a_host_or_paths_on_this_server() {
        for ok in ["https://cdn.loja.com.br/a.jpg", "http://fotos.example/x.png?w=800", "/api/v1/links/abc"] {
            assert!(image_url(ok), "{ok}");
        }
        for bad in [
            "//evil.example/x.png",
            "/\\evil.example",
            "javascript:alert(1)",
            "ftp://x/y",
            "https://",
            "x.png",
            "/a\u{0}b",
        ] {
            assert!(!image_url(bad), "{bad}");
        }
    }

    #[test]
    fn business_dates_before_1980_are_refused() {
        let mut errors = Vec::new();
        business_date(&mut errors, "/enteredAt", chrono::NaiveDate::MIN);
        business_date(&mut errors, "/enteredAt", EARLIEST_BUSINESS_DATE);
        assert_eq!(errors.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["field.date_too_early"]);
    }

    #[test]
    fn control_characters_are_refused_but_tabs_and_line_breaks_pass_in_multi_line_text() {
        assert!(has_control_character("ab\u{0}c", true));
        assert!(has_control_character("\u{1b}[31m", true));
        assert!(has_control_character("a\u{85}b", true), "C1 controls too");
        assert!(!has_control_character("linha 1\nlinha 2\tfim\r\n", true));
        assert!(has_control_character("linha 1\nlinha 2", false));
        assert!(!has_control_character("Citroën C3 — 1.6", false));
        let mut errors = Vec::new();
        text(&mut errors, "/description", Some("ar\u{0}".into()), 100, false);
        assert_eq!(errors[0].code, "field.control_character");
    }

    #[test]
    fn vin_check_digits_from_published_examples() {
        assert_eq!(vin_check_digit("1M8GDM9AXKP042788"), Some('X'));
        assert_eq!(vin_check_digit("11111111111111111"), Some('1'));
        assert_eq!(vin_check_digit("1HGCM82633A004352"), Some('3'));
    }

    #[test]
    fn no_vin_check_digit_for_a_wrong_length_or_letters_outside_the_alphabet() {
        for vin in ["1M8GDM9A", "1M8GDM9AXKP04278", "1M8GDM9AXKP0427888", "1M8GDM9AXKP04278I"] {
            assert_eq!(vin_check_digit(vin), None, "{vin}");
        }
        for vin in ["1M8GDM9AXKP04278O", "1M8GDM9AXKP04278Q", "1m8gdm9axkp042788", "1M8GDM9AXKP04278É"] {
            assert_eq!(vin_check_digit(vin), None, "{vin}");
        }
    }

    #[test]
    fn accepts_published_numeric_and_alphanumeric_cnpjs() {
        assert_eq!(cnpj("11.222.333/0001-81"), Ok("11222333000181".into()));
        assert_eq!(cnpj("11444777000161"), Ok("11444777000161".into()));
        // Receita Federal's example of the alphanumeric format.
        assert_eq!(cnpj("12.ABC.345/01DE-35"), Ok("12ABC34501DE35".into()));
        assert_eq!(cnpj("12abc34501de35"), Ok("12ABC34501DE35".into()));
    }

    #[test]
    fn refuses_bad_cnpjs_with_the_reason() {
        assert_eq!(cnpj("11.222.333/0001-82"), Err(CnpjError::CheckDigit));
        assert_eq!(cnpj("12.ABC.345/01DE-36"), Err(CnpjError::CheckDigit));
        assert_eq!(cnpj("00000000000000"), Err(CnpjError::CheckDigit));
        assert_eq!(cnpj("1122233300018"), Err(CnpjError::Length));
        assert_eq!(cnpj("12.ABC.345/01DE-3A"), Err(CnpjError::Character));
        assert_eq!(cnpj("12.AB#.345/01DE-35"), Err(CnpjError::Character));
    }

    #[test]
    fn formats_cnpj() {
        assert_eq!(format_cnpj("12ABC34501DE35"), "12.ABC.345/01DE-35");
    }

    #[test]
    fn slug_rules() {
        assert!(slug("demo").is_ok());
        assert!(slug("auto-center-sp1").is_ok());
        assert_eq!(slug("ab").unwrap_err().0, "tenants.slug_length");
        assert_eq!(slug("Demo").unwrap_err().0, "tenants.slug_invalid");
        assert_eq!(slug("1loja").unwrap_err().0, "tenants.slug_invalid");
        assert_eq!(slug("loja-").unwrap_err().0, "tenants.slug_invalid");
        assert_eq!(slug("xn--loja").unwrap_err().0, "tenants.slug_invalid");
        assert_eq!(slug("loja_1").unwrap_err().0, "tenants.slug_invalid");
        assert_eq!(slug("www").unwrap_err().0, "tenants.slug_reserved");
        assert_eq!(slug("api").unwrap_err().0, "tenants.slug_reserved");
    }

    #[test]
    fn email_shape() {
        assert_eq!(email(" Ana.Souza@Loja.com.br "), Some("ana.souza@loja.com.br".into()));
        assert_eq!(email("ana@loja"), None);
        assert_eq!(email("ana@@loja.com"), None);
        assert_eq!(email("@loja.com"), None);
        assert_eq!(email("ana souza@loja.com"), None);
    }
}
