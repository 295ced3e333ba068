//! What a list of deals shows on each row besides ids: the customer's and the salesperson's
//! names and the car, read for the whole page in three statements (not one request per row from
//! the screen, nor one query per row here).

use std::collections::HashMap;

use innexar_kernel::{AppError, CustomerId};
use innexar_vehicles::ids::VehicleId;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The car of a row, enough to recognise it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CarLabel {
    pub make: String,
    pub model: String,
    pub trim: Option<String>,
    pub year: i32,
    pub model_year: i32,
    pub placa: Option<String>,
    pub stock_number: String,
}

/// The names of a page's customers, cars and people.
pub struct Names {
    customers: HashMap<CustomerId, String>,
    cars: HashMap<VehicleId, CarLabel>,
    people: HashMap<Uuid, String>,
}

impl Names {
    pub async fn load(
        db: &impl ConnectionTrait,
        customers: Vec<CustomerId>,
        cars: Vec<VehicleId>,
        people: Vec<Uuid>,
    ) -> Result<Names, AppError> {
        let customers = innexar_crm::queries::customer_names(db, &dedup(customers)).await?;
        let cars = innexar_vehicles::queries::vehicles_by_ids(db, &dedup(cars))
            .await?
            .into_iter()
            .map(|v| {
                let label = CarLabel {
                    make: v.make,
                    model: v.model,
                    trim: v.trim,
                    year: v.year,
                    model_year: v.model_year,
                    placa: v.placa,
                    stock_number: v.stock_number,
                };
                (v.id, label)
            })
            .collect();
        let people = innexar_identity::queries::user_names(db, &dedup(people)).await?;
        Ok(Names { customers, cars, people })
    }

    pub fn customer(&self, id: CustomerId) -> String {
        self.customers.get(&id).cloned().unwrap_or_default()
    }

    pub fn car(&self, id: VehicleId) -> Option<CarLabel> {
        self.cars.get(&id).cloned()
    }

    pub fn person(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|id| self.people.get(&id).cloned())
    }
}

fn dedup<T: Ord>(mut ids: Vec<T>) -> Vec<T> {
    ids.sort();
    ids.dedup();
    ids
}
