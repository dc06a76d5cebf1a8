//! Files written for other programs: CSV cells a spreadsheet will not run, and whole-file
//! writes (a temporary file beside the target, renamed into place when complete, so a
//! failed export never leaves half a file that looks whole).

use std::path::Path;

/// A CSV cell that a spreadsheet shows as text instead of running as a formula (OWASP,
/// "CSV Injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading `'`. A cell that is a plain number (`-12.50`, `+3`) stays as it is, so
/// amounts remain numbers.
pub fn spreadsheet_cell(text: &str) -> String {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The value of a cell written by `spreadsheet_cell`: the `'` it added in front of a
/// risky first character is taken off again, so an export imports back as it was.
pub fn from_spreadsheet_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// `-12`, `+3.5`, `-1234.56`: a sign, digits, at most one decimal point.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let partial = path.with_file_name(format!(".{name}.{}.partial", uuid::Uuid::new_v4()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("1234.56", "1234.56"),
            ("Acme", "Acme"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_cell(cell), written, "{cell}");
            assert_eq!(from_spreadsheet_cell(&spreadsheet_cell(cell)), cell);
        }
    }

    #[test]
    fn a_whole_write_replaces_the_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        write_whole(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
