//! The whole book as one file: exported to and imported from JSON (checked by the same
//! rules as typed input, which is why this sits above the areas rather than in `store`),
//! and rescued when the data file itself cannot be opened.

pub mod json;
pub mod rescue;
mod rules;
