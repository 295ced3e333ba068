//! A person's rights over their data (LGPD art. 18): the register of their requests (due in 15
//! days), everything held about them as one document, and anonymisation, which removes their
//! personal data everywhere Innexar keeps it (the CRM's rows, the audit log's values, cached
//! responses, messages) while the records the law requires stay with a pseudonym.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use innexar_db::{Tx, audit, outbox};
use innexar_kernel::{AppError, CustomerId, FieldError, br, validate};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, DatabaseBackend, QueryOrder, Statement};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::events::{CrmEvent, CustomerAnonymized};
use crate::model::Customer;
use crate::queries;
use crate::store;

innexar_kernel::string_enum!(
    /// What the person asked for (LGPD art. 18).
    pub RequestKind {
        /// Confirmation and access to their data (art. 18 I, II).
        Access = "access",
        /// Correction of incomplete or wrong data (III).
        Correction = "correction",
        /// Anonymisation, blocking or deletion of unnecessary data (IV, VI).
        Anonymization = "anonymization",
        /// Portability to another supplier (V).
        Portability = "portability",
        /// Who their data was shared with (VII).
        Sharing = "sharing",
        /// Withdrawal of consent (IX).
        ConsentWithdrawal = "consent_withdrawal",
    }
);

innexar_kernel::string_enum!(
    pub RequestStatus { Open = "open", Completed = "completed", Refused = "refused" }
);

/// The deadline LGPD practice (and ANPD's guidance for access requests) gives: 15 days.
pub const DUE_DAYS: i64 = 15;

