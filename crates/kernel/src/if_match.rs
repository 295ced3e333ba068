//! The versions a write may go ahead on: the client's `If-Match` (RFC 9110, section 13.1.1).

/// `*` lets the write go ahead on whatever version is current; a list, on any version in it.
/// ETags are strong, so a weak one (`W/"2"`) never matches and is left out of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    Any,
    OneOf(Vec<i64>),
}

impl IfMatch {
    /// The version the caller read (imports, tests).
    pub fn version(v: i64) -> Self {
        IfMatch::OneOf(vec![v])
    }

    pub fn allows(&self, current: i64) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::OneOf(versions) => versions.contains(&current),
        }
    }

    /// The header's value: `*`, or a comma-separated list of entity tags. A tag that is weak or
    /// not one of ours (`"7"`) matches nothing.
    pub fn parse(header: &str) -> Self {
        let header = header.trim();
        if header == "*" {
            return IfMatch::Any;
        }
        IfMatch::OneOf(
            header
                .split(',')
                .map(str::trim)
                .filter_map(|tag| tag.strip_prefix('"')?.strip_suffix('"')?.parse().ok())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_version_a_list_any_member_and_weak_tags_none() {
        assert!(IfMatch::parse("*").allows(41));
        let list = IfMatch::parse(r#""1", "3" ,"7""#);
        assert!(list.allows(3) && list.allows(7) && !list.allows(2));
        assert!(!IfMatch::parse(r#"W/"2""#).allows(2), "strong comparison: a weak tag never matches");
        assert!(IfMatch::parse(r#"W/"2", "2""#).allows(2));
        for garbage in ["", "2", "\"abc\"", "\"2", "**"] {
            assert_eq!(IfMatch::parse(garbage), IfMatch::OneOf(vec![]), "{garbage:?}");
        }
    }
}
