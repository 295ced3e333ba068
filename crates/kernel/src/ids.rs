//! Ids: UUID v7 (time-ordered, so B-tree inserts stay local), one newtype per entity so a
//! vehicle id can never be passed where a store id is expected.

use uuid::Uuid;

/// A new time-ordered id (UUID v7). The one place ids are made (see `clippy.toml`).
#[allow(clippy::disallowed_methods)]
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Declares an id newtype over a UUID v7: serialised as the bare UUID (serde-transparent), a
/// named `uuid` string schema in the OpenAPI document (`VehicleId`), a `uuid` column for sea-orm, extracted from paths by
/// `Path<VehicleId>` like any `Deserialize` type.
///
/// ```ignore
/// innexar_kernel::id_type!(
///     /// A vehicle in the inventory.
///     VehicleId
/// );
/// ```
#[macro_export]
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            ::serde::Serialize, ::serde::Deserialize, ::sea_orm::DeriveValueType,
        )]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            /// A new id, time-ordered.
            pub fn new() -> Self {
                $name($crate::new_id())
            }

            pub fn uuid(self) -> ::uuid::Uuid {
                self.0
            }
        }

        // Primary keys must say whether an auto-increment value converts; a UUID never does.
        impl ::sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> ::core::result::Result<Self, ::sea_orm::DbErr> {
                Err(::sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                $name(::uuid::Uuid::nil())
            }
        }

        impl ::core::convert::From<::uuid::Uuid> for $name {
            fn from(id: ::uuid::Uuid) -> Self {
                $name(id)
            }
        }

        impl ::core::convert::From<$name> for ::uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::uuid::Error;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::uuid::Uuid::parse_str(s).map($name)
            }
        }

        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .format(Some(::utoipa::openapi::schema::SchemaFormat::KnownFormat(
                        ::utoipa::openapi::schema::KnownFormat::Uuid,
                    )))
                    .into()
            }
        }

        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

id_type!(
    /// A tenant (a dealer group), in the control database's registry.
    TenantId
);
id_type!(
    /// A user of a tenant.
    UserId
);
id_type!(
    /// A store (loja) of the dealer group.
    StoreId
);
id_type!(
    /// A customer (person or company) of the dealer group. Here, not in `crm`, because the
    /// areas below CRM (a vehicle's owner) name customers without depending on it.
    CustomerId
);