pub mod entity {
    use super::{RequestKind, RequestStatus};
    use innexar_kernel::CustomerId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A data-subject request.
        DataRequestId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_data_requests")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = DataRequest)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: DataRequestId,
        pub customer_id: CustomerId,
        pub kind: RequestKind,
        pub status: RequestStatus,
        /// How it arrived: "e-mail", "balcão", "carta".
        pub channel: String,
        pub details: Option<String>,
        pub received_at: chrono::DateTime<chrono::Utc>,
        #[schema(value_type = String, format = Date)]
        pub due_on: Date,
        pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
        /// What was answered or done.
        pub answer: Option<String>,
        pub created_by: Option<Uuid>,
        pub closed_by: Option<Uuid>,
        #[sea_orm(column_name = "row_version")]
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::{DataRequestId, Model as DataRequest};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDataRequest {
    pub kind: RequestKind,
    #[schema(min_length = 1, max_length = 60)]
    pub channel: String,
    #[schema(max_length = 5000)]
    pub details: Option<String>,
    /// When it was received (default: now); the deadline counts from its day.
    pub received_at: Option<DateTime<Utc>>,
}

/// The day in São Paulo (where the law's days are counted for a Brazilian dealer).
fn business_day(at: DateTime<Utc>) -> NaiveDate {
    innexar_org::model::business_date_in("America/Sao_Paulo", at)
}

pub async fn register_request(tx: &Tx, id: CustomerId, input: NewDataRequest) -> Result<DataRequest, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let c = queries::get_customer(tx, actor, id).await?;
    let mut e = Vec::new();
    let channel = validate::text(&mut e, "/channel", Some(input.channel), 60, true).unwrap_or_default();
    let details = validate::text(&mut e, "/details", input.details, 5000, false);
    let received_at = input.received_at.unwrap_or(now);
    if received_at > now || received_at < now - Duration::days(365) {
        e.push(FieldError::new("/receivedAt", "data_requests.invalid_date", "within the last year, not in the future"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    let r = DataRequest {
        id: DataRequestId::new(),
        customer_id: c.id,
        kind: input.kind,
        status: RequestStatus::Open,
        channel,
        details,
        received_at,
        due_on: business_day(received_at) + Duration::days(DUE_DAYS),
        closed_at: None,
        answer: None,
        created_by: actor.id,
        closed_by: None,
        version: 1,
    };
    entity::Entity::insert(entity::ActiveModel::from(r.clone()).reset_all()).exec_without_returning(tx).await?;
    audit::record(
        tx,
        audit::Change {
            action: "data_requests.registered",
            entity_type: "data_request",
            entity_id: Some(r.id.uuid()),
            before: None,
            after: Some(&serde_json::json!({ "customerId": r.customer_id, "kind": r.kind, "dueOn": r.due_on })),
        },
    )
    .await?;
    Ok(r)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseDataRequest {
    /// `completed` or `refused`.
    pub status: RequestStatus,
    #[schema(min_length = 1, max_length = 5000)]
    pub answer: String,
}

pub async fn close_request(tx: &Tx, id: DataRequestId, input: CloseDataRequest) -> Result<DataRequest, AppError> {
    let before = entity::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or_else(|| AppError::not_found("data_requests.not_found", "no data request with this id"))?;
    let mut e = Vec::new();
    let answer = validate::text(&mut e, "/answer", Some(input.answer), 5000, true);
    if input.status == RequestStatus::Open {
        e.push(FieldError::new("/status", "data_requests.invalid_status", "close as completed or refused"));
    }
    if !e.is_empty() {
        return Err(AppError::validation(e));
    }
    if before.status != RequestStatus::Open {
        return Err(AppError::conflict("data_requests.closed", "the request is closed already"));
    }
    let mut after = before.clone();
    after.status = input.status;
    after.answer = answer;
    after.closed_at = Some(tx.now());
    after.closed_by = tx.actor().id;
    after.version += 1;
    let res = entity::Entity::update_many()
        .set(entity::ActiveModel::from(after.clone()).reset_all())
        .filter(entity::Column::Id.eq(id))
        .filter(entity::Column::Version.eq(before.version))
        .exec(tx)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::precondition_failed("the request was changed by someone else; reload"));
    }
    audit::record(
        tx,
        audit::Change {
            action: "data_requests.closed",
            entity_type: "data_request",
            entity_id: Some(id.uuid()),
            before: Some(&serde_json::json!({ "status": before.status })),
            after: Some(&serde_json::json!({ "status": after.status })),
        },
    )
    .await?;
    Ok(after)
}

/// A data request as listed, with whether it is past its deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataRequestView {
    #[serde(flatten)]
    pub record: DataRequest,
    /// The person's name (their pseudonym once anonymised), so the list reads without opening
    /// every record (which the access log would count as reads of their data).
    pub customer_name: String,
    pub overdue: bool,
}

pub async fn list_requests(
    db: &impl ConnectionTrait,
    status: Option<RequestStatus>,
    customer: Option<CustomerId>,
    now: DateTime<Utc>,
) -> Result<Vec<DataRequestView>, AppError> {
    let mut q = entity::Entity::find();
    if let Some(s) = status {
        q = q.filter(entity::Column::Status.eq(s.as_str()));
    }
    if let Some(c) = customer {
        q = q.filter(entity::Column::CustomerId.eq(c));
    }
    let today = business_day(now);
    let rows = q.order_by_asc(entity::Column::DueOn).order_by_asc(entity::Column::Id).all(db).await?;
    let ids: Vec<CustomerId> = rows.iter().map(|r| r.customer_id).collect();
    let names = store::names_and_phones(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| DataRequestView {
            customer_name: names.get(&r.customer_id).map(|n| n.0.clone()).unwrap_or_default(),
            overdue: r.status == RequestStatus::Open && r.due_on < today,
            record: r,
        })
        .collect())
}

/// Everything Innexar holds about a person, as one document (LGPD art. 18 II and V).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonalData {
    pub generated_at: DateTime<Utc>,
    /// The customer's record.
    #[schema(value_type = Object)]
    pub customer: serde_json::Value,
    pub consents: Vec<store::Consent>,
    #[schema(value_type = Vec<Object>)]
    pub leads: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub activities: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub vehicles: Vec<serde_json::Value>,
    pub data_requests: Vec<DataRequest>,
    /// Who read the customer's full record, and when.
    #[schema(value_type = Vec<Object>)]
    pub access_log: Vec<serde_json::Value>,
}

