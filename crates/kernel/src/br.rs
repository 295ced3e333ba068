//! Brazilian personal identifiers as people type them: the CPF and telephone numbers. (The
//! CNPJ, which stores and companies share, is in `validate`.)

/// Normalises and verifies a CPF: 11 digits after removing `.`, `-` and blanks, not one digit
/// repeated (`111.111.111-11` passes the check digits but the Receita never issues it), and
/// the two mod-11 check digits. Returns the digits.
pub fn cpf(input: &str) -> Result<String, CpfError> {
    let chars: Vec<char> = input.chars().filter(|c| !matches!(c, '.' | '-' | '/') && !c.is_whitespace()).collect();
    if chars.len() != 11 {
        return Err(CpfError::Length);
    }
    if !chars.iter().all(char::is_ascii_digit) {
        return Err(CpfError::Character);
    }
    let d: Vec<u32> = chars.iter().map(|c| *c as u32 - '0' as u32).collect();
    if d.iter().all(|x| *x == d[0]) {
        return Err(CpfError::CheckDigit);
    }
    let dv = |len: usize| -> u32 {
        let sum: u32 = d[..len].iter().enumerate().map(|(i, v)| v * (len as u32 + 1 - i as u32)).sum();
        let rest = (sum * 10) % 11;
        if rest == 10 { 0 } else { rest }
    };
    if dv(9) != d[9] || dv(10) != d[10] {
        return Err(CpfError::CheckDigit);
    }
    Ok(chars.into_iter().collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CpfError {
    Length,
    Character,
    CheckDigit,
}

impl CpfError {
    pub fn code(self) -> &'static str {
        match self {
            CpfError::Length => "cpf.length",
            CpfError::Character => "cpf.invalid_character",
            CpfError::CheckDigit => "cpf.check_digit",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            CpfError::Length => "a CPF has 11 digits",
            CpfError::Character => "a CPF has digits only (dots and a hyphen are accepted)",
            CpfError::CheckDigit => "the CPF check digits do not match",
        }
    }
}

/// Formats 11 CPF digits as `123.456.789-09`.
pub fn format_cpf(cpf: &str) -> String {
    if cpf.len() != 11 || !cpf.is_ascii() {
        return cpf.to_string();
    }
    format!("{}.{}.{}-{}", &cpf[0..3], &cpf[3..6], &cpf[6..9], &cpf[9..11])
}

/// Area codes (DDD) in use in Brazil (Anatel).
const DDDS: &[u8] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48,
    49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89,
    91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/// A telephone number in E.164 (`+5511987654321`) from the ways Brazilians write one:
/// `(11) 98765-4321`, `11 3456 7890`, `011 98765-4321` (the old trunk 0), `+55 11 98765 4321`,
/// `55 11 98765-4321`. A Brazilian number is a known DDD and 8 digits (a landline, 2-5 first)
/// or 9 (a mobile, 9 first). A number written with `+` and another country code is taken as
/// E.164 when it has 8 to 15 digits: a foreign customer's phone is still a phone.
pub fn phone(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Shape);
    }
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || c.is_whitespace() || matches!(c, '+' | '(' | ')' | '-' | '.'))) {
        return Err(PhoneError::Shape);
    }
    let plus = trimmed.starts_with('+');
    if trimmed.chars().skip(1).any(|c| c == '+') {
        return Err(PhoneError::Shape);
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if plus {
        match digits.strip_prefix("55") {
            Some(rest) => rest.to_string(),
            None if (8..=15).contains(&digits.len()) && !digits.starts_with('0') => return Ok(format!("+{digits}")),
            None => return Err(PhoneError::Shape),
        }
    } else if (12..=13).contains(&digits.len()) && digits.starts_with("55") {
        digits[2..].to_string()
    } else if (11..=12).contains(&digits.len()) && digits.starts_with('0') {
        digits[1..].to_string()
    } else {
        digits
    };
    brazilian(&national).map(|n| format!("+55{n}"))
}

/// DDD + subscriber number, checked.
fn brazilian(national: &str) -> Result<&str, PhoneError> {
    if !(10..=11).contains(&national.len()) {
        return Err(PhoneError::Length);
    }
    let ddd: u8 = national[..2].parse().map_err(|_| PhoneError::Shape)?;
    if !DDDS.contains(&ddd) {
        return Err(PhoneError::AreaCode);
    }
    let first = national.as_bytes()[2];
    let ok = match national.len() {
        11 => first == b'9',
        _ => (b'2'..=b'5').contains(&first),
    };
    if !ok {
        return Err(PhoneError::Length);
    }
    Ok(national)
}

