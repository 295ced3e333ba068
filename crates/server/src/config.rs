//! Settings, layered: defaults, then the TOML file (`--config`, or `config/default.toml` when it
//! exists), then `INNEXAR_*` environment variables, then flags. Unknown keys and bad values are
//! errors naming the key, and the variable when one set it.
//!
//! A variable names a key by its path with `_` or `__` between the levels:
//! `INNEXAR_IMPORTS_MAX_ROWS` and `INNEXAR_IMPORTS__MAX_ROWS` are both `imports.max_rows`;
//! `INNEXAR_DATA_DIR` is the top-level `data_dir`. With a single `_`, the first level is one of
//! the settings' tables, read from the settings themselves, so a new section needs no list here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use figment::error::Kind;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::Value;
use figment::{Figment, Provider};
use innexar_kernel::settings::Settings;

const PREFIX: &str = "INNEXAR_";
/// `INNEXAR_ADMIN_PASSWORD` is a password for `tenant create`, and `INNEXAR_ROLES` the roles of
/// `serve` (`--roles`), and `INNEXAR_FAILPOINT` (debug builds) where a test stops a process; none
/// is a setting.
const NOT_SETTINGS: &[&str] = &["ADMIN_PASSWORD", "ROLES", "FAILPOINT"];

/// The settings' tables (`server`, `database`, ...), longest first, so that were one name to
/// begin another (`auth`, `auth_x`) the longer is tried first.
fn sections() -> Vec<String> {
    let defaults = Value::serialize(Settings::default()).expect("the default settings serialise");
    let mut names: Vec<String> = defaults
        .into_dict()
        .map(|top| top.into_iter().filter(|(_, v)| v.as_dict().is_some()).map(|(k, _)| k).collect())
        .unwrap_or_default();
    names.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    names
}

/// The key a variable's name (without the prefix, after `__` became `.`) stands for.
fn key_for(sections: &[String], name: &str) -> String {
    let name = name.trim().to_ascii_lowercase();
    if name.contains('.') {
        return name;
    }
    for s in sections {
        if let Some(rest) = name.strip_prefix(s.as_str()).and_then(|r| r.strip_prefix('_'))
            && !rest.is_empty()
        {
            return format!("{s}.{rest}");
        }
    }
    name
}

/// figment's nested keys (`__` separates levels), plus the single-`_` names the docs use.
fn environment(sections: Vec<String>) -> Env {
    Env::prefixed(PREFIX).ignore(NOT_SETTINGS).split("__").map(move |k| key_for(&sections, k.as_str()).into())
}

/// Each key an `INNEXAR_*` variable sets now, with the variables (by name) that set it.
fn set_by_environment(sections: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let Some(rest) =
            name.get(..PREFIX.len()).filter(|p| p.eq_ignore_ascii_case(PREFIX)).map(|_| &name[PREFIX.len()..])
        else {
            continue;
        };
        if rest.is_empty() || NOT_SETTINGS.iter().any(|n| n.eq_ignore_ascii_case(rest.trim())) {
            continue;
        }
        // What `split("__")` does before `key_for` runs.
        let key = key_for(sections, &rest.replace("__", "."));
        keys.entry(key).or_default().push(name.to_string());
    }
    keys
}

/// The variables that set `key` or a key under it.
fn variables_setting(set_by: &BTreeMap<String, Vec<String>>, key: &str) -> Vec<String> {
    let under = format!("{key}.");
    let mut names: Vec<String> = set_by
        .iter()
        .filter(|(k, _)| k.as_str() == key || k.starts_with(&under))
        .flat_map(|(_, v)| v.iter().cloned())
        .collect();
    names.sort();
    names
}

/// One figment error, naming the variable when the value came from one (`environment` is that
/// provider's name in errors; a flag may have replaced a variable's value).
fn describe(e: &figment::Error, environment: &str, set_by: &BTreeMap<String, Vec<String>>) -> String {
    // figment's path ends with the unknown field's name.
    let key = e.path.join(".");
    let vars = variables_setting(set_by, &key);
    let from_environment = e.metadata.as_ref().is_some_and(|m| m.name == environment);
    if key.is_empty() || vars.is_empty() || !from_environment {
        return e.to_string();
    }
    let vars = vars.join(", ");
    match &e.kind {
        Kind::UnknownField(_, expected) => {
            let parent = &e.path[..e.path.len() - 1];
            let known = expected.join(", ");
            match parent.is_empty() {
                true => format!("{vars}: there is no setting `{key}` (the top-level keys are {known})"),
                false => format!("{vars}: there is no setting `{key}` (`{}` has {known})", parent.join(".")),
            }
        }
        Kind::InvalidType(found, expected) if expected.contains("string") && !found.to_string().contains("string") => {
            format!("{vars}: `{key}` must be a string, found {found} (to keep it as text, quote it: '\"...\"')")
        }
        kind => format!("{vars}: `{key}`: {kind}"),
    }
}

