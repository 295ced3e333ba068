#![allow(clippy::disallowed_methods, reason = "tests make their own ids")]
//! The demo load on a real tenant database (SQLite, or PostgreSQL with `TEST_DATABASE_URL`):
//! what it writes is what the store would have written, and the funnel it makes is whole.

use std::collections::{BTreeMap, HashSet};

use innexar_crm::model::lead::{entity as lead_entity, stage_change_entity};
use innexar_crm::model::{Activity, ActivityKind, CustomerKind, LeadStage, StageChange, customer_entity};
use innexar_crm::queries::{CustomerQuery, list_customers};
use innexar_kernel::page::PageParams;
use innexar_kernel::{Actor, CustomerId, br, new_id, text, validate};
use innexar_org::Store;
use innexar_org::commands::{NewStore, create_store};
use innexar_testdb::TestDb;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
use uuid::Uuid;

async fn stores(t: &TestDb) -> Vec<Store> {
    let tx = t.begin().await;
    let mut out = Vec::new();
    for name in ["Matriz", "Filial"] {
        let input = NewStore { name: name.into(), cnpj: None, address: Default::default(), time_zone: None };
        out.push(create_store(&tx, input).await.expect("store"));
    }
    tx.commit().await.expect("commit");
    out
}

async fn search(t: &TestDb, q: &str) -> Vec<CustomerId> {
    let params = PageParams { page: Some(1), page_size: Some(100), sort: None };
    let query = CustomerQuery { q: Some(q.into()), ..Default::default() };
    let page = list_customers(t.db.conn(), &Actor::system(), query, params).await.expect("search");
    page.items.into_iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn seeding_leaves_valid_unique_documents_the_stores_keys_and_a_whole_funnel() {
    let t = TestDb::new().await;
    let db = t.db.conn();
    let now = t.now();
    let stores = stores(&t).await;
    innexar_vehicles::demo::seed(db, &stores, 300, now, 5).await.expect("stock");
    let owners = [new_id(), new_id()];
    innexar_crm::demo::seed(db, &stores, &owners, 1_000, 167, now, 42).await.expect("seed");

    let customers = customer_entity::Entity::find().all(db).await.expect("customers");
    assert_eq!(customers.len(), 1_000);
    let people = customers.iter().filter(|c| c.kind == CustomerKind::Person).count();
    assert!((800..=900).contains(&people), "about 85 % people, not {people}");
    let mut documents = HashSet::new();
    for c in &customers {
        let doc = match c.kind {
            CustomerKind::Person => {
                let cpf = c.cpf.clone().expect("a person has a CPF");
                assert_eq!(br::cpf(&cpf).as_deref(), Ok(cpf.as_str()));
                assert!(c.cnpj.is_none() && c.birth_date.is_some());
                cpf
            }
            CustomerKind::Company => {
                let cnpj = c.cnpj.clone().expect("a company has a CNPJ");
                assert_eq!(validate::cnpj(&cnpj).as_deref(), Ok(cnpj.as_str()));
                assert!(c.cpf.is_none() && c.trade_name.is_some() && c.state_registration.is_some());
                assert_eq!(c.contacts.len(), 1, "a company has a contact person");
                cnpj
            }
        };
        assert!(documents.insert(doc), "a document repeats");
        let mut checked = c.clone();
        let errors = innexar_crm::model::check_customer(&mut checked, now);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(checked, *c, "the checks would change nothing");
        assert_eq!(c.search_text, c.searchable_text());
        assert_eq!(c.name_key, text::name_key(&c.name));
        assert!(c.phones.iter().all(|p| br::phone(&p.number).as_deref() == Ok(p.number.as_str())));
    }
    assert!(
        customers.iter().filter_map(|c| c.cnpj.as_ref()).any(|n| n.chars().any(|ch| ch.is_ascii_uppercase())),
        "some CNPJs are alphanumeric"
    );
    assert!(customers.iter().any(|c| c.cnh_number.is_some()));
    assert!(customers.iter().any(|c| c.tags.iter().any(|t| t == "VIP")));

    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT kind, value, customer_id FROM crm_customer_keys".to_string(),
        ))
        .await
        .expect("keys");
    let mut keys: BTreeMap<Uuid, Vec<(String, String)>> = BTreeMap::new();
    for r in rows {
        let id: Uuid = r.try_get("", "customer_id").expect("id");
        keys.entry(id)
            .or_default()
            .push((r.try_get("", "kind").expect("kind"), r.try_get("", "value").expect("value")));
    }
    for c in &customers {
        let mut stored = keys.remove(&c.id.0).unwrap_or_default();
        stored.sort();
        let expected: Vec<(String, String)> = c.keys().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(stored, expected, "the keys of {}", c.name);
    }

    let someone = customers.iter().find(|c| c.kind == CustomerKind::Person).expect("a person");
    let phone = someone.phones[0].number.trim_start_matches("+55");
    let typed = format!("({}) {}-{}", &phone[..2], &phone[2..7], &phone[7..]);
    assert!(search(&t, &typed).await.contains(&someone.id), "found by phone {typed}");
    let cpf = someone.cpf.clone().expect("cpf");
    let typed = format!("{}.{}.{}-{}", &cpf[..3], &cpf[3..6], &cpf[6..9], &cpf[9..]);
    assert_eq!(search(&t, &typed).await, [someone.id], "found by CPF {typed}");

    let leads = lead_entity::Entity::find().all(db).await.expect("leads");
    assert_eq!(leads.len(), 2 * (167 + 83));
    for s in LeadStage::ALL {
        assert!(leads.iter().any(|l| l.stage == *s), "no lead is {}", s.as_str());
    }
    assert!(
        leads.iter().any(|l| l.stage == LeadStage::New && l.first_response_at.is_none() && l.response_due_at < now),
        "some new leads are overdue"
    );
    let mut changes = stage_change_entity::Entity::find().all(db).await.expect("history");
    changes.sort_by_key(|c| (c.lead_id, c.changed_at, c.id));
    let mut history: BTreeMap<_, Vec<StageChange>> = BTreeMap::new();
    for c in changes {
        history.entry(c.lead_id).or_default().push(c);
    }
    let customer_ids: HashSet<CustomerId> = customers.iter().map(|c| c.id).collect();
    for l in &leads {
        let h = history.get(&l.id).expect("every lead has a history");
        assert_eq!((h[0].from_stage, h[0].to_stage), (None, LeadStage::New));
        for pair in h.windows(2) {
            assert_eq!(pair[1].from_stage, Some(pair[0].to_stage), "moves chain");
            assert!(pair[1].changed_at > pair[0].changed_at, "in time order");
        }
        let last = h.last().expect("a line");
        assert_eq!(last.to_stage, l.stage, "the last line is the lead's stage");
        assert_eq!(last.changed_at, l.stage_changed_at);
        assert_eq!(l.closed_at.is_some(), !l.stage.is_open());
        assert_eq!(l.lost_reason.is_some(), l.stage == LeadStage::Lost);
        assert!(l.stage == LeadStage::New || l.first_response_at.is_some());
        assert!((0..=100).contains(&l.score) && l.score_factors.0.len() == 6);
        assert!(customer_ids.contains(&l.customer_id) && l.created_at <= now);
        assert!(l.owner_id.is_none_or(|o| owners.contains(&o)));
    }
    assert!(leads.iter().filter(|l| l.vehicle_id.is_some()).count() > leads.len() / 2, "most want a stock car");
    // The WhatsApp inbox: one conversation per customer of an open lead that came by WhatsApp,
    // on that lead, at that customer's number; the new ones unread.
    let conversations = innexar_crm::conversations::entity::Entity::find().all(db).await.expect("conversations");
    assert!(conversations.len() >= 10, "{}", conversations.len());
    for c in &conversations {
        let lead = leads.iter().find(|l| Some(l.id.0) == c.lead_id).expect("its lead");
        assert!(lead.source == "whatsapp" && lead.stage.is_open() && lead.customer_id.0 == c.customer_id);
        assert_eq!(c.unread, i32::from(lead.stage == LeadStage::New));
        let customer = customers.iter().find(|x| x.id.0 == c.customer_id).expect("its customer");
        assert_eq!(customer.phones.first().map(|p| p.number.as_str()), Some(c.phone.as_str()));
    }

    let activities: Vec<Activity> =
        innexar_crm::model::lead::activity_entity::Entity::find().all(db).await.expect("activities");
    assert!(
        activities
            .iter()
            .filter(|a| a.kind == ActivityKind::TestDrive)
            .all(|a| a.cnh_checked == Some(true) && a.vehicle_id.is_some())
    );
    for o in owners {
        let open: Vec<&Activity> = activities
            .iter()
            .filter(|a| a.kind == ActivityKind::Task && a.assignee_id == Some(o) && a.done_at.is_none())
            .collect();
        assert!(open.iter().any(|a| a.due_at.is_some_and(|d| d >= now)), "due today");
        assert!(open.iter().any(|a| a.due_at.is_some_and(|d| d < now)), "overdue");
    }
}

/// `CRM_DEMO_CUSTOMERS=200000 cargo test --workspace --test demo -- --ignored --nocapture`
/// measures the benchmark's load (debug build).
#[tokio::test]
#[ignore = "a measurement: minutes, not seconds"]
async fn seeding_many_customers_is_measured() {
    let n: usize = std::env::var("CRM_DEMO_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    let t = TestDb::new().await;
    let stores = stores(&t).await;
    let owners = [new_id(), new_id()];
    let started = std::time::Instant::now();
    innexar_crm::demo::seed(t.db.conn(), &stores, &owners, n, 500, t.now(), 1).await.expect("seed");
    let took = started.elapsed();
    let count = customer_entity::Entity::find().count(t.db.conn()).await.expect("count");
    assert_eq!(count, n as u64);
    println!("seeded {n} customers and {} leads in {:.1} s", 2 * 750, took.as_secs_f64());
}
