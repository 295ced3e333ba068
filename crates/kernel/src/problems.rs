//! Problem codes: every `<area>.<reason>` code the API can answer with, listed once per crate
//! in its `problems.rs` with its HTTP status and meaning. The application gathers the lists,
//! exports them (`innexar problems`, committed as `docs/problems.json`) and the web app's error
//! messages are type-checked against the export. Each crate's test [`check_crate`] fails when
//! its code uses a code its list lacks, or when the list names a code twice.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

/// One code the API may answer with (as the problem's `code` or a field error's `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProblemCode {
    pub code: &'static str,
    /// The HTTP status the problem is answered with (422 for field errors).
    pub status: u16,
    /// What it means, for integrators and as the text the web app shows when it has none.
    pub title: &'static str,
}

/// Lists a crate's problem codes as `pub const ALL: &[ProblemCode]`, one entry per line, and
/// adds the crate's test that every code its sources use is listed (in `ALL` or in the lists of
/// the crates named after `known:`) and none is listed twice.
///
/// ```ignore
/// innexar_kernel::problem_codes! {
///     known: [innexar_http::problems::ALL];
///     "vehicles.duplicate_vin" => 409, "A vehicle in stock already has this VIN";
/// }
/// ```
#[macro_export]
macro_rules! problem_codes {
    (known: [$($known:path),* $(,)?]; $($code:literal => $status:literal, $title:literal;)+) => {
        /// Every problem code this crate answers with.
        pub const ALL: &[$crate::problems::ProblemCode] = &[
            $($crate::problems::ProblemCode { code: $code, status: $status, title: $title }),+
        ];

        #[cfg(test)]
        #[test]
        fn problem_codes_are_listed() {
            let src = ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            let found = $crate::problems::check_crate(&src, ALL, &[$($known),*]);
            assert!(found.is_empty(), "{found:#?}");
        }
    };
}

/// The codes `src` (a crate's source folder) passes to `AppError` and `FieldError`
/// constructors, as string literals.
pub fn codes_used(src: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut files = vec![src.to_path_buf()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                files.extend(entries.flatten().map(|e| e.path()));
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            // The list itself, and the scanner's own examples.
            && path.file_name().is_some_and(|n| n != "problems.rs")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            found.extend(codes_in(&text));
        }
    }
    found
}

/// Constructors whose arguments carry a problem code.
const CONSTRUCTORS: [&str; 3] = ["AppError::", "FieldError::new(", "problem_code("];

fn codes_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for ctor in CONSTRUCTORS {
        let mut rest = text;
        while let Some(at) = rest.find(ctor) {
            rest = &rest[at + ctor.len()..];
            // The call's arguments: right after the constructor, or after `AppError::<name>(`.
            let args = if ctor.ends_with('(') {
                rest
            } else {
                let Some(open) = rest.find('(') else { break };
                if rest[..open].contains(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    continue;
                }
                &rest[open + 1..]
            };
            let mut depth = 0usize;
            let mut end = args.len();
            for (i, c) in args.char_indices() {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    ')' | ']' | '}' => depth -= 1,
                    _ => {}
                }
            }
            out.extend(literals(&args[..end]).filter(|l| is_code(l)).take(1));
        }
    }
    // Codes carried in a struct field until they become a response (`BadCell { code: .. }`).
    let mut rest = text;
    while let Some(at) = rest.find("code: \"") {
        rest = &rest[at + "code: \"".len()..];
        if let Some(end) = rest.find('"')
            && is_code(&rest[..end])
        {
            out.push(rest[..end].to_string());
        }
    }
    out
}

fn literals(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split('"').skip(1).step_by(2).map(str::to_string)
}

/// `<area>.<reason>`: lowercase words joined by underscores, one dot.
pub fn is_code(s: &str) -> bool {
    let mut parts = s.split('.');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else { return false };
    let word = |w: &str| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase() || c == b'_' || c.is_ascii_digit());
    word(a) && word(b)
}

/// What is wrong with a crate's list: codes used in `src` but listed nowhere in `known` (the
/// crate's own list plus those of the crates it builds on), and codes `own` lists twice.
pub fn check_crate(src: &Path, own: &[ProblemCode], known: &[&[ProblemCode]]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for p in own {
        if !seen.insert(p.code) {
            problems.push(format!("{} is listed twice", p.code));
        }
        // `internal` (every 5xx whose cause is not the client's) predates the rule and is the contract.
        if !is_code(p.code) && p.code != "internal" {
            problems.push(format!("{} is not an <area>.<reason> code", p.code));
        }
    }
    let listed: BTreeSet<&str> = own.iter().chain(known.iter().flat_map(|k| k.iter())).map(|p| p.code).collect();
    for code in codes_used(src) {
        if !listed.contains(code.as_str()) {
            problems.push(format!("{code} is used in {} but not listed in its problems.rs", src.display()));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_code_argument_of_each_constructor() {
        let src = r#"
            AppError::conflict("vehicles.duplicate_vin", "x");
            FieldError::new(
                "/vin",
                "vehicles.invalid_vin",
                format!("bad {}", "a.b"),
            );
            AppError::new(StatusCode::GONE, "links.expired", "Gone", "the link expired");
            Permission::new("vehicles.read", EVERY_ROLE);
            BadCell { code: "imports.invalid_year", message: "x".into() };
        "#;
        let mut found = codes_in(src);
        found.sort();
        assert_eq!(
            found,
            vec!["imports.invalid_year", "links.expired", "vehicles.duplicate_vin", "vehicles.invalid_vin"]
        );
    }

    #[test]
    fn reports_unlisted_and_twice_listed_codes() {
        let dir = std::env::temp_dir().join(format!("innexar-problems-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("a.rs"), r#"AppError::conflict("x.one", "d"); AppError::conflict("x.two", "d");"#)
            .expect("write");
        let own = [
            ProblemCode { code: "x.one", status: 409, title: "One" },
            ProblemCode { code: "x.one", status: 409, title: "One again" },
        ];
        let found = check_crate(&dir, &own, &[]);
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("x.one is listed twice"));
        assert!(found[1].starts_with("x.two is used"));
    }
}
