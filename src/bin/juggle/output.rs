use serde::Serialize;

use juggle::Coded;

/// Any core error, reduced to what the CLI prints.
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

impl<E: Coded> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

pub type Result = std::result::Result<(), Failure>;

/// Prints one JSON document on stdout.
pub fn json<T: Serialize>(value: &T) -> Result {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        code: "cli.json",
        message: format!("could not write JSON: {e}"),
    })?;
    line(&text);
    Ok(())
}

/// Days the core wrote into its sentences, in the CLI's style (see `juggle::prose`).
pub fn prose(text: &str) -> String {
    juggle::prose::plain(text, juggle::calendar::time::today())
}

/// Prints a line on stdout, the core's day markers rendered. A closed pipe
/// (`juggle … | head`) ends the program quietly instead of panicking, as Unix tools do.
pub fn line(text: &str) {
    use std::io::Write;
    let text = prose(text);
    if let Err(e) = writeln!(std::io::stdout().lock(), "{text}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: could not write the output: {e}");
        std::process::exit(1);
    }
}

/// `println!` through `line`.
#[macro_export]
macro_rules! outln {
    () => { $crate::output::line("") };
    ($($arg:tt)*) => { $crate::output::line(&format!($($arg)*)) };
}

/// Prints rows as left-aligned columns under a header.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        line(padded.join("  ").trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Minutes as the CLI shows hours: "8 h", "1.5 h", "0.25 h".
pub fn hours(minutes: u64) -> String {
    let h = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.2} h").replace(".50 h", ".5 h")
    }
}
