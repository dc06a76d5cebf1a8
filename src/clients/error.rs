use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("Enter a name.")]
    EmptyName,
    #[error("That name is too long ({0} characters); keep it under 200.")]
    NameTooLong(usize),
    #[error("A client named “{0}” already exists.")]
    DuplicateName(String),
    #[error("An archived client is named “{0}”. Restore it from the archive instead.")]
    DuplicateArchivedName(String),
    #[error("Unknown priority “{0}”: use high, normal or low.")]
    UnknownPriority(String),
    #[error("“{0}” is not a colour; use the #rrggbb form, e.g. #2f80ed.")]
    InvalidColour(String),
    #[error("Notes are too long ({0} characters); keep them under 20,000.")]
    NotesTooLong(usize),
    #[error("“{0}” is not an email address (expected name@example.com).")]
    InvalidEmail(String),
    #[error("“{0}” is not a phone number; use digits, spaces and + - ( ) . only.")]
    InvalidPhone(String),
    #[error("Unknown channel “{0}”: use email, phone, video, in person or message.")]
    UnknownChannel(String),
    #[error("“{0}” is too long ({1} characters); keep it under 500.")]
    FieldTooLong(&'static str, usize),
    #[error("No client with id {0}.")]
    ClientNotFound(super::ClientId),
    #[error("No client named “{0}”.")]
    NoClientNamed(String),
    #[error("“{0}” matches several clients: {1}. Use more of the name.")]
    AmbiguousName(String, String),
    #[error("No contact with id {0}.")]
    ContactNotFound(super::ContactId),
    #[error("“{0}” is archived. Restore the client before adding contacts to it.")]
    ClientArchived(String),
    #[error("Could not read the file: {0}")]
    Unreadable(String),
    #[error("The CSV file has no “client” column: its first line must name the columns (client, contact, email, …).")]
    NoClientColumn,
    #[error("Could not write the file: {0}")]
    Unwritable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ClientError {
    fn from(e: rusqlite::Error) -> Self {
        ClientError::Store(e.into())
    }
}

impl Coded for ClientError {
    fn code(&self) -> &'static str {
        use ClientError::*;
        match self {
            EmptyName => "client.empty_name",
            NameTooLong(_) => "client.name_too_long",
            DuplicateName(_) => "client.duplicate_name",
            DuplicateArchivedName(_) => "client.duplicate_archived_name",
            UnknownPriority(_) => "client.unknown_priority",
            InvalidColour(_) => "client.invalid_colour",
            NotesTooLong(_) => "client.notes_too_long",
            InvalidEmail(_) => "contact.invalid_email",
            InvalidPhone(_) => "contact.invalid_phone",
            UnknownChannel(_) => "contact.unknown_channel",
            FieldTooLong(..) => "contact.field_too_long",
            ClientNotFound(_) | NoClientNamed(_) => "client.not_found",
            AmbiguousName(..) => "client.ambiguous_name",
            ContactNotFound(_) => "contact.not_found",
            ClientArchived(_) => "client.archived",
            Unreadable(_) => "import.unreadable",
            NoClientColumn => "import.no_client_column",
            Unwritable(_) => "export.unwritable",
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use ClientError::*;
        match self {
            EmptyName | NameTooLong(_) | DuplicateName(_) | DuplicateArchivedName(_) => {
                Some("name")
            }
            UnknownPriority(_) => Some("priority"),
            InvalidColour(_) => Some("colour"),
            NotesTooLong(_) => Some("notes"),
            InvalidEmail(_) => Some("email"),
            InvalidPhone(_) => Some("phone"),
            UnknownChannel(_) => Some("preferred_channel"),
            FieldTooLong(field, _) => Some(field),
            _ => None,
        }
    }
}
