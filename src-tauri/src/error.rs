use serde::Serialize;
use specta::Type;

use juggle::Coded;

/// Any core error as the UI receives it: a stable `code` to branch on, a message for
/// people, and the form field it concerns (to show the message next to that field).
#[derive(Debug, Clone, Serialize, Type)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl<E: Coded> From<E> for CommandError {
    fn from(e: E) -> Self {
        CommandError {
            code: e.code().to_owned(),
            message: e.to_string(),
            field: e.field().map(str::to_owned),
        }
    }
}

pub type Result<T> = std::result::Result<T, CommandError>;
