//! The application: the one list of business areas, and what is assembled from it — the
//! router (every area's routes under `/api/v1`, platform routes, health and metrics), the
//! OpenAPI document from the same route tree, the permission matrix, the job worker, the event
//! dispatcher and the scheduler — plus the middleware every request passes through and
//! building the shared state from settings.

pub mod demo;
pub mod middleware;
pub mod notify_hooks;
pub mod openapi;
pub mod router;
pub mod spa;
pub mod state;

pub use router::{document, document_json, health_router, router};
pub use state::{StateError, build_state};

use innexar_http::{AppState, Area};
use innexar_kernel::Permission;

/// Every business area. Adding an area is one line here.
pub fn areas() -> Vec<Area> {
    vec![
        innexar_tenants::area(),
        innexar_identity::area(),
        innexar_org::area(),
        innexar_vehicles::area(),
        innexar_crm::area(),
        innexar_sales::area(),
        innexar_webhooks::area(),
        innexar_notify::area::<notify_hooks::AppHooks>(),
    ]
}

/// The background job worker with the job kinds of every area.
pub fn worker(state: &AppState) -> innexar_jobs::Worker {
    let mut w = innexar_jobs::Worker::new(state.clock.clone());
    for job in areas().iter().flat_map(|a| a.jobs.iter()) {
        w.register(job(state));
    }
    w
}

/// The event dispatcher with the event handlers of every area.
pub fn dispatcher(state: &AppState) -> innexar_jobs::Dispatcher {
    let mut d = innexar_jobs::Dispatcher::new();
    for handler in areas().iter().flat_map(|a| a.event_handlers.iter()) {
        d.register(handler(state));
    }
    d
}

/// The scheduled tasks of every area.
pub fn scheduler(state: &AppState) -> innexar_jobs::Scheduler {
    let mut s = innexar_jobs::Scheduler::new();
    for scheduled in areas().iter().flat_map(|a| a.scheduled.iter()) {
        s.register(scheduled.every, (scheduled.task)(state));
    }
    s
}

/// The loops the worker role runs besides the dispatcher, the job worker and the scheduler.
pub fn background(state: &AppState) -> Vec<std::pin::Pin<Box<dyn Future<Output = ()> + Send>>> {
    areas().iter().flat_map(|a| a.background.iter()).map(|run| run(state)).collect()
}

/// Every problem code the API answers with: the platform's and every area's, by code.
pub fn all_problems() -> Vec<innexar_kernel::ProblemCode> {
    let mut all: Vec<_> =
        innexar_http::problems::ALL.iter().chain(areas().iter().flat_map(|a| a.problems.iter())).copied().collect();
    all.sort_by_key(|p| p.code);
    all
}

/// The list as committed in `docs/problems.json`, which the web app's messages are checked against.
pub fn problems_json() -> String {
    serde_json::to_string_pretty(&all_problems()).unwrap_or_default() + "\n"
}

/// Every event type of every area, by type.
pub fn all_event_types() -> Vec<innexar_http::EventType> {
    let mut all: Vec<_> = areas().iter().flat_map(|a| a.events.iter().copied()).collect();
    all.sort_by_key(|e| e.name);
    all
}

/// Every permission of every area.
pub fn all_permissions() -> Vec<Permission> {
    areas().iter().flat_map(|a| a.permissions.iter().copied()).collect()
}

/// The OpenAPI schema names a source file declares: types deriving `ToSchema` (by their name or
/// their `#[schema(as = ..)]`) and `string_enum!` enums.
#[cfg(test)]
fn schema_names(text: &str) -> Vec<String> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let (mut names, mut derive, mut alias, mut string_enum) = (Vec::new(), false, None, false);
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[derive(") && line.contains("ToSchema") {
            (derive, alias) = (true, None);
        } else if line.contains("string_enum!(") {
            string_enum = true;
        } else if derive && line.starts_with("#[schema(") && line.contains("as = ") {
            alias = line.split("as = ").nth(1).map(ident);
        } else if let Some(rest) =
            ["pub struct ", "pub enum ", "struct ", "enum "].iter().find_map(|p| line.strip_prefix(p))
        {
            if derive {
                names.push(alias.take().unwrap_or_else(|| ident(rest)));
                derive = false;
            }
        } else if string_enum && line.starts_with("pub ") && line.contains('{') {
            names.push(ident(line.trim_start_matches("pub ")));
            string_enum = false;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn no_problem_code_is_listed_by_two_areas_and_the_app_lists_what_it_answers_with() {
        let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for p in innexar_http::problems::ALL {
            owners.entry(p.code).or_default().push("http");
        }
        for area in super::areas() {
            for p in area.problems {
                owners.entry(p.code).or_default().push(area.name);
            }
        }
        let twice: Vec<_> = owners.iter().filter(|(_, o)| o.len() > 1).collect();
        assert!(twice.is_empty(), "listed by more than one crate: {twice:?}");
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let found = innexar_kernel::problems::check_crate(&src, &[], &[&super::all_problems()]);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn every_path_parameter_is_declared_in_the_document() {
        let doc = serde_json::to_value(super::document()).unwrap_or_default();
        let mut missing = Vec::new();
        for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
            let names: Vec<&str> = path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
            for (method, op) in ops.as_object().into_iter().flatten() {
                let declared: Vec<&str> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                missing.extend(names.iter().filter(|n| !declared.contains(n)).map(|n| format!("{method} {path}: {n}")));
            }
        }
        assert!(missing.is_empty(), "path parameters the document does not declare: {missing:#?}");
    }

    /// utoipa keys schemas by name, so two types with one name silently share the schema of
    /// whichever was registered last (`GET /me`'s tenant once showed the platform's tenant).
    #[test]
    fn every_schema_name_belongs_to_one_type() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut files = Vec::new();
        let mut dirs: Vec<_> =
            std::fs::read_dir(&crates).into_iter().flatten().flatten().map(|e| e.path().join("src")).collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            for name in super::schema_names(&text) {
                owners.entry(name).or_default().push(path.strip_prefix(&crates).unwrap_or(path).display().to_string());
            }
        }
        assert!(owners.len() > 40, "the scan finds the schemas: {owners:?}");
        assert!(owners.contains_key("VehicleRecord") && owners.contains_key("Fuel"), "{owners:?}");
        let twice: Vec<_> = owners.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(
            twice.is_empty(),
            "schema names used by more than one type (rename one, or `#[schema(as = ..)]`): {twice:#?}"
        );
    }

    #[test]
    fn the_committed_problem_list_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/problems.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == super::problems_json(),
            "docs/problems.json is stale: run `make openapi` (it also regenerates the web app's problem codes)"
        );
    }
}
