//! The core's layering, as docs/architecture.md draws it, checked on the source: every
//! `crate::…` path in `src/` must point at a module its own module may depend on. A new
//! edge that breaks the layering fails here with the file and line, before it becomes a
//! cycle someone has to untangle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the core and what it may use, lowest layer first. Keep in
/// step with the table in docs/architecture.md.
const LAYERS: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("fields", &[]),
    ("prose", &[]),
    ("export", &[]),
    ("store", &["error"]),
    ("settings", &["store", "error", "fields", "prose"]),
    ("clients", &["store", "error", "fields", "prose", "export"]),
    (
        "contracts",
        &["clients", "store", "error", "fields", "prose", "export"],
    ),
    (
        "calendar",
        &["clients", "store", "error", "fields", "prose", "export"],
    ),
    (
        "relationship",
        &["calendar", "clients", "store", "error", "fields", "prose"],
    ),
    (
        "capacity",
        &[
            "calendar",
            "contracts",
            "clients",
            "store",
            "error",
            "fields",
            "prose",
        ],
    ),
    (
        "tracking",
        &[
            "capacity",
            "contracts",
            "clients",
            "store",
            "error",
            "fields",
            "prose",
        ],
    ),
    (
        "invoicing",
        &[
            "tracking",
            "contracts",
            "clients",
            "store",
            "error",
            "fields",
            "export",
        ],
    ),
    (
        "exchange",
        &[
            "relationship",
            "calendar",
            "clients",
            "store",
            "error",
            "fields",
            "prose",
            "export",
        ],
    ),
    (
        "sync",
        &[
            "exchange", "capacity", "calendar", "clients", "store", "error", "fields",
        ],
    ),
    (
        "book",
        &[
            "calendar", "clients", "settings", "store", "error", "fields", "prose",
        ],
    ),
    (
        "views",
        &[
            "invoicing",
            "tracking",
            "export",
            "capacity",
            "relationship",
            "calendar",
            "contracts",
            "clients",
            "settings",
            "store",
            "error",
            "fields",
            "prose",
        ],
    ),
    (
        "generate",
        &[
            "views",
            "invoicing",
            "tracking",
            "book",
            "exchange",
            "capacity",
            "relationship",
            "calendar",
            "contracts",
            "clients",
            "settings",
            "store",
            "error",
            "fields",
            "prose",
        ],
    ),
    ("testing", &["calendar", "capacity", "clients", "contracts"]),
];

/// Names the crate root re-exports, and the module each one is.
const ROOT_REEXPORTS: &[(&str, &str)] =
    &[("Coded", "error"), ("Store", "store"), ("Error", "views")];

/// Edges that break the layering today, each with the file that makes it. The list only
/// shrinks: an edge not listed fails, and a listed one that is gone fails too (so the
/// list is kept honest).
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/calendar/ics.rs` → `calendar`,
/// `src/settings.rs` → `settings`); `None` for the crate root and the CLI binary, which may
/// use everything.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    match first.as_str() {
        "lib.rs" | "bin" => None,
        name => Some(name.trim_end_matches(".rs").to_owned()),
    }
}

/// The modules a line names through `crate::` (also inside `use crate::{a, b::c}`).
fn targets(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        // `$crate::` in a macro names the macro's own crate path, written out in full.
        let before = &rest[..i];
        rest = &rest[i + "crate::".len()..];
        if before.ends_with('$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out.into_iter()
        .map(|name| {
            ROOT_REEXPORTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, m)| (*m).to_owned())
                .unwrap_or(name)
        })
        .collect()
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();

    let mut violations = Vec::new();
    let mut seen_exceptions = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for file in &files {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        let Some(may_use) = allowed.get(from.as_str()) else {
            unknown.insert(from);
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(&src).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            for to in targets(line) {
                if to == from || may_use.contains(&to.as_str()) {
                    continue;
                }
                if KNOWN_EXCEPTIONS.contains(&(shown.as_str(), to.as_str())) {
                    seen_exceptions.insert((shown.clone(), to));
                    continue;
                }
                violations.push(format!("src/{shown}:{}: {from} → {to}", n + 1));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (and docs/architecture.md): {unknown:?}"
    );
    assert!(
        violations.is_empty(),
        "imports against the layering (docs/architecture.md):\n{}",
        violations.join("\n")
    );
    let stale: Vec<_> = KNOWN_EXCEPTIONS
        .iter()
        .filter(|(f, t)| !seen_exceptions.contains(&((*f).to_owned(), (*t).to_owned())))
        .collect();
    assert!(stale.is_empty(), "exceptions no longer needed: {stale:?}");
}

#[test]
fn the_layers_have_no_cycle() {
    // Each layer may only use layers listed before it, so the order is a topological one.
    for (i, (name, uses)) in LAYERS.iter().enumerate() {
        for used in *uses {
            let pos = LAYERS.iter().position(|(n, _)| n == used);
            assert!(
                pos.is_some_and(|p| p < i),
                "{name} uses {used}, which is not a lower layer"
            );
        }
    }
}

#[test]
fn the_path_reader_finds_grouped_and_plain_imports() {
    assert_eq!(
        targets("use crate::{calendar::Filter, Coded, store::Store};"),
        ["calendar", "error", "store"]
    );
    assert_eq!(
        targets("    let x = crate::contracts::calendar_entries(c)?;"),
        ["contracts"]
    );
    assert!(targets("// crate::views is not used here").is_empty());
    assert!(targets("type Err = $crate::relationship::RelationshipError;").is_empty());
}
