//! The inventory's rows: one sea-orm entity per table, and a vehicle to and from its row.

use innexar_kernel::AppError;
use sea_orm::ActiveValue::Set;
use serde_json::json;

use crate::model::{Condition, Fuel, Origin, Transmission, Vehicle, VehicleStatus};

pub mod vehicle_entity {
    use crate::ids::VehicleId;
    use innexar_kernel::Money;
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inventory_vehicles")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: VehicleId,
        pub stock_number: String,
        pub store_id: StoreId,
        pub vin: Option<String>,
        pub placa: Option<String>,
        /// Both forms of a plate under one key, so the database keeps placas unique in stock.
        pub placa_key: Option<String>,
        pub make: String,
        pub model: String,
        pub trim: Option<String>,
        pub year: i32,
        pub model_year: i32,
        pub color: Option<String>,
        pub mileage_km: i64,
        pub fuel: String,
        pub transmission: String,
        pub condition: String,
        pub status: String,
        pub price_cents: Option<Money>,
        pub cost_cents: Option<Money>,
        pub images: Json,
        pub search_text: String,
        pub row_version: i64,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub status_changed_at: DateTimeUtc,
        pub origin: String,
        pub renavam: Option<String>,
        pub fipe_code: Option<String>,
        pub fipe_value_cents: Option<Money>,
        pub fipe_reference_month: Option<String>,
        pub interior_color: Option<String>,
        pub doors: Option<i32>,
        pub options: Option<Json>,
        pub description: Option<String>,
        pub keys_count: Option<i32>,
        pub lot_location: Option<String>,
        pub min_price_cents: Option<Money>,
        pub entered_at: Option<DateTimeUtc>,
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

impl TryFrom<vehicle_entity::Model> for Vehicle {
    type Error = AppError;

    fn try_from(m: vehicle_entity::Model) -> Result<Self, AppError> {
        let bad = |what: &str| AppError::internal(format!("vehicle {} has an unknown {what}", m.id));
        Ok(Vehicle {
            id: m.id,
            stock_number: m.stock_number.clone(),
            store_id: m.store_id,
            vin: m.vin.clone(),
            placa: m.placa.clone(),
            make: m.make.clone(),
            model: m.model.clone(),
            trim: m.trim.clone(),
            year: m.year,
            model_year: m.model_year,
            color: m.color.clone(),
            mileage_km: m.mileage_km,
            fuel: Fuel::parse(&m.fuel).ok_or_else(|| bad("fuel"))?,
            transmission: Transmission::parse(&m.transmission).ok_or_else(|| bad("transmission"))?,
            condition: Condition::parse(&m.condition).ok_or_else(|| bad("condition"))?,
            status: VehicleStatus::parse(&m.status).ok_or_else(|| bad("status"))?,
            price: m.price_cents,
            cost: m.cost_cents,
            images: serde_json::from_value(m.images.clone()).unwrap_or_default(),
            version: m.row_version,
            created_at: m.created_at,
            updated_at: m.updated_at,
            status_changed_at: m.status_changed_at,
            origin: Origin::parse(&m.origin).ok_or_else(|| bad("origin"))?,
            renavam: m.renavam.clone(),
            fipe_code: m.fipe_code.clone(),
            fipe_value: m.fipe_value_cents,
            fipe_reference_month: m.fipe_reference_month.clone(),
            interior_color: m.interior_color.clone(),
            doors: m.doors,
            options: m.options.clone().and_then(|o| serde_json::from_value(o).ok()).unwrap_or_default(),
            description: m.description.clone(),
            keys_count: m.keys_count,
            lot_location: m.lot_location.clone(),
            min_price: m.min_price_cents,
            entered_at: m.entered_at.unwrap_or(m.created_at),
        })
    }
}

impl Vehicle {
    pub(super) fn active_model(&self) -> vehicle_entity::ActiveModel {
        vehicle_entity::ActiveModel {
            id: Set(self.id),
            stock_number: Set(self.stock_number.clone()),
            store_id: Set(self.store_id),
            vin: Set(self.vin.clone()),
            placa: Set(self.placa.clone()),
            placa_key: Set(self.placa.as_deref().map(crate::identifiers::placa_key)),
            make: Set(self.make.clone()),
            model: Set(self.model.clone()),
            trim: Set(self.trim.clone()),
            year: Set(self.year),
            model_year: Set(self.model_year),
            color: Set(self.color.clone()),
            mileage_km: Set(self.mileage_km),
            fuel: Set(self.fuel.as_str().into()),
            transmission: Set(self.transmission.as_str().into()),
            condition: Set(self.condition.as_str().into()),
            status: Set(self.status.as_str().into()),
            price_cents: Set(self.price),
            cost_cents: Set(self.cost),
            images: Set(json!(self.images)),
            search_text: Set(self.search_text()),
            row_version: Set(self.version),
            created_at: Set(self.created_at),
            updated_at: Set(self.updated_at),
            status_changed_at: Set(self.status_changed_at),
            origin: Set(self.origin.as_str().into()),
            renavam: Set(self.renavam.clone()),
            fipe_code: Set(self.fipe_code.clone()),
            fipe_value_cents: Set(self.fipe_value),
            fipe_reference_month: Set(self.fipe_reference_month.clone()),
            interior_color: Set(self.interior_color.clone()),
            doors: Set(self.doors),
            options: Set(Some(json!(self.options))),
            description: Set(self.description.clone()),
            keys_count: Set(self.keys_count),
            lot_location: Set(self.lot_location.clone()),
            min_price_cents: Set(self.min_price),
            entered_at: Set(Some(self.entered_at)),
        }
    }
}