/// Overrides from flags, applied last.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub addr: Option<String>,
}

pub fn load(config: Option<&Path>, overrides: &Overrides) -> Result<Settings, String> {
    let sections = sections();
    let set_by = set_by_environment(&sections);
    if let Some((key, vars)) = set_by.iter().find(|(_, v)| v.len() > 1) {
        return Err(format!("{} all set `{key}`; keep one", vars.join(", ")));
    }
    let mut fig = Figment::from(Serialized::defaults(Settings::default()));
    match config {
        Some(path) => {
            if !path.exists() {
                return Err(format!("config file {} does not exist", path.display()));
            }
            fig = fig.merge(Toml::file_exact(path));
        }
        None => {
            let default = Path::new("config/default.toml");
            if default.exists() {
                fig = fig.merge(Toml::file_exact(default));
            }
        }
    }
    let env = environment(sections);
    let env_name = env.metadata().name.to_string();
    fig = fig.merge(env);
    if let Some(d) = &overrides.data_dir {
        fig = fig.merge(Serialized::default("data_dir", d));
    }
    if let Some(a) = &overrides.addr {
        fig = fig.merge(Serialized::default("server.addr", a));
    }
    let settings: Settings = fig
        .extract()
        .map_err(|e| e.into_iter().map(|e| describe(&e, &env_name, &set_by)).collect::<Vec<_>>().join("; "))?;
    settings.check().map_err(|message| {
        // The checks name keys (`database.max_connections_total must be ...`); add the variables
        // that set any of them.
        let mut vars: Vec<String> = message
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .flat_map(|word| set_by.get(word.trim_end_matches('.')).cloned().unwrap_or_default())
            .collect();
        vars.sort();
        vars.dedup();
        if vars.is_empty() { message } else { format!("{message} (set by {})", vars.join(", ")) }
    })?;
    Ok(settings)
}

