//! Partial updates: in a PATCH body an absent field keeps its value and `null` clears it, so
//! optional fields deserialize as `Option<Option<T>>` with `#[serde(default, deserialize_with =
//! "innexar_kernel::patch::some")]`.

use serde::{Deserialize, Deserializer};

/// A present field, `null` included, is `Some(value)`; serde's `default` makes an absent one `None`.
pub fn some<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::some")]
        color: Option<Option<String>>,
    }

    #[test]
    fn tells_absent_from_null() {
        let absent: Patch = serde_json::from_str("{}").expect("json");
        let cleared: Patch = serde_json::from_str(r#"{"color": null}"#).expect("json");
        let set: Patch = serde_json::from_str(r#"{"color": "Prata"}"#).expect("json");
        assert_eq!(absent.color, None);
        assert_eq!(cleared.color, Some(None));
        assert_eq!(set.color, Some(Some("Prata".into())));
    }
}
