use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

/// An amount of Brazilian reais in integer centavos. Never a float: R$ 0,10 + R$ 0,20 must be
/// exactly R$ 0,30 in a sale total. In JSON and in the database it is the bare integer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default, sea_orm::DeriveValueType,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl utoipa::PartialSchema for Money {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .description(Some("An amount in integer centavos of BRL (R$ 1.234,56 is 123456)."))
            .into()
    }
}

impl utoipa::ToSchema for Money {}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_reais(reais: i64) -> Self {
        Money(reais * 100)
    }

    pub fn centavos(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

impl std::fmt::Display for Money {
    /// Formats as dealers write it: `R$ 1.234,56`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (reais, cents) = (abs / 100, abs % 100);
        let digits = reais.to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        write!(f, "{}R$ {},{:02}", if negative { "-" } else { "" }, grouped, cents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_brazilian_style() {
        assert_eq!(Money(123456).to_string(), "R$ 1.234,56");
        assert_eq!(Money(5).to_string(), "R$ 0,05");
        assert_eq!(Money(-8990000).to_string(), "-R$ 89.900,00");
        assert_eq!(Money(10_000_000_000).to_string(), "R$ 100.000.000,00");
    }

    #[test]
    fn sums_exactly() {
        assert_eq!(Money(10).checked_add(Money(20)), Some(Money(30)));
        assert_eq!(Money(i64::MAX).checked_add(Money(1)), None);
    }
}