#[cfg(test)]
#[expect(clippy::result_large_err, reason = "figment's Jail closures return figment::Error")]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        key_for(&sections(), name)
    }

    #[test]
    fn the_sections_are_the_settings_tables() {
        assert_eq!(
            sections(),
            ["database", "webhooks", "imports", "secrets", "storage", "notify", "server", "amqp", "auth", "log"]
        );
    }

    #[test]
    fn maps_environment_names_to_keys() {
        assert_eq!(key("DATABASE_URL"), "database.url");
        assert_eq!(key("DATA_DIR"), "data_dir");
        assert_eq!(key("DATABASE_MAX_CONNECTIONS_TOTAL"), "database.max_connections_total");
        assert_eq!(key("SERVER_ADDR"), "server.addr");
        assert_eq!(key("IMPORTS_MAX_ROWS"), "imports.max_rows");
        assert_eq!(key("imports.max_file_bytes"), "imports.max_file_bytes");
        assert_eq!(key("FOO"), "foo");
        assert_eq!(key("IMPORTS_"), "imports_");
    }

    /// Every key of the settings, as (path, default).
    fn leaves() -> Vec<(String, Value)> {
        let top = Value::serialize(Settings::default()).expect("serialise").into_dict().expect("a table");
        let mut out = Vec::new();
        for (k, v) in top {
            match v {
                Value::Dict(_, section) => out.extend(section.into_iter().map(|(key, v)| (format!("{k}.{key}"), v))),
                leaf => out.push((k, leaf)),
            }
        }
        out
    }

    #[test]
    fn every_key_has_a_variable_in_both_spellings() {
        let all = leaves();
        assert!(all.len() > 40, "{}", all.len());
        for (path, _) in &all {
            let single = path.replace('.', "_").to_ascii_uppercase();
            let double = path.replace('.', "__").to_ascii_uppercase();
            assert_eq!(key(&single), *path, "{PREFIX}{single}");
            assert_eq!(key(&double.replace("__", ".")), *path, "{PREFIX}{double}");
        }
    }

    #[test]
    fn figment_and_the_error_names_agree_on_keys() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            for name in ["IMPORTS_MAX_ROWS", "DATABASE__URL", "DATA_DIR", "LOG_LEVEL", "FOO"] {
                jail.set_env(format!("{PREFIX}{name}"), "1");
            }
            let figment_keys: Vec<String> = environment(sections()).iter().map(|(k, _)| k.to_string()).collect();
            let ours: Vec<String> = set_by_environment(&sections()).into_keys().collect();
            let mut sorted = figment_keys.clone();
            sorted.sort();
            assert_eq!(sorted, ours);
            assert_eq!(ours, ["data_dir", "database.url", "foo", "imports.max_rows", "log.level"]);
            Ok(())
        });
    }

    /// A valid value unlike the default, and how `config show` writes it.
    fn other_value(path: &str, default: &Value) -> (String, String) {
        let text = |s: &str| (s.to_string(), format!("{s:?}"));
        match path {
            "data_dir" => text("/srv/innexar"),
            "server.addr" => text("0.0.0.0:8081"),
            "server.base_domain" => text("erp.example.com.br"),
            "database.url" => text("postgres://app@db.internal:5432/innexar"),
            "database.tenant_db_prefix" => text("loja_"),
            "auth.jwt_secret" => ("a-signing-key-of-more-than-32-bytes-0123".into(), "\"***\"".into()),
            "auth.issuer" => text("innexar-prod"),
            "log.format" => text("pretty"),
            "log.level" => text("innexar=debug,sqlx=warn"),
            "storage.backend" => text("s3"),
            "storage.prefix" => text("prod/innexar-1"),
            "storage.s3_endpoint" => text("http://127.0.0.1:9000"),
            "storage.s3_region" => text("sa-east-1"),
            "storage.s3_bucket" => text("fotos"),
            "storage.s3_access_key_id" => text("AKIAEXAMPLE"),
            "storage.s3_secret_access_key" => ("wJalrXUtnFEMI-bucket-key".into(), "\"***\"".into()),
            "amqp.url" => (
                "amqp://innexar:broker-pass@mq.internal:5672/%2f".into(),
                "\"amqp://innexar:***@mq.internal:5672/%2f\"".into(),
            ),
            "amqp.exchange" => text("loja.eventos"),
            "notify.email_url" => (
                "smtps://innexar:mail-pass@smtp.internal:465".into(),
                "\"smtps://innexar:***@smtp.internal:465\"".into(),
            ),
            "notify.email_from" => text("Loja Exemplo <contato@loja.com.br>"),
            "notify.zenvia_url" => text("http://127.0.0.1:9101"),
            "notify.whatsapp_url" => text("http://127.0.0.1:9102"),
            "notify.whatsapp_api_version" => text("v22.0"),
            "secrets.key" => ("ab".repeat(32), "\"***\"".into()),
            _ => match default {
                Value::Bool(_, b) => ((!b).to_string(), (!b).to_string()),
                Value::Num(_, n) => {
                    let n = n.to_u128().expect("settings numbers are unsigned") + 1;
                    (n.to_string(), n.to_string())
                }
                other => panic!("no test value for {path} = {other:?}"),
            },
        }
    }

    /// The variables README.md and docs/ name, without the prefix.
    fn documented() -> Vec<String> {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let mut files = vec![root.join("README.md"), root.join("config/default.toml")];
        for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
        for entry in std::fs::read_dir(root.join("docs/adr")).expect("docs/adr") {
            files.push(entry.expect("entry").path());
        }
        let mut names = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            for (i, _) in text.match_indices(PREFIX) {
                let name: String = text[i + PREFIX.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                // `INNEXAR_*` and `INNEXAR_STORAGE_*` speak of many.
                if !name.is_empty() && !name.ends_with('_') && !NOT_SETTINGS.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_documented_variable_loads_and_shows_in_the_settings() {
        let documented = documented();
        assert!(documented.len() >= 28, "{documented:?}");
        // The README's table, including both imports limits start-up once refused.
        for must in ["DATABASE_URL", "DATA_DIR", "IMPORTS_MAX_ROWS", "IMPORTS_MAX_FILE_BYTES", "STORAGE_S3_ENDPOINT"] {
            assert!(documented.iter().any(|d| d == must), "{must} in {documented:?}");
        }
        let defaults: BTreeMap<String, Value> = leaves().into_iter().collect();
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            let mut expected = Vec::new();
            for name in &documented {
                let path = key(&name.replace("__", "."));
                let default = defaults.get(&path).unwrap_or_else(|| panic!("{PREFIX}{name} names no setting ({path})"));
                // The docs show some keys in both spellings; one variable per key at a time.
                if expected.iter().any(|(p, _)| *p == path) {
                    continue;
                }
                let (value, shown) = other_value(&path, default);
                jail.set_env(format!("{PREFIX}{name}"), &value);
                expected.push((path, shown));
            }
            // The README names the S3 bucket's variable only as "...", and `s3` needs one.
            if !documented.iter().any(|d| d == "STORAGE_S3_BUCKET") {
                jail.set_env("INNEXAR_STORAGE_S3_BUCKET", "fotos");
            }
            let loaded = load(None, &Overrides::default()).expect("every documented variable loads");
            let shown: toml::Table = toml::from_str(&toml::to_string(&loaded).expect("toml")).expect("parse");
            for (path, want) in &expected {
                let got = path.split('.').try_fold(&shown, |t, k| t.get(k).and_then(|v| v.as_table()).or(Some(t)));
                let leaf = path.rsplit('.').next().expect("leaf");
                let got = got.and_then(|t| t.get(leaf)).map(|v| v.to_string());
                assert_eq!(got.as_deref(), Some(want.as_str()), "{path}");
            }
            Ok(())
        });
    }

    #[test]
    fn every_key_loads_from_its_variable_in_either_spelling() {
        figment::Jail::expect_with(|jail| {
            for (i, (path, default)) in leaves().into_iter().enumerate() {
                jail.clear_env();
                let name = if i % 2 == 0 { path.replace('.', "_") } else { path.replace('.', "__") };
                let (value, shown) = other_value(&path, &default);
                jail.set_env(format!("{PREFIX}{}", name.to_ascii_uppercase()), &value);
                if path == "storage.backend" {
                    jail.set_env("INNEXAR_STORAGE_S3_BUCKET", "fotos");
                }
                let loaded = load(None, &Overrides::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
                let all = Value::serialize(&loaded).expect("serialise");
                let got = all.find(&path).unwrap_or_else(|| panic!("{path}"));
                let got = match got {
                    Value::String(_, s) => format!("{s:?}"),
                    Value::Bool(_, b) => b.to_string(),
                    Value::Num(_, n) => n.to_u128().map(|n| n.to_string()).unwrap_or_default(),
                    other => format!("{other:?}"),
                };
                assert_eq!(got, shown, "{PREFIX}{name}");
            }
            Ok(())
        });
    }

    #[test]
    fn bad_and_unknown_variables_are_errors_naming_the_variable() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.set_env("INNEXAR_IMPORTS_MAX_ROWS", "many");
            let err = load(None, &Overrides::default()).expect_err("bad value");
            assert!(err.starts_with("INNEXAR_IMPORTS_MAX_ROWS: `imports.max_rows`"), "{err}");

            jail.clear_env();
            jail.set_env("INNEXAR_DATABASE_MAX_CONECTIONS", "3");
            let err = load(None, &Overrides::default()).expect_err("unknown key");
            assert!(
                err.starts_with("INNEXAR_DATABASE_MAX_CONECTIONS: there is no setting `database.max_conections`"),
                "{err}"
            );
            assert!(err.contains("(`database` has url, tenant_db_prefix, max_connections_per_tenant,"), "{err}");

            jail.clear_env();
            jail.set_env("INNEXAR_IMPORT_MAX_ROWS", "3");
            let err = load(None, &Overrides::default()).expect_err("unknown section");
            assert!(err.starts_with("INNEXAR_IMPORT_MAX_ROWS: there is no setting `import_max_rows`"), "{err}");
            assert!(
                err.contains("top-level keys are data_dir, server, database, auth, log, storage, imports"),
                "{err}"
            );

            jail.clear_env();
            jail.set_env("INNEXAR_IMPORTS__MAX_ROWZ", "3");
            let err = load(None, &Overrides::default()).expect_err("unknown key, nested spelling");
            assert!(err.starts_with("INNEXAR_IMPORTS__MAX_ROWZ: there is no setting `imports.max_rowz`"), "{err}");

            jail.clear_env();
            jail.set_env("INNEXAR_LOG_FORMAT", "xml");
            let err = load(None, &Overrides::default()).expect_err("bad variant");
            assert!(err.starts_with("INNEXAR_LOG_FORMAT: `log.format`"), "{err}");
            assert!(err.contains("pretty"), "{err}");

            jail.clear_env();
            jail.set_env("INNEXAR_STORAGE_PREFIX", "2024");
            let err = load(None, &Overrides::default()).expect_err("a number where text goes");
            assert!(err.starts_with("INNEXAR_STORAGE_PREFIX: `storage.prefix` must be a string"), "{err}");
            jail.set_env("INNEXAR_STORAGE_PREFIX", "\"2024\"");
            assert_eq!(load(None, &Overrides::default()).expect("quoted").storage.prefix, "2024");

            jail.clear_env();
            jail.set_env("INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT", "0");
            let err = load(None, &Overrides::default()).expect_err("fails the checks");
            assert!(err.contains("database.max_connections_per_tenant"), "{err}");
            assert!(err.ends_with("(set by INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT)"), "{err}");

            jail.clear_env();
            jail.set_env("INNEXAR_IMPORTS_MAX_ROWS", "5");
            jail.set_env("INNEXAR_IMPORTS__MAX_ROWS", "6");
            let err = load(None, &Overrides::default()).expect_err("two spellings at once");
            assert_eq!(err, "INNEXAR_IMPORTS_MAX_ROWS, INNEXAR_IMPORTS__MAX_ROWS all set `imports.max_rows`; keep one");

            jail.clear_env();
            jail.set_env("INNEXAR_ADMIN_PASSWORD", "not a setting");
            assert!(load(None, &Overrides::default()).is_ok());
            Ok(())
        });
    }

    #[test]
    fn errors_from_the_file_keep_naming_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("bad.toml", "[imports]\nmax_rows = \"many\"\n")?;
            let err = load(Some(Path::new("bad.toml")), &Overrides::default()).expect_err("bad value");
            assert!(err.contains("imports.max_rows") && err.contains("bad.toml"), "{err}");
            assert!(!err.contains(&*environment(sections()).metadata().name), "{err}");
            Ok(())
        });
    }

    #[test]
    fn layers_file_environment_and_flags_and_names_bad_keys() {
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            jail.create_file("a.toml", "data_dir = \"/from-file\"\n[database]\nmax_connections_total = 80\n")?;
            jail.set_env("INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT", "4");
            let s = load(Some(Path::new("a.toml")), &Overrides::default()).expect("loads");
            assert_eq!(s.data_dir, PathBuf::from("/from-file"));
            assert_eq!(s.database.max_connections_total, 80);
            assert_eq!(s.database.max_connections_per_tenant, 4);
            jail.set_env("INNEXAR_DATABASE__MAX_CONNECTIONS_TOTAL", "90");
            jail.set_env("INNEXAR_SERVER_ADDR", "127.0.0.1:9000");
            let s = load(
                Some(Path::new("a.toml")),
                &Overrides { data_dir: Some("/flag".into()), addr: Some("0.0.0.0:8080".into()) },
            )
            .expect("loads");
            assert_eq!(s.data_dir, PathBuf::from("/flag"));
            assert_eq!(s.server.addr.port(), 8080);
            assert_eq!(s.database.max_connections_total, 90);

            jail.create_file("bad.toml", "[database]\nmax_conections_total = 3\n")?;
            let err = load(Some(Path::new("bad.toml")), &Overrides::default()).expect_err("unknown key");
            assert!(err.contains("max_conections_total"), "{err}");

            // The flag wins over the variable, so an error in it is the flag's.
            let err =
                load(None, &Overrides { addr: Some("nowhere".into()), ..Overrides::default() }).expect_err("bad flag");
            assert!(err.contains("server.addr") && !err.contains("INNEXAR_SERVER_ADDR"), "{err}");

            jail.set_env("INNEXAR_AUTH_ACCESS_TOKEN_TTL_SECS", "soon");
            let err = load(None, &Overrides::default()).expect_err("bad value");
            assert!(err.contains("INNEXAR_AUTH_ACCESS_TOKEN_TTL_SECS"), "{err}");
            assert!(err.contains("auth.access_token_ttl_secs"), "{err}");
            Ok(())
        });
    }
}

#[cfg(test)]
#[expect(clippy::result_large_err, reason = "figment's Jail closures return figment::Error")]
mod default_file {
    use super::*;

    #[test]
    fn the_shipped_config_file_states_the_defaults() {
        // In a jail: the other tests set INNEXAR_* variables, and jails take turns.
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/default.toml"));
            let from_file = load(Some(path), &Overrides::default()).expect("config/default.toml loads");
            let shown = toml::to_string(&from_file).expect("toml");
            let defaults = toml::to_string(&Settings::default()).expect("toml");
            assert_eq!(shown, defaults, "config/default.toml and Settings::default() disagree");
            Ok(())
        });
    }
}
