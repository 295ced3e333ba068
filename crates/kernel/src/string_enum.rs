//! Enums stored as text: one declaration gives the Rust enum, its snake_case JSON and OpenAPI
//! form, its column form for sea-orm, `as_str`/`parse`, and the list of every value.

/// Declares an enum whose values are stored and sent as fixed strings.
///
/// ```ignore
/// innexar_kernel::string_enum!(
///     /// How the vehicle came to the dealer.
///     pub Origin { Purchase = "purchase", TradeIn = "trade_in" }
/// );
/// ```
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $vis:vis $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            ::serde::Serialize, ::serde::Deserialize, ::sea_orm::DeriveValueType,
        )]
        #[sea_orm(value_type = "String")]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $s)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> ::core::option::Option<Self> {
                match s { $($s => ::core::option::Option::Some($name::$variant),)+ _ => ::core::option::Option::None }
            }
        }

        // By hand: the schema must list the stored strings, which a derive cannot see through
        // the macro's literals.
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($s),+]))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::string_enum::UnknownValue;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::string_enum::UnknownValue(s.to_string()))
            }
        }
    };
}

/// A stored text that names no value of the enum (a row written by a newer version, a typo in
/// a hand edit).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownValue(pub String);

#[cfg(test)]
mod tests {
    crate::string_enum!(
        /// A test enum.
        Colour { DarkRed = "dark_red", Blue = "blue" }
    );

    #[test]
    fn round_trips_through_text_and_json() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(*c));
            assert_eq!(serde_json::to_value(c).expect("json"), c.as_str());
        }
        assert_eq!("dark_red".parse::<Colour>(), Ok(Colour::DarkRed));
        assert!("DarkRed".parse::<Colour>().is_err());
        assert_eq!(serde_json::from_str::<Colour>("\"blue\"").expect("json"), Colour::Blue);
    }
}
