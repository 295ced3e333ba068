//! Leads, their stages, activities and tasks, and the settings that shape the funnel.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use activity_entity::Model as Activity;
pub use entity::Model as Lead;
pub use list_entity::Model as ListEntry;
pub use settings_entity::Model as StoreSettings;
pub use stage_change_entity::Model as StageChange;

innexar_kernel::string_enum!(
    /// Where a lead is in the funnel.
    pub LeadStage {
        New = "new",
        Contacted = "contacted",
        Qualified = "qualified",
        VisitScheduled = "visit_scheduled",
        TestDrive = "test_drive",
        Negotiating = "negotiating",
        Won = "won",
        Lost = "lost",
    }
);

impl LeadStage {
    /// Still being worked.
    pub fn is_open(self) -> bool {
        !matches!(self, LeadStage::Won | LeadStage::Lost)
    }

    /// The stages a lead may move to: any other open stage (a kanban's cards go back as well as
    /// forward), won or lost while open; a lost lead may be reopened; a won one is a sale.
    pub fn next(self) -> Vec<LeadStage> {
        match self {
            LeadStage::Won => Vec::new(),
            LeadStage::Lost => LeadStage::ALL.iter().copied().filter(|s| s.is_open()).collect(),
            from => LeadStage::ALL.iter().copied().filter(|s| *s != from).collect(),
        }
    }
}

innexar_kernel::string_enum!(
    /// What happened with a customer: a contact, a visit, a test drive, a note, or a task to do.
    pub ActivityKind {
        Call = "call",
        Whatsapp = "whatsapp",
        Email = "email",
        Visit = "visit",
        TestDrive = "test_drive",
        Note = "note",
        Task = "task",
    }
);

impl ActivityKind {
    /// A contact with the customer, which answers a lead (first response) and shows engagement.
    pub fn is_contact(self) -> bool {
        matches!(
            self,
            ActivityKind::Call
                | ActivityKind::Whatsapp
                | ActivityKind::Email
                | ActivityKind::Visit
                | ActivityKind::TestDrive
        )
    }
}

innexar_kernel::string_enum!(
    /// Who started a contact.
    pub Direction { Inbound = "inbound", Outbound = "outbound" }
);

innexar_kernel::string_enum!(
    /// How a store's new leads find their salesperson.
    pub Assignment {
        /// In turn among the store's active salespeople.
        RoundRobin = "round_robin",
        /// The salesperson set for the lead's source (round robin for a source without one).
        BySource = "by_source",
        /// Left unassigned for a manager to hand out.
        Manual = "manual",
    }
);

innexar_kernel::string_enum!(
    /// The tenant's configurable lists.
    pub ListKind {
        Source = "source",
        LostReason = "lost_reason",
        /// A lead score's factors; `points` is the factor's weight.
        ScoreWeight = "score_weight",
    }
);

innexar_kernel::string_enum!(
    /// New or used, as a lead's interest.
    pub WantedCondition { New = "new", Used = "used" }
);

/// One factor of a lead's score and the points it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScoreFactor {
    /// `source_quality`, `engagement`, `response_time`, `budget_fit`, `trade_in`, `recency`.
    pub factor: String,
    pub points: i32,
    /// The most this factor can give under the tenant's weights.
    pub max: i32,
    /// Why, in words a person reads (pt-BR).
    pub detail: String,
}

/// The factors of a lead's score, as computed last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
#[serde(transparent)]
pub struct ScoreFactors(pub Vec<ScoreFactor>);

/// Each source's salesperson, for stores that assign by source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sea_orm::FromJsonQueryResult)]
#[serde(transparent)]
pub struct SourceOwners(pub std::collections::BTreeMap<String, uuid::Uuid>);

