//! Where records start and whether a quote is left open: the `csv` crate's own line
//! numbers are off after blank lines and CRLF, and it reads an unclosed quote to the end
//! of the file, so the import's report counts lines itself.

/// The byte offset of a quote that opens a field and is never closed, by RFC 4180's
/// rules: a quote opens only at the start of a field, and `""` inside is a quote.
pub(super) fn unclosed_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
            field_start = false;
        } else if b == b'"' && field_start {
            open = Some(i);
            field_start = false;
        } else {
            field_start =
                matches!(b, b',' | b'\n' | b'\r') || (field_start && matches!(b, b' ' | b'\t'));
        }
        i += 1;
    }
    open
}

/// The line a record starts on, counted from its byte offset. The `csv` crate's own line
/// numbers skip blank lines and fall one short after CRLF line ends (its offset points at
/// the end of the line before, which is skipped here). Records come in order, so the
/// count goes on from the previous one.
pub(super) struct LineCounter<'a> {
    text: &'a [u8],
    counted: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            counted: 0,
            line: 1,
        }
    }

    pub(super) fn at(&mut self, byte: u64) -> u32 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted {
            self.line += self.text[self.counted..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            self.counted = start;
        }
        self.line
    }
}
