//! The inventory's rows: one sea-orm entity per table, and a vehicle to and from its row.

use crate::model::Vehicle;
pub use crate::model::vehicle_entity;

/// A (make, model) the tenant's stock has used (migration `m0014`).
pub mod name_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicle_names")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub make: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub model: String,
        /// `kernel::text::name_key` of each name: what the filters compare.
        pub make_key: String,
        pub model_key: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod expense_entity {
    use crate::ids::{ExpenseId, VehicleId};
    use innexar_kernel::Money;
    use sea_orm::entity::prelude::*;

    /// Serialised, it is the audit log's view of the expense.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "inventory_vehicle_expenses")]
    #[serde(rename_all = "camelCase")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: ExpenseId,
        #[serde(skip)]
        pub vehicle_id: VehicleId,
        pub spent_on: Date,
        pub description: String,
        pub supplier: Option<String>,
        pub amount_cents: Money,
        #[serde(skip)]
        pub created_by: Option<Uuid>,
        #[serde(skip)]
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod price_change_entity {
    use crate::ids::VehicleId;
    use innexar_kernel::Money;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_price_changes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub vehicle_id: VehicleId,
        pub previous_cents: Option<Money>,
        pub price_cents: Option<Money>,
        pub changed_by: Option<Uuid>,
        pub changed_by_email: Option<String>,
        pub changed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod status_change_entity {
    use crate::ids::VehicleId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_status_changes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub vehicle_id: VehicleId,
        pub from_status: Option<String>,
        pub to_status: String,
        pub note: Option<String>,
        pub changed_by: Option<Uuid>,
        pub changed_by_email: Option<String>,
        pub changed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl Vehicle {
    /// The row as written: every column set, the derived ones computed from the record.
    pub(super) fn active_model(&self) -> vehicle_entity::ActiveModel {
        let mut row = self.clone();
        row.placa_key = self.placa.as_deref().map(crate::identifiers::placa_key);
        row.search_text = self.searchable_text();
        sea_orm::ActiveModelTrait::reset_all(vehicle_entity::ActiveModel::from(row))
    }
}