pub async fn personal_data(tx: &Tx, id: CustomerId) -> Result<PersonalData, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let c = queries::get_customer(tx, actor, id).await?;
    let mut customer = c.audit_view();
    if let Some(o) = customer.as_object_mut() {
        o.insert("id".into(), c.id.to_string().into());
        o.insert("createdAt".into(), serde_json::to_value(c.created_at).unwrap_or_default());
    }
    let leads = store::customer_leads(tx, c.id).await?;
    let mut lead_docs = Vec::new();
    for l in &leads {
        let mut v = serde_json::to_value(l).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), l.id.to_string().into());
            o.insert(
                "stageChanges".into(),
                serde_json::to_value(store::stage_changes(tx, l.id).await?).unwrap_or_default(),
            );
        }
        lead_docs.push(v);
    }
    let activities = store::activities(tx, None, Some(c.id), 10_000)
        .await?
        .into_iter()
        .map(|a| serde_json::to_value(queries::ActivityView::from(a)).unwrap_or_default())
        .collect();
    let vehicles = innexar_vehicles::queries::owned_by(tx, c.id)
        .await?
        .into_iter()
        .map(|v| {
            serde_json::json!({ "id": v.id, "number": v.stock_number, "vin": v.vin, "placa": v.placa, "make": v.make,
                "model": v.model, "year": v.year, "modelYear": v.model_year, "ownedSince": v.owned_since })
        })
        .collect();
    let access_log = audit_of(tx, &[c.id.uuid()], Some("customers.viewed"))
        .await?
        .into_iter()
        .map(|e| serde_json::json!({ "at": e.occurred_at, "by": e.actor_email }))
        .collect();
    let doc = PersonalData {
        generated_at: now,
        customer,
        consents: store::consents(tx, c.id).await?,
        leads: lead_docs,
        activities,
        vehicles,
        data_requests: list_requests(tx, None, Some(c.id), now).await?.into_iter().map(|r| r.record).collect(),
        access_log,
    };
    audit::record(
        tx,
        audit::Change {
            action: "customers.personal_data_exported",
            entity_type: "customer",
            entity_id: Some(c.id.uuid()),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(doc)
}

async fn audit_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    action: Option<&str>,
) -> Result<Vec<audit::AuditEntry>, AppError> {
    use audit::entity::{Column as A, Entity};
    let mut q = Entity::find().filter(A::EntityId.is_in(ids.iter().copied()));
    if let Some(a) = action {
        q = q.filter(A::Action.eq(a));
    }
    Ok(q.order_by_asc(A::OccurredAt).all(db).await?)
}

