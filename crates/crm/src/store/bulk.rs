//! Bulk loads of the CRM's tables (the demo tenant and the benchmarks' tenants): many rows per
//! statement, the derived columns and keys written exactly as the single-row statements write
//! them, no events, no audit entries.

use std::collections::HashSet;

use innexar_kernel::AppError;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveModelTrait, QuerySelect};

use super::{Consent, active, consent_entity, key_entity};
use crate::model::customer_entity::{self, Column as C};
use crate::model::lead::{activity_entity, entity as lead_entity, stage_change_entity};
use crate::model::{Activity, Customer, Lead, StageChange};

// SQLite allows 32,766 bound values per statement: rows per statement times columns stays under
// it (customers and leads have about 30 columns, activities 19, stage changes 7, keys 3).
const WIDE: usize = 500;
const NARROW: usize = 2_000;

/// Inserts customers with their `search_text`, `name_key` and `crm_customer_keys` rows, as
/// `insert` computes them. A repeated CPF or CNPJ fails the whole call (the unique index).
pub async fn insert_customers(db: &impl ConnectionTrait, cs: &[Customer]) -> Result<(), AppError> {
    for chunk in cs.chunks(WIDE) {
        customer_entity::Entity::insert_many(chunk.iter().map(active)).exec_without_returning(db).await?;
    }
    let keys: Vec<key_entity::ActiveModel> = cs
        .iter()
        .flat_map(|c| {
            c.keys().into_iter().map(|(kind, value)| key_entity::ActiveModel {
                kind: sea_orm::Set(kind.to_string()),
                value: sea_orm::Set(value),
                customer_id: sea_orm::Set(c.id),
            })
        })
        .collect();
    for chunk in keys.chunks(NARROW) {
        key_entity::Entity::insert_many(chunk.iter().cloned()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Every CPF and CNPJ held by a customer (a load adds none of them again).
pub async fn documents(db: &impl ConnectionTrait) -> Result<HashSet<String>, AppError> {
    let rows: Vec<(Option<String>, Option<String>)> = customer_entity::Entity::find()
        .select_only()
        .columns([C::Cpf, C::Cnpj])
        .filter(sea_orm::Condition::any().add(C::Cpf.is_not_null()).add(C::Cnpj.is_not_null()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().flat_map(|(a, b)| a.into_iter().chain(b)).collect())
}

pub async fn insert_consents(db: &impl ConnectionTrait, cs: &[Consent]) -> Result<(), AppError> {
    for chunk in cs.chunks(WIDE) {
        consent_entity::Entity::insert_many(
            chunk.iter().map(|c| consent_entity::ActiveModel::from(c.clone()).reset_all()),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

pub async fn insert_leads(db: &impl ConnectionTrait, ls: &[Lead]) -> Result<(), AppError> {
    for chunk in ls.chunks(WIDE) {
        lead_entity::Entity::insert_many(chunk.iter().map(|l| lead_entity::ActiveModel::from(l.clone()).reset_all()))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn insert_stage_changes(db: &impl ConnectionTrait, cs: &[StageChange]) -> Result<(), AppError> {
    for chunk in cs.chunks(NARROW) {
        stage_change_entity::Entity::insert_many(
            chunk.iter().map(|c| stage_change_entity::ActiveModel::from(c.clone()).reset_all()),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

pub async fn insert_activities(db: &impl ConnectionTrait, as_: &[Activity]) -> Result<(), AppError> {
    for chunk in as_.chunks(WIDE * 2) {
        activity_entity::Entity::insert_many(
            chunk.iter().map(|a| activity_entity::ActiveModel::from(a.clone()).reset_all()),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