pub mod entity {
    use super::{LeadStage, ScoreFactors, WantedCondition};
    use innexar_kernel::{CustomerId, Money, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// A lead: a customer's interest in buying, worked through the funnel.
        LeadId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_leads")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = LeadRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: LeadId,
        pub customer_id: CustomerId,
        pub store_id: StoreId,
        /// The salesperson working it; none while unassigned.
        #[schema(value_type = Option<uuid::Uuid>)]
        pub owner_id: Option<Uuid>,
        /// A key of the tenant's source list (`walk_in`, `webmotors`, ...).
        pub source: String,
        pub stage: LeadStage,
        /// A stock vehicle the customer wants.
        #[schema(value_type = Option<uuid::Uuid>)]
        pub vehicle_id: Option<Uuid>,
        /// Or what they want: make, model, years, budget, new or used.
        pub make: Option<String>,
        pub model: Option<String>,
        pub year_min: Option<i32>,
        pub year_max: Option<i32>,
        #[sea_orm(column_name = "budget_cents")]
        #[serde(rename = "budgetCents")]
        #[schema(value_type = Option<i64>)]
        pub budget: Option<Money>,
        pub condition: Option<WantedCondition>,
        /// The customer means to trade in a car.
        pub has_trade_in: bool,
        pub trade_in_notes: Option<String>,
        pub notes: Option<String>,
        /// A key of the tenant's lost-reason list, for a lost lead.
        pub lost_reason: Option<String>,
        pub lost_note: Option<String>,
        /// The source's own id of the lead (intake), unique per source.
        pub external_id: Option<String>,
        /// 0-100; `scoreFactors` says why.
        pub score: i32,
        #[schema(value_type = Vec<super::ScoreFactor>)]
        pub score_factors: ScoreFactors,
        /// When the first response is due (the store's SLA from the lead's arrival).
        pub response_due_at: chrono::DateTime<chrono::Utc>,
        pub first_response_at: Option<chrono::DateTime<chrono::Utc>>,
        pub last_activity_at: Option<chrono::DateTime<chrono::Utc>>,
        pub stage_changed_at: chrono::DateTime<chrono::Utc>,
        pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
        #[sea_orm(column_name = "row_version")]
        #[serde(skip)]
        pub version: i64,
        #[serde(skip)]
        pub created_at: chrono::DateTime<chrono::Utc>,
        #[serde(skip)]
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::LeadId;

pub mod stage_change_entity {
    use super::LeadStage;
    use super::entity::LeadId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// A lead's move from one stage to another, with who and when.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_lead_stage_changes")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = LeadStageChange)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: Uuid,
        #[serde(skip)]
        pub lead_id: LeadId,
        pub from_stage: Option<LeadStage>,
        pub to_stage: LeadStage,
        /// The lost reason, or the note of the move.
        pub reason: Option<String>,
        pub changed_by: Option<Uuid>,
        pub changed_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod activity_entity {
    use super::entity::LeadId;
    use super::{ActivityKind, Direction};
    use innexar_kernel::{CustomerId, StoreId};
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    innexar_kernel::id_type!(
        /// An activity or a task.
        ActivityId
    );

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_activities")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = ActivityRecord)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub id: ActivityId,
        pub kind: ActivityKind,
        pub customer_id: CustomerId,
        #[schema(value_type = Option<uuid::Uuid>)]
        pub lead_id: Option<LeadId>,
        pub store_id: StoreId,
        pub direction: Option<Direction>,
        /// What was said or done; a task's description.
        pub body: Option<String>,
        pub occurred_at: chrono::DateTime<chrono::Utc>,
        /// A task's due time.
        pub due_at: Option<chrono::DateTime<chrono::Utc>>,
        /// A task's assignee.
        pub assignee_id: Option<Uuid>,
        /// When a task was done.
        pub done_at: Option<chrono::DateTime<chrono::Utc>>,
        /// A test drive's stock vehicle.
        pub vehicle_id: Option<Uuid>,
        /// A test drive: the driver's CNH was seen and valid.
        pub cnh_checked: Option<bool>,
        pub start_km: Option<i64>,
        pub end_km: Option<i64>,
        pub created_by: Option<Uuid>,
        #[sea_orm(column_name = "row_version")]
        #[serde(skip)]
        pub version: i64,
        #[serde(skip)]
        pub created_at: chrono::DateTime<chrono::Utc>,
        #[serde(skip)]
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use activity_entity::ActivityId;

pub mod settings_entity {
    use super::{Assignment, SourceOwners};
    use innexar_kernel::StoreId;
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// A store's lead settings.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_store_settings")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = StoreLeadSettings)]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub store_id: StoreId,
        /// A new lead must be answered within this many minutes.
        pub first_response_minutes: i32,
        pub assignment: Assignment,
        /// The salesperson the last round-robin turn went to.
        #[serde(skip)]
        pub last_assigned_to: Option<Uuid>,
        /// For `by_source`: source key -> user id.
        #[schema(value_type = std::collections::BTreeMap<String, uuid::Uuid>)]
        pub source_owners: SourceOwners,
        #[sea_orm(column_name = "row_version")]
        pub version: i64,
        pub updated_at: chrono::DateTime<chrono::Utc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The SLA a store has before it sets its own: internet leads go cold within the hour.
pub const DEFAULT_FIRST_RESPONSE_MINUTES: i32 = 30;

pub mod list_entity {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// An entry of one of the tenant's lists (lead sources, lost reasons).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, DeriveEntityModel, utoipa::ToSchema)]
    #[sea_orm(table_name = "crm_lists")]
    #[serde(rename_all = "camelCase")]
    #[schema(as = ListEntry)]
    pub struct Model {
        /// A `ListKind`, kept as its text (a key column).
        #[sea_orm(primary_key, auto_increment = false)]
        #[serde(skip)]
        pub kind: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub label: String,
        /// For a source: the points it brings to a lead's score (its quality).
        pub points: i32,
        pub position: i32,
        pub active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
