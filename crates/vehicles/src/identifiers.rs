//! Brazilian vehicle identifiers, validated and decoded: VIN (chassi), placa (old and Mercosul)
//! and RENAVAM. Pure functions, no I/O; other areas (sales, vehicle history) reuse them.

use innexar_kernel::validate::vin_check_digit;

/// What is wrong with an identifier: a stable code (`vin.invalid_character`) and a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: &'static str,
}

const fn invalid(code: &'static str, message: &'static str) -> Invalid {
    Invalid { code, message }
}

// ---------------------------------------------------------------- VIN

/// A VIN read apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vin {
    /// Normalised: trimmed, uppercase.
    pub value: String,
    /// World manufacturer identifier (positions 1-3).
    pub wmi: String,
    pub manufacturer: Option<&'static str>,
    pub country: Option<&'static str>,
    /// The model year from position 10, resolved to the latest year not after `current_year + 1`.
    pub model_year: Option<i32>,
    /// The North-American check digit (position 9) computed from the other positions.
    pub expected_check_digit: char,
    /// Whether position 9 holds it. Many Brazilian VINs do not use the check digit, so a
    /// mismatch is a warning for the user, never a rejection.
    pub check_digit_valid: bool,
}

/// Normalises and checks a VIN (17 characters, digits and letters except I, O and Q), and decodes
/// what it says.
pub fn parse_vin(input: &str, current_year: i32) -> Result<Vin, Invalid> {
    let v: String = input.trim().to_ascii_uppercase();
    if v.chars().count() != 17 {
        return Err(invalid("vin.length", "a VIN has 17 characters"));
    }
    if !v.bytes().all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && !matches!(b, b'I' | b'O' | b'Q'))) {
        return Err(invalid("vin.invalid_character", "a VIN uses digits and letters other than I, O and Q"));
    }
    let expected = vin_check_digit(&v).unwrap_or('?');
    let wmi = v[..3].to_string();
    Ok(Vin {
        manufacturer: manufacturer(&wmi),
        country: country(&wmi),
        model_year: model_year(v.as_bytes()[9], current_year),
        check_digit_valid: v.as_bytes()[8] as char == expected,
        expected_check_digit: expected,
        wmi,
        value: v,
    })
}

/// Position 10 repeats every 30 years; the latest matching year not after next year wins (a
/// 2027 model is on sale in 2026).
fn model_year(code: u8, current_year: i32) -> Option<i32> {
    const CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
    let index = CODES.iter().position(|c| *c == code)? as i32;
    let mut year = 1980 + index;
    while year + 30 <= current_year + 1 {
        year += 30;
    }
    Some(year)
}

/// Manufacturers by WMI, Brazilian plants first.
const WMIS: &[(&str, &str)] = &[
    ("9BW", "Volkswagen"),
    ("9BG", "Chevrolet"),
    ("9BD", "Fiat"),
    ("93H", "Honda"),
    ("9BR", "Toyota"),
    ("9BF", "Ford"),
    ("93Y", "Renault"),
    ("9BH", "Hyundai"),
    ("95P", "Hyundai (CAOA)"),
    ("94D", "Nissan"),
    ("988", "Jeep"),
    ("98M", "BMW"),
    ("936", "Peugeot"),
    ("935", "Citroën"),
    ("93X", "Mitsubishi"),
    ("9BM", "Mercedes-Benz"),
    ("9BS", "Scania"),
    ("9BV", "Volvo"),
    ("99A", "Audi"),
    ("8AP", "Fiat"),
    ("8AF", "Ford"),
    ("8AJ", "Toyota"),
    ("8AW", "Volkswagen"),
    ("8A1", "Renault"),
    ("8AG", "Chevrolet"),
    ("3VW", "Volkswagen"),
    ("3FA", "Ford"),
    ("3N1", "Nissan"),
    ("LGX", "BYD"),
    ("LVV", "Chery"),
    ("LFV", "FAW-Volkswagen"),
    ("WVW", "Volkswagen"),
    ("WBA", "BMW"),
    ("WDD", "Mercedes-Benz"),
    ("WAU", "Audi"),
    ("ZFA", "Fiat"),
    ("VF1", "Renault"),
    ("VF3", "Peugeot"),
    ("VF7", "Citroën"),
    ("JTD", "Toyota"),
    ("JHM", "Honda"),
    ("KMH", "Hyundai"),
    ("1HG", "Honda"),
    ("1M8", "Motor Coach Industries"),
];

pub fn manufacturer(wmi: &str) -> Option<&'static str> {
    WMIS.iter().find(|(w, _)| *w == wmi).map(|(_, m)| *m)
}