/// The forms a search may type a stored E.164 number in, as keys of digits: the whole number
/// and the national number (DDD and subscriber). `+5511987654321` -> `5511987654321`,
/// `11987654321`.
pub fn phone_search_keys(e164: &str) -> Vec<String> {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("55") {
        Some(national) if e164.starts_with("+55") => vec![digits.clone(), national.to_string()],
        _ => vec![digits],
    }
}

/// Formats an E.164 Brazilian number as `(11) 98765-4321`; others as they are.
pub fn format_phone(e164: &str) -> String {
    let Some(n) = e164.strip_prefix("+55").filter(|n| (10..=11).contains(&n.len()) && n.is_ascii()) else {
        return e164.to_string();
    };
    let split = n.len() - 4;
    format!("({}) {}-{}", &n[..2], &n[2..split], &n[split..])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Shape,
    Length,
    AreaCode,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::Shape => "phone.invalid",
            PhoneError::Length => "phone.length",
            PhoneError::AreaCode => "phone.area_code",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            PhoneError::Shape => "write a phone number with its DDD, e.g. (11) 98765-4321",
            PhoneError::Length => "a Brazilian number is a DDD and 8 digits (landline) or 9 starting with 9 (mobile)",
            PhoneError::AreaCode => "no such DDD in Brazil",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_cpfs_pass_masked_or_not() {
        // Examples from the Receita's check-digit rule and public generators.
        for ok in ["529.982.247-25", "52998224725", "111.444.777-35", "11144477735", " 390.533.447-05 "] {
            assert!(cpf(ok).is_ok(), "{ok}");
        }
        assert_eq!(cpf("529.982.247-25").as_deref(), Ok("52998224725"));
        assert_eq!(format_cpf("52998224725"), "529.982.247-25");
    }

    #[test]
    fn bad_cpfs_say_why() {
        assert_eq!(cpf("529.982.247-24"), Err(CpfError::CheckDigit));
        assert_eq!(cpf("111.111.111-11"), Err(CpfError::CheckDigit), "one repeated digit is never issued");
        assert_eq!(cpf("000.000.000-00"), Err(CpfError::CheckDigit));
        assert_eq!(cpf("5299822472"), Err(CpfError::Length));
        assert_eq!(cpf("529982247251"), Err(CpfError::Length));
        assert_eq!(cpf("52998224A25"), Err(CpfError::Character));
        assert_eq!(cpf("٥٢٩٩٨٢٢٤٧٢٥"), Err(CpfError::Character), "other scripts' digits are not CPF digits");
        assert_eq!(cpf(""), Err(CpfError::Length));
    }

    #[test]
    fn phones_are_read_as_brazilians_write_them() {
        for (typed, e164) in [
            ("(11) 98765-4321", "+5511987654321"),
            ("11987654321", "+5511987654321"),
            ("+55 11 98765-4321", "+5511987654321"),
            ("55 11 98765 4321", "+5511987654321"),
            ("011 98765-4321", "+5511987654321"),
            ("(11) 3456-7890", "+551134567890"),
            ("+1 415 555 2671", "+14155552671"),
            ("+351 912 345 678", "+351912345678"),
        ] {
            assert_eq!(phone(typed).as_deref(), Ok(e164), "{typed}");
        }
        assert_eq!(phone("(10) 98765-4321"), Err(PhoneError::AreaCode));
        assert_eq!(phone("(11) 8765-432"), Err(PhoneError::Length));
        assert_eq!(phone("(11) 88765-4321"), Err(PhoneError::Length), "a mobile starts with 9");
        assert_eq!(phone("(11) 9876-5432"), Err(PhoneError::Length), "a landline starts with 2 to 5");
        assert_eq!(phone("fale comigo"), Err(PhoneError::Shape));
        assert_eq!(phone("11+98765"), Err(PhoneError::Shape));
        assert_eq!(phone(""), Err(PhoneError::Shape));
        assert_eq!(format_phone("+5511987654321"), "(11) 98765-4321");
        assert_eq!(format_phone("+551134567890"), "(11) 3456-7890");
        assert_eq!(phone_search_keys("+5511987654321"), ["5511987654321", "11987654321"]);
    }
}
