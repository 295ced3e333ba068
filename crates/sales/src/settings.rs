//! The tenant's financing settings: the IOF rates (Decreto 6.306/2007 sets them and decrees
//! change them), with the law's rates of today as defaults: 0.0082 % a day for individuals,
//! 0.0041 % for companies, and the additional 0.38 %. An Owner or manager updates them the day a
//! decree does; every simulation, comparison and quote prices with them.

use innexar_db::{Tx, audit};
use innexar_kernel::{AppError, FieldError, IfMatch};
use rust_decimal::Decimal;
use sea_orm::ActiveValue::Set;
use sea_orm::QueryTrait;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::financing::IofRates;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Debug, Clone, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sales_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub iof_daily_person: String,
        pub iof_daily_company: String,
        pub iof_additional: String,
        pub updated_at: chrono::DateTime<chrono::Utc>,
        #[sea_orm(column_name = "row_version")]
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The IOF rates, fractions as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IofSettings {
    /// Per day on each amortisation, individuals ("0.000082" is 0.0082 %).
    #[schema(value_type = String, example = "0.000082")]
    pub iof_daily_person: Decimal,
    /// Per day, companies.
    #[schema(value_type = String, example = "0.000041")]
    pub iof_daily_company: Decimal,
    /// Once on the amount ("0.0038" is 0.38 %).
    #[schema(value_type = String, example = "0.0038")]
    pub iof_additional: Decimal,
    /// 0 while the law's defaults apply; also sent as the ETag (If-Match takes it).
    #[serde(default)]
    pub version: i64,
}

impl Default for IofSettings {
    fn default() -> Self {
        let law = IofRates::default();
        IofSettings {
            iof_daily_person: law.daily,
            iof_daily_company: Decimal::new(41, 6),
            iof_additional: law.additional,
            version: 0,
        }
    }
}

impl IofSettings {
    /// The rates a borrower pays: a company's or an individual's.
    pub fn rates(&self, company: bool) -> IofRates {
        IofRates {
            daily: if company { self.iof_daily_company } else { self.iof_daily_person },
            additional: self.iof_additional,
            ..IofRates::default()
        }
    }
}

/// The row's fixed id: the settings are one row.
const ROW: Uuid = Uuid::nil();

pub async fn iof(db: &impl ConnectionTrait) -> Result<IofSettings, AppError> {
    let Some(row) = entity::Entity::find_by_id(ROW).one(db).await? else { return Ok(IofSettings::default()) };
    let d = IofSettings::default();
    Ok(IofSettings {
        iof_daily_person: row.iof_daily_person.parse().unwrap_or(d.iof_daily_person),
        iof_daily_company: row.iof_daily_company.parse().unwrap_or(d.iof_daily_company),
        iof_additional: row.iof_additional.parse().unwrap_or(d.iof_additional),
        version: row.version,
    })
}

/// The rates as a manager writes them.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IofInput {
    /// "0" to "0.001" a day.
    #[schema(example = "0.000082")]
    pub iof_daily_person: String,
    #[schema(example = "0.000041")]
    pub iof_daily_company: String,
    /// "0" to "0.05".
    #[schema(example = "0.0038")]
    pub iof_additional: String,
}

/// Sets the rates if they are still those read (`expected`; version 0: the defaults, no row).
pub async fn set_iof(tx: &Tx, expected: IfMatch, input: IofInput) -> Result<IofSettings, AppError> {
    let mut e = Vec::new();
    let mut parse = |pointer: &str, raw: &str, max: Decimal| {
        crate::financing::parse_fraction(raw, max).unwrap_or_else(|_| {
            e.push(FieldError::new(
                pointer,
                "financing.invalid_iof",
                format!("a fraction from \"0\" to \"{max}\" as text"),
            ));
            Decimal::ZERO
        })
    };
    let daily_max = Decimal::new(1, 3);
    let s = IofSettings {
        iof_daily_person: parse("/iofDailyPerson", &input.iof_daily_person, daily_max),
        iof_daily_company: parse("/iofDailyCompany", &input.iof_daily_company, daily_max),
        iof_additional: parse("/iofAdditional", &input.iof_additional, Decimal::new(5, 2)),
        version: 0,
    };
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let before = iof(tx).await?;
    if !expected.allows(before.version) {
        return Err(stale());
    }
    let s = IofSettings { version: before.version + 1, ..s };
    let row = entity::ActiveModel {
        id: Set(ROW),
        iof_daily_person: Set(s.iof_daily_person.normalize().to_string()),
        iof_daily_company: Set(s.iof_daily_company.normalize().to_string()),
        iof_additional: Set(s.iof_additional.normalize().to_string()),
        updated_at: Set(tx.now()),
        version: Set(s.version),
    };
    // Compare-and-set: the first save inserts the row (a concurrent first save finds it taken),
    // later ones update the version read.
    let written = if before.version == 0 {
        crate::deal::insert_unique(tx, entity::Entity::insert(row).into_query()).await?
    } else {
        entity::Entity::update_many()
            .set(row)
            .filter(entity::Column::Id.eq(ROW))
            .filter(entity::Column::Version.eq(before.version))
            .exec(tx)
            .await?
            .rows_affected
            == 1
    };
    if !written {
        return Err(stale());
    }
    audit::record(
        tx,
        audit::Change {
            action: "financing.iof_rates_set",
            entity_type: "sales_settings",
            entity_id: None,
            before: Some(&serde_json::to_value(&before).unwrap_or_default()),
            after: Some(&serde_json::to_value(&s).unwrap_or_default()),
        },
    )
    .await?;
    Ok(s)
}

fn stale() -> AppError {
    AppError::precondition_failed("the IOF rates were changed by someone else; reload and try again")
}
