#![allow(clippy::disallowed_methods, reason = "tests make their own ids")]
//! Stores on a real tenant database (SQLite, or PostgreSQL with `TEST_DATABASE_URL`), through
//! the commands and queries other areas call.

use futures_util::future::join_all;
use innexar_kernel::{Role, StoreId};
use innexar_org::commands::{NewStore, StorePatch, create_store, update_store};
use innexar_org::queries::{StoreUse, get_store, list_stores, store_use};
use innexar_testdb::{TestDb, random_cnpj};

fn new_store(name: &str, cnpj: Option<String>) -> NewStore {
    NewStore { name: name.into(), cnpj, address: Default::default(), time_zone: None }
}

#[tokio::test]
async fn a_store_is_checked_normalised_and_audited_in_the_transaction_that_creates_it() {
    let t = TestDb::new().await;
    let tx = t.begin_as(t.actor(Role::Owner)).await;
    let bad = create_store(&tx, NewStore { time_zone: Some("Europe/Lisbon".into()), ..new_store(" ", None) }).await;
    let err = bad.expect_err("refused");
    let pointers: Vec<&str> = err.errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(pointers, ["/name", "/timeZone"]);
    let s = create_store(&tx, new_store("  Matriz  ", None)).await.expect("create");
    tx.commit().await.expect("commit");
    assert_eq!((s.name.as_str(), s.time_zone.as_str(), s.version), ("Matriz", "America/Sao_Paulo", 1));
    let (entries, _) = innexar_db::audit::list(
        t.db.conn(),
        &innexar_db::audit::AuditFilter { entity_id: Some(s.id.uuid()), ..Default::default() },
        &innexar_kernel::page::PageRequest { page: 1, page_size: 10, sort: vec![] },
    )
    .await
    .expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "stores.created");
}

#[tokio::test]
async fn of_twenty_concurrent_stores_with_one_cnpj_the_database_lets_exactly_one_in() {
    let t = TestDb::new().await;
    let cnpj = random_cnpj();
    let attempts = (0..20).map(|i| {
        let (db, actor, now, cnpj) = (t.db.clone(), t.actor(Role::Owner), t.now(), cnpj.clone());
        async move {
            let tx = db.begin_as(actor, now).await.expect("begin");
            let r = create_store(&tx, new_store(&format!("Loja {i}"), Some(cnpj))).await;
            match r {
                Ok(_) => tx.commit().await.map_err(|e| e.to_string()),
                Err(e) => Err(e.code.to_string()),
            }
        }
    });
    let results = join_all(attempts).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|c| c == "stores.duplicate_cnpj"), "{results:?}");
    let all = list_stores(t.db.conn(), &t.actor(Role::Owner)).await.expect("list");
    assert_eq!(all.len(), 1);
}

#[tokio::test]
async fn a_record_may_be_filed_only_under_an_open_store_the_actor_sees() {
    let t = TestDb::new().await;
    let owner = t.actor(Role::Owner);
    let tx = t.begin_as(owner.clone()).await;
    let open = create_store(&tx, new_store("Matriz", None)).await.expect("create");
    let closing = create_store(&tx, new_store("Filial", None)).await.expect("create");
    let closed = update_store(
        &tx,
        closing.id,
        innexar_kernel::IfMatch::version(1),
        StorePatch { active: Some(false), ..Default::default() },
    )
    .await
    .expect("close");
    tx.commit().await.expect("commit");
    assert!(!closed.active);
    let conn = t.db.conn();
    assert_eq!(store_use(conn, &owner, open.id).await.expect("use"), StoreUse::Usable);
    assert_eq!(store_use(conn, &owner, closed.id).await.expect("use"), StoreUse::Inactive);
    assert_eq!(store_use(conn, &owner, StoreId::new()).await.expect("use"), StoreUse::Unknown);
    // A manager of the other store neither uses nor sees this one.
    let mut manager = t.actor(Role::StoreManager);
    manager.store_ids = Some(vec![closed.id]);
    assert_eq!(store_use(conn, &manager, open.id).await.expect("use"), StoreUse::Unknown);
    assert_eq!(get_store(conn, &manager, open.id).await.expect_err("hidden").code, "stores.not_found");
    let seen: Vec<_> = list_stores(conn, &manager).await.expect("list").into_iter().map(|s| s.id).collect();
    assert_eq!(seen, [closed.id]);
}
