//! A list filter's bounds (`yearMin`/`yearMax`, `priceMin`/`priceMax`, dates to come).

use crate::FieldError;

/// Both bounds included; either may be left open.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Range<T> {
    pub min: Option<T>,
    pub max: Option<T>,
}

impl<T: PartialOrd + Copy> Range<T> {
    /// The bounds as given, or `field.invalid_range` at `min_pointer` when `min` is above `max`.
    pub fn checked(min: Option<T>, max: Option<T>, min_pointer: &str, detail: &str) -> Result<Self, FieldError> {
        match (min, max) {
            (Some(a), Some(b)) if a > b => Err(FieldError::new(min_pointer, "field.invalid_range", detail)),
            _ => Ok(Range { min, max }),
        }
    }

    /// Whether it lets every value through.
    pub fn is_open(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimum_above_the_maximum_is_refused_where_the_minimum_was_given() {
        let e = Range::checked(Some(2025), Some(2020), "/yearMin", "yearMin is after yearMax").expect_err("inverted");
        assert_eq!((e.pointer.as_str(), e.code.as_str()), ("/yearMin", "field.invalid_range"));
        assert_eq!(
            Range::checked(Some(5), Some(5), "/x", "").expect("equal bounds"),
            Range { min: Some(5), max: Some(5) }
        );
        assert!(Range::<i32>::checked(None, None, "/x", "").expect("open").is_open());
        assert!(!Range::checked(None, Some(3), "/x", "").expect("half open").is_open());
    }
}
