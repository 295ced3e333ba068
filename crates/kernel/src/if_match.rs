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

    /// The header's value: `*`, or a comma-separated list of entity tags (`"3"`, `W/"3"`). A
    /// tag that is weak or not one of ours (`"x"`) matches nothing; a value that is neither (`3`,
    /// `"3`) is `None`, a malformed header.
    pub fn parse(header: &str) -> Option<Self> {
        let header = header.trim_matches([' ', '\t']);
        if header == "*" {
            return Some(IfMatch::Any);
        }
        let mut versions = Vec::new();
        // A list may be empty and hold empty elements (RFC 9110, section 5.6.1): they match
        // nothing. A tag is read to its closing quote, since a comma may stand inside it.
        let mut rest = header;
        loop {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            let (weak, tag) = match rest.strip_prefix("W/") {
                Some(tag) => (true, tag),
                None => (false, rest),
            };
            let tag = tag.strip_prefix('"')?;
            let end = tag.find('"')?;
            let inner = &tag[..end];
            // etagc: visible ASCII but the double quote (RFC 9110's obs-text is not ours to send).
            if !inner.bytes().all(|b| b == 0x21 || (0x23..=0x7E).contains(&b)) {
                return None;
            }
            rest = tag[end + 1..].trim_start_matches([' ', '\t']);
            if !(rest.is_empty() || rest.starts_with(',')) {
                return None;
            }
            if let (false, Ok(v)) = (weak, inner.parse()) {
                versions.push(v);
            }
        }
        Some(IfMatch::OneOf(versions))
    }
}

/// `parse`'s grammar as a regular expression, for the OpenAPI document.
pub const PATTERN: &str = r#"^[ \t]*(\*|(((W/)?"[!#-~]*")?[ \t]*,[ \t]*)*((W/)?"[!#-~]*")?)[ \t]*$"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_version_a_list_any_member_and_weak_tags_none() {
        let parse = |h: &str| IfMatch::parse(h).expect("well formed");
        assert!(parse("*").allows(41));
        let list = parse(r#""1", "3" ,"7""#);
        assert!(list.allows(3) && list.allows(7) && !list.allows(2));
        assert!(!parse(r#"W/"2""#).allows(2), "strong comparison: a weak tag never matches");
        assert!(parse(r#"W/"2", "2""#).allows(2));
        assert_eq!(parse(r#""abc""#), IfMatch::OneOf(vec![]), "well formed, not ours");
        assert_eq!(parse(""), IfMatch::OneOf(vec![]), "an empty list");
        assert_eq!(parse(r#" , "4",, "#), IfMatch::version(4), "empty elements are skipped");
        assert_eq!(parse(r#""a,b", "5""#), IfMatch::version(5), "a comma inside a tag is the tag's");
        for malformed in ["2", "\"2", "**", "\"2\" \"3\"", "\"a\"b\"", "\"\u{84}\""] {
            assert_eq!(IfMatch::parse(malformed), None, "{malformed:?}");
        }
    }
}
