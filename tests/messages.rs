//! Messages written for people (issue 19): every message a refusal can carry, in every
//! error type of the core and the shell, is read from the source and checked for what a
//! user should never see: identifiers (`deposit_percent`), type names (`u32`, `NaiveDate`),
//! serde's and Rust's own words ("invalid type", "expected u32"), or a placeholder for an
//! internal name where the sentence should say what to type.

use std::path::Path;

/// `#[error("…")]` texts and `message: "…"`/`format!("…")` texts that become a
/// `CommandError`'s message, with their file and line.
fn messages(dir: &Path, out: &mut Vec<(String, usize, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            messages(&path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Test modules write whatever they like.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            let quoted = if let Some(rest) = line.strip_prefix("#[error(\"") {
                rest.rsplit_once("\")]").map(|(m, _)| m)
            } else {
                None
            };
            if let Some(m) = quoted {
                out.push((path.display().to_string(), i + 1, m.to_owned()));
            }
        }
    }
}

fn identifier_like(message: &str) -> Option<String> {
    // What is inside {…} is filled in at run time; what is inside “…” is what the user typed.
    let mut plain = String::new();
    let mut depth = 0;
    for c in message.chars() {
        match c {
            '{' | '“' => depth += 1,
            '}' | '”' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => plain.push(' '),
        }
    }
    for word in plain.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if word.len() > 1 && word.contains('_') && word.chars().any(|c| c.is_ascii_lowercase()) {
            return Some(word.to_owned());
        }
        if [
            "u8",
            "u16",
            "u32",
            "u64",
            "i32",
            "i64",
            "usize",
            "NaiveDate",
            "DateTime",
            "String",
            "Option",
            "serde",
        ]
        .contains(&word)
        {
            return Some(word.to_owned());
        }
    }
    for phrase in [
        "invalid type",
        "invalid value",
        "expected u",
        "expected i",
        "out of range for",
    ] {
        if plain.contains(phrase) {
            return Some(phrase.to_owned());
        }
    }
    None
}

#[test]
fn no_message_a_user_can_get_names_an_identifier_or_a_type() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    messages(&root.join("src"), &mut found);
    messages(&root.join("src-tauri/src"), &mut found);
    assert!(
        found.len() > 100,
        "found only {} messages: is the scan broken?",
        found.len()
    );
    let bad: Vec<String> = found
        .iter()
        .filter_map(|(file, line, m)| {
            identifier_like(m).map(|w| format!("{file}:{line}: “{w}” in “{m}”"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "messages for people name internals:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_itself_catches_what_it_should() {
    assert_eq!(
        identifier_like("“130” is out of range for deposit_percent."),
        Some("deposit_percent".into())
    );
    assert_eq!(
        identifier_like("invalid type: integer `-3`, expected u32"),
        Some("u32".into())
    );
    assert_eq!(
        identifier_like("Keep 1 to 1,000 backups; “{0}” is not a number of backups."),
        None
    );
    assert_eq!(identifier_like("“{raw_value}” is not a date."), None);
}
