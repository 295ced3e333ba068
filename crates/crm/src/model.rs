//! Customers and their consent as plain rules: the record (its row), the lists it keeps (phones,
//! e-mails, addresses, contact people), and the checks every saved customer passes.

mod customer;
pub mod lead;

pub use customer::entity as customer_entity;
pub use customer::{
    Addresses, ContactPerson, Contacts, Customer, CustomerAddress, EmailAddress, Emails, Phone, Phones, Tags,
    check_customer,
};
pub use lead::{
    Activity, ActivityId, ActivityKind, Assignment, Direction, Lead, LeadId, LeadStage, ListEntry, ListKind,
    ScoreFactor, ScoreFactors, StageChange, StoreSettings, WantedCondition,
};

innexar_kernel::string_enum!(
    /// A person (pessoa física, CPF) or a company (pessoa jurídica, CNPJ).
    pub CustomerKind { Person = "person", Company = "company" }
);

innexar_kernel::string_enum!(
    /// How the customer prefers to be reached.
    pub ContactChannel { Phone = "phone", Whatsapp = "whatsapp", Email = "email", Sms = "sms", InPerson = "in_person" }
);

innexar_kernel::string_enum!(
    /// What the customer's data may be used for, consent by consent (LGPD art. 8 §4: consent is
    /// for a stated purpose).
    pub ConsentPurpose {
        /// Offers, launches, campaigns.
        Marketing = "marketing",
        /// Revisions and recalls of their own vehicle.
        ServiceReminders = "service_reminders",
        /// Satisfaction surveys after a sale or a service.
        Surveys = "surveys",
    }
);

innexar_kernel::string_enum!(
    /// The channel a consent covers.
    pub ConsentChannel { Email = "email", Sms = "sms", Whatsapp = "whatsapp", Phone = "phone" }
);

innexar_kernel::string_enum!(
    /// The legal basis a use of personal data rests on (LGPD art. 7).
    pub LegalBasis {
        /// The person's consent (art. 7 I), which they may withdraw at any time.
        Consent = "consent",
        /// Needed for a contract with the person (art. 7 V).
        Contract = "contract",
        /// A legal or regulatory obligation (art. 7 II).
        LegalObligation = "legal_obligation",
        /// The dealer's legitimate interest (art. 7 IX), weighed against the person's rights.
        LegitimateInterest = "legitimate_interest",
    }
);

/// CNH categories (CTB art. 143), including the combined ones.
pub const CNH_CATEGORIES: &[&str] = &["A", "B", "C", "D", "E", "AB", "AC", "AD", "AE", "ACC"];

/// At most this many phones, e-mails, addresses or contact people per customer.
pub const MAX_LIST: usize = 10;
/// At most this many tags per customer.
pub const MAX_TAGS: usize = 20;