/// The country of manufacture from the WMI's first two characters (SAE J1044 regions).
pub fn country(wmi: &str) -> Option<&'static str> {
    let b = wmi.as_bytes();
    let (first, second) = (*b.first()?, *b.get(1)?);
    let in_range = |lo: u8, hi: u8| {
        let order = |c: u8| if c.is_ascii_digit() { c - b'0' + 26 } else { c - b'A' };
        (order(lo)..=order(hi)).contains(&order(second))
    };
    Some(match first {
        b'9' if in_range(b'A', b'E') || in_range(b'3', b'9') => "Brasil",
        b'9' if in_range(b'F', b'J') => "Colômbia",
        b'8' if in_range(b'A', b'E') => "Argentina",
        b'8' if in_range(b'F', b'J') => "Chile",
        b'1' | b'4' | b'5' => "Estados Unidos",
        b'2' => "Canadá",
        b'3' if in_range(b'A', b'W') => "México",
        b'J' => "Japão",
        b'K' if in_range(b'L', b'R') => "Coreia do Sul",
        b'L' => "China",
        b'W' => "Alemanha",
        b'V' if in_range(b'F', b'R') => "França",
        b'V' if in_range(b'S', b'W') => "Espanha",
        b'Z' if in_range(b'A', b'R') => "Itália",
        b'S' if in_range(b'A', b'M') => "Reino Unido",
        b'Y' if in_range(b'S', b'W') => "Suécia",
        _ => return None,
    })
}

// ---------------------------------------------------------------- placa

/// The two plate formats in use in Brazil.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlacaFormat {
    /// `ABC1234`, before 2018.
    Old,
    /// `ABC1D23`, the Mercosul plate.
    Mercosul,
}

/// Normalises a placa (uppercase, no hyphen or space) and tells its format.
pub fn parse_placa(input: &str) -> Result<(String, PlacaFormat), Invalid> {
    let p: String = input.trim().chars().filter(|c| *c != '-' && *c != ' ').collect::<String>().to_ascii_uppercase();
    let b = p.as_bytes();
    if b.len() != 7
        || !b[..3].iter().all(u8::is_ascii_uppercase)
        || !b[3].is_ascii_digit()
        || !b[5..].iter().all(u8::is_ascii_digit)
    {
        return Err(invalid("placa.invalid", "a placa is ABC1234 or, in the Mercosul format, ABC1D23"));
    }
    match b[4] {
        c if c.is_ascii_digit() => Ok((p, PlacaFormat::Old)),
        c if c.is_ascii_uppercase() => Ok((p, PlacaFormat::Mercosul)),
        _ => Err(invalid("placa.invalid", "a placa is ABC1234 or, in the Mercosul format, ABC1D23")),
    }
}

/// The same plate in the other format. CONTRAN's rule: the 5th character's digit 0-9 becomes the
/// letter A-J and back (`ABC1234` <-> `ABC1C34`). Mercosul plates issued new (5th letter K-Z)
/// have no old form.
pub fn convert_placa(placa: &str) -> Option<String> {
    let (p, format) = parse_placa(placa).ok()?;
    let mut b = p.into_bytes();
    b[4] = match format {
        PlacaFormat::Old => b'A' + (b[4] - b'0'),
        PlacaFormat::Mercosul if (b'A'..=b'J').contains(&b[4]) => b'0' + (b[4] - b'A'),
        PlacaFormat::Mercosul => return None,
    };
    String::from_utf8(b).ok()
}

/// Both forms of a plate, for searching either: the plate itself and, when it has one, its
/// conversion.
pub fn placa_forms(placa: &str) -> Vec<String> {
    let Ok((p, _)) = parse_placa(placa) else { return vec![] };
    let mut forms = vec![p];
    forms.extend(convert_placa(&forms[0]));
    forms
}

/// One key for both forms of a plate: the old form when the plate has one, else the plate.
/// The migration that indexes it computes the same in SQL (`m0009`); they must agree.
pub fn placa_key(placa: &str) -> String {
    match parse_placa(placa) {
        Ok((p, PlacaFormat::Old)) => p,
        Ok((p, PlacaFormat::Mercosul)) => convert_placa(&p).unwrap_or(p),
        Err(_) => placa.to_string(),
    }
}

// ---------------------------------------------------------------- RENAVAM