/// The text forms of a person's identifiers that may sit in a stored text: as typed and as
/// stored (CPF with and without its mask, phones in E.164, national digits and `(11) 9...`).
fn identifiers(c: &Customer) -> Vec<String> {
    let mut out = vec![c.name.clone()];
    out.extend(c.trade_name.clone());
    for d in c.cpf.iter() {
        out.push(d.clone());
        out.push(br::format_cpf(d));
    }
    for d in c.cnpj.iter() {
        out.push(d.clone());
        out.push(innexar_kernel::validate::format_cnpj(d));
    }
    let phones = c.phones.iter().map(|p| p.number.clone()).chain(c.contacts.iter().filter_map(|p| p.phone.clone()));
    for p in phones {
        out.extend(br::phone_search_keys(&p));
        out.push(br::format_phone(&p));
        out.push(p);
    }
    out.extend(c.emails.iter().map(|e| e.address.clone()));
    for p in c.contacts.iter() {
        out.push(p.name.clone());
        out.extend(p.email.clone());
    }
    out.extend(c.cnh_number.clone());
    for a in c.addresses.iter() {
        out.extend(a.street.clone());
    }
    // Longest first, so a name is replaced before a part of it; short ones would hit other data.
    out.retain(|s| s.chars().count() >= 5);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// The pseudonym an anonymised customer keeps in the records the law requires.
pub fn pseudonym(id: CustomerId) -> String {
    format!("Titular anonimizado {}", &id.to_string()[..8])
}

/// Removes the person's data everywhere: the customer keeps a pseudonym (sales, invoices and
/// accounting stay, naming it), its lists and documents are cleared, free texts of its leads,
/// activities and requests are removed, and the audit log's values, the outbox, cached
/// responses and messages lose every identifier of the person.
pub async fn anonymize(tx: &Tx, id: CustomerId) -> Result<Customer, AppError> {
    let (actor, now) = (tx.actor(), tx.now());
    let before = queries::get_customer(tx, actor, id).await?;
    if before.anonymized_at.is_some() {
        return Ok(before);
    }
    let tombstones = store::tombstones_of(tx, before.id).await?;
    let mut people = vec![before.clone()];
    people.extend(tombstones.iter().cloned());
    let mut idents: Vec<String> = people.iter().flat_map(identifiers).collect();
    idents.sort_by_key(|s| std::cmp::Reverse(s.len()));
    idents.dedup();

    let mut after = before.clone();
    after.name = pseudonym(before.id);
    after.trade_name = None;
    after.cpf = None;
    after.cnpj = None;
    after.birth_date = None;
    after.cnh_number = None;
    after.cnh_category = None;
    after.state_registration = None;
    after.phones = Default::default();
    after.emails = Default::default();
    after.addresses = Default::default();
    after.contacts = Default::default();
    after.notes = None;
    after.tags = Default::default();
    after.preferred_channel = None;
    after.anonymized_at = Some(now);
    after.version += 1;
    after.updated_at = now;
    if !store::update(tx, &after, before.version).await? {
        return Err(AppError::precondition_failed("the customer was changed by someone else; try again"));
    }
    let all_ids: Vec<CustomerId> = people.iter().map(|p| p.id).collect();
    let related = store::erase_free_texts(tx, &all_ids).await?;
    crate::conversations::erase(tx, &all_ids).await?;
    // The audit log keeps who did what and when about the person; the values go.
    let mut entities: Vec<Uuid> = all_ids.iter().map(|c| c.uuid()).collect();
    entities.extend(related);
    {
        use audit::entity::{Column as A, Entity};
        Entity::update_many()
            .col_expr(A::Changes, Expr::value(serde_json::json!({ "anonymized": true })))
            .filter(A::EntityId.is_in(entities.iter().copied()))
            .exec(tx)
            .await?;
    }
    scrub(tx, &idents).await?;
    if tx.get_database_backend() == DatabaseBackend::Sqlite {
        // FTS5 keeps deleted text in old segments until they merge.
        tx.execute_unprepared("INSERT INTO crm_customers_search(crm_customers_search) VALUES ('optimize')").await?;
    }
    outbox::record(tx, &CrmEvent::CustomerAnonymized(CustomerAnonymized { customer_id: after.id })).await?;
    audit::record(
        tx,
        audit::Change {
            action: "customers.anonymized",
            entity_type: "customer",
            entity_id: Some(after.id.uuid()),
            before: None,
            after: Some(&serde_json::json!({ "anonymizedAt": now })),
        },
    )
    .await?;
    Ok(after)
}

/// The tables outside the CRM's own rows where a person's identifiers can sit as text: the
/// audit log's values, the outbox's payloads, cached responses (idempotency keys: dropped),
/// and messages (dropped).
async fn scrub(tx: &Tx, idents: &[String]) -> Result<(), AppError> {
    let backend = tx.get_database_backend();
    let as_text = |col: &str| match backend {
        DatabaseBackend::Postgres => format!("{col}::text"),
        _ => col.to_string(),
    };
    for ident in idents {
        let pattern = format!("%{}%", ident.replace(['%', '_', '\\'], ""));
        for (table, col) in [("core_audit_log", "changes"), ("core_outbox", "data")] {
            let (c, cast_back) = (as_text(col), if backend == DatabaseBackend::Postgres { "::json" } else { "" });
            let placeholder =
                |n: usize| if backend == DatabaseBackend::Postgres { format!("${n}") } else { "?".into() };
            let sql = format!(
                "UPDATE {table} SET {col} = REPLACE({c}, {p1}, '[anonimizado]'){cast_back} WHERE {c} LIKE {p2}",
                p1 = placeholder(1),
                p2 = placeholder(2)
            );
            tx.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [ident.clone().into(), pattern.clone().into()],
            ))
            .await?;
        }
        for (table, cols) in [
            ("core_idempotency_keys", &["response_body"][..]),
            ("core_messages", &["recipient", "subject", "body"][..]),
        ] {
            let mut q = Query::delete();
            q.from_table(Alias::new(table));
            let mut any = sea_orm::Condition::any();
            for col in cols {
                any = any.add(Expr::col(Alias::new(*col)).like(pattern.clone()));
            }
            q.cond_where(any);
            tx.execute(&q).await?;
        }
    }
    Ok(())
}

/// After an anonymisation on SQLite: the WAL's old page images are copied into the file (whose
/// freed content `secure_delete` zeroes) and the WAL is emptied, so a copy of the files holds
/// no trace. Retried while readers hold old snapshots.
pub async fn checkpoint(db: &impl ConnectionTrait) -> Result<(), AppError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    for _ in 0..20 {
        let row = db
            .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA wal_checkpoint(TRUNCATE)"))
            .await?;
        let busy: i64 = row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0);
        if busy == 0 {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tracing::warn!("the WAL could not be truncated after an anonymisation; it will be at the next checkpoint");
    Ok(())
}
