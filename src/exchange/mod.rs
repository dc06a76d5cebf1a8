//! Address books in and out: vCard and CSV files of clients and contacts. An import writes
//! to more than one area (a card's ORG is a client, its people are contacts, its BDAY an
//! important date, a CSV row's cadence the client's touch-base), so it sits above them.

mod csv;
mod merge;
mod vcard;

pub use self::csv::{
    export_csv, export_csv_file, import_csv, import_csv_file, CsvExported, CsvReport,
    COLUMNS as CSV_COLUMNS,
};
pub use self::vcard::{import_card, import_vcard_file, import_vcards, SkippedRecord, VcardReport};