/// Normalises and checks a RENAVAM: 11 digits (older 9- and 10-digit numbers are left-padded
/// with zeros), the last a check digit; all-same-digit numbers are refused.
pub fn parse_renavam(input: &str) -> Result<String, Invalid> {
    let digits: String = input.trim().chars().filter(|c| !matches!(c, '.' | '-' | ' ')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("renavam.invalid_character", "a RENAVAM has digits only"));
    }
    if !(9..=11).contains(&digits.len()) {
        return Err(invalid("renavam.length", "a RENAVAM has 11 digits (9 or 10 in older documents)"));
    }
    let r = format!("{digits:0>11}");
    let b = r.as_bytes();
    if b.iter().all(|c| *c == b[0]) {
        return Err(invalid("renavam.check_digit", "the RENAVAM check digit does not match"));
    }
    const WEIGHTS: [u32; 10] = [3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = b[..10].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let dv = (sum * 10) % 11 % 10;
    if dv != u32::from(b[10] - b'0') {
        return Err(invalid("renavam.check_digit", "the RENAVAM check digit does not match"));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_brazilian_vins_and_only_warns_on_the_check_digit() {
        let v = parse_vin(" 9bwzzz377vt004251 ", 2026).expect("valid");
        assert_eq!(v.value, "9BWZZZ377VT004251");
        assert_eq!(v.manufacturer, Some("Volkswagen"));
        assert_eq!(v.country, Some("Brasil"));
        assert_eq!(v.model_year, Some(2027), "V is 1997 or 2027; the latest not after 2027");
        assert!(!v.check_digit_valid, "Brazilian VINs often carry Z in position 9");
        assert_eq!(parse_vin("9BWZZZ377VT004251", 2020).expect("valid").model_year, Some(1997));
        let cases = [
            ("9BGKS48U0SG123456", "Chevrolet", 2025),
            ("9BD19524SN1234567", "Fiat", 2022),
            ("93HGK5860RZ100001", "Honda", 2024),
            ("9BRBL3HE5P0123456", "Toyota", 2023),
            ("9BFZH55L8M8012345", "Ford", 2021),
            ("93YRBB000TJ123456", "Renault", 2026),
        ];
        for (vin, make, year) in cases {
            let v = parse_vin(vin, 2026).expect(vin);
            assert_eq!(v.manufacturer, Some(make), "{vin}");
            assert_eq!(v.country, Some("Brasil"), "{vin}");
            assert_eq!(v.model_year, Some(year), "{vin}");
        }
        let us = parse_vin("1M8GDM9AXKP042788", 2026).expect("valid");
        assert!(us.check_digit_valid);
        assert_eq!(us.country, Some("Estados Unidos"));
        assert_eq!(us.model_year, Some(2019));
        assert_eq!(parse_vin("LGXCE4CB1P0123456", 2026).expect("valid").country, Some("China"));
    }

    #[test]
    fn refuses_malformed_vins_with_a_reason() {
        assert_eq!(parse_vin("9BWZZZ377VT00425", 2026).unwrap_err().code, "vin.length");
        assert_eq!(parse_vin("9BWZZZ377VT0042511", 2026).unwrap_err().code, "vin.length");
        for bad in ["9BWZZZ377VT00425O", "9BWZZZ377VT00425I", "9BWZZZ377VT00425Q", "9BWZZZ377VT00425-"] {
            assert_eq!(parse_vin(bad, 2026).unwrap_err().code, "vin.invalid_character", "{bad}");
        }
    }

    #[test]
    fn both_forms_of_a_plate_share_one_key() {
        assert_eq!(placa_key("ABC1234"), "ABC1234");
        assert_eq!(placa_key("ABC1C34"), "ABC1234");
        assert_eq!(placa_key("abc-1c34"), "ABC1234");
        // Issued as Mercosul (5th letter K-Z): no old form, the plate is its own key.
        assert_eq!(placa_key("BRA2K19"), "BRA2K19");
    }

    #[test]
    fn placa_formats_and_conversion() {
        assert_eq!(parse_placa("abc-1234"), Ok(("ABC1234".into(), PlacaFormat::Old)));
        assert_eq!(parse_placa("BRA2E19"), Ok(("BRA2E19".into(), PlacaFormat::Mercosul)));
        for bad in ["AB12345", "ABC12345", "ABC1DD3", "1BC1234", "ABC-12", "ABCD123", "ÁBC1234"] {
            assert_eq!(parse_placa(bad).unwrap_err().code, "placa.invalid", "{bad}");
        }
        assert_eq!(convert_placa("ABC1234").as_deref(), Some("ABC1C34"));
        assert_eq!(convert_placa("ABC1C34").as_deref(), Some("ABC1234"));
        assert_eq!(convert_placa("XYZ9090").as_deref(), Some("XYZ9A90"));
        assert_eq!(convert_placa("XYZ9J90").as_deref(), Some("XYZ9990"));
        assert_eq!(convert_placa("BRA2K19"), None, "a new Mercosul series has no old form");
        for p in ["ABC1234", "QWE0000", "RIO9999"] {
            assert_eq!(convert_placa(&convert_placa(p).expect("mercosul")).as_deref(), Some(p));
        }
        assert_eq!(placa_forms("abc-1234"), vec!["ABC1234".to_string(), "ABC1C34".to_string()]);
    }

    #[test]
    fn renavam_check_digit() {
        for valid in ["00639884962", "639884962", "0639884962", "01234567897", "14283256656", "60390908553"] {
            assert!(parse_renavam(valid).is_ok(), "{valid}");
        }
        assert_eq!(parse_renavam("639884962").expect("valid"), "00639884962");
        assert_eq!(parse_renavam("00639884963").unwrap_err().code, "renavam.check_digit");
        assert_eq!(parse_renavam("11111111111").unwrap_err().code, "renavam.check_digit");
        assert_eq!(parse_renavam("00000000000").unwrap_err().code, "renavam.check_digit");
        assert_eq!(parse_renavam("1234567").unwrap_err().code, "renavam.length");
        assert_eq!(parse_renavam("123456789012").unwrap_err().code, "renavam.length");
        assert_eq!(parse_renavam("0063988496A").unwrap_err().code, "renavam.invalid_character");
    }
}
