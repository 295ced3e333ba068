//! Settings, layered: defaults, then the TOML file (`--config`, or `config/default.toml` when it
//! exists), then `INNEXAR_*` environment variables, then flags. Unknown keys and bad values are
//! errors naming the key.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use innexar_kernel::settings::Settings;

/// Sections of the settings; `INNEXAR_DATABASE_URL` is `database.url`, `INNEXAR_DATA_DIR` is
/// the top-level `data_dir`.
const SECTIONS: &[&str] = &["server", "database", "auth", "log", "storage"];

fn env_key(key: &str) -> String {
    let k = key.to_ascii_lowercase();
    for s in SECTIONS {
        if let Some(rest) = k.strip_prefix(&format!("{s}_")) {
            return format!("{s}.{rest}");
        }
    }
    k
}

/// Overrides from flags, applied last.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub addr: Option<String>,
}

pub fn load(config: Option<&Path>, overrides: &Overrides) -> Result<Settings, String> {
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
    // INNEXAR_ADMIN_PASSWORD is a password for `tenant create`, not a setting.
    fig = fig.merge(Env::prefixed("INNEXAR_").ignore(&["ADMIN_PASSWORD"]).map(|k| env_key(k.as_str()).into()));
    if let Some(d) = &overrides.data_dir {
        fig = fig.merge(Serialized::default("data_dir", d));
    }
    if let Some(a) = &overrides.addr {
        fig = fig.merge(Serialized::default("server.addr", a));
    }
    let settings: Settings =
        fig.extract().map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))?;
    settings.check()?;
    Ok(settings)
}

#[cfg(test)]
#[expect(clippy::result_large_err, reason = "figment's Jail closures return figment::Error")]
mod tests {
    use super::*;

    #[test]
    fn maps_environment_names_to_sections() {
        assert_eq!(env_key("DATABASE_URL"), "database.url");
        assert_eq!(env_key("DATA_DIR"), "data_dir");
        assert_eq!(env_key("DATABASE_MAX_CONNECTIONS_TOTAL"), "database.max_connections_total");
        assert_eq!(env_key("SERVER_ADDR"), "server.addr");
    }

    #[test]
    fn layers_file_environment_and_flags_and_names_bad_keys() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("a.toml", "data_dir = \"/from-file\"\n[database]\nmax_connections_total = 80\n")?;
            jail.set_env("INNEXAR_DATABASE_MAX_CONNECTIONS_PER_TENANT", "4");
            let s = load(Some(Path::new("a.toml")), &Overrides::default()).expect("loads");
            assert_eq!(s.data_dir, PathBuf::from("/from-file"));
            assert_eq!(s.database.max_connections_total, 80);
            assert_eq!(s.database.max_connections_per_tenant, 4);
            let s = load(
                Some(Path::new("a.toml")),
                &Overrides { data_dir: Some("/flag".into()), addr: Some("0.0.0.0:8080".into()) },
            )
            .expect("loads");
            assert_eq!(s.data_dir, PathBuf::from("/flag"));
            assert_eq!(s.server.addr.port(), 8080);

            jail.create_file("bad.toml", "[database]\nmax_conections_total = 3\n")?;
            let err = load(Some(Path::new("bad.toml")), &Overrides::default()).expect_err("unknown key");
            assert!(err.contains("max_conections_total"), "{err}");

            jail.set_env("INNEXAR_AUTH_ACCESS_TOKEN_TTL_SECS", "soon");
            let err = load(None, &Overrides::default()).expect_err("bad value");
            assert!(err.to_lowercase().contains("auth.access_token_ttl_secs"), "{err}");
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
        // In a jail: the other test sets INNEXAR_* variables, and jails take turns.
        figment::Jail::expect_with(|_| {
            let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/default.toml"));
            let from_file = load(Some(path), &Overrides::default()).expect("config/default.toml loads");
            let shown = toml::to_string(&from_file).expect("toml");
            let defaults = toml::to_string(&Settings::default()).expect("toml");
            assert_eq!(shown, defaults, "config/default.toml and Settings::default() disagree");
            Ok(())
        });
    }
}
