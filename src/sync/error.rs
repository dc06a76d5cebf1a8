use crate::calendar::CalendarError;
use crate::capacity::CapacityError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("“{0}” is not a calendar address: paste the https:// or webcal:// link the calendar is published at.")]
    BadAddress(String),
    #[error("Juggle fetches calendars over https:// only (plain http:// only from this computer), so no one on the way can change them: “{0}”.")]
    Insecure(String),
    #[error("You are already subscribed to that address.")]
    AlreadySubscribed,
    /// What went wrong, in plain words.
    #[error("Could not reach the calendar: {0}.")]
    Unreachable(String),
    /// The status and what it means.
    #[error("The server answered {0}: {1}.")]
    Status(u16, &'static str),
    #[error("The calendar is larger than {0} MB, more than Juggle reads from an address.")]
    TooBig(u64),
    #[error("What is at that address is not a calendar (no BEGIN:VCALENDAR).")]
    NotACalendar,
    #[error("No subscription with id {0}.")]
    NotFound(i64),
    /// The host, and the SHA-256 fingerprint of the certificate it showed.
    #[error("The certificate of {0} is not one your system trusts (a self-signed one?). If the server is yours, check that its fingerprint is SHA-256 {1} and trust it.")]
    Untrusted(String, String),
    #[error("The server refused the user name or password. Check them; iCloud, Fastmail and Google want an app password, not your usual one.")]
    WrongPassword,
    #[error("The server's answer could not be used: {0}.")]
    BadAnswer(String),
    #[error("No CalDAV or CardDAV service found at “{0}”. Try the CalDAV address your provider gives (for example https://caldav.fastmail.com).")]
    NotDav(String),
    #[error("No password for {0}: the system keychain has none. Add the account again, or give JUGGLE_DAV_PASSWORD for this run.")]
    NoPassword(String),
    #[error("That account is already added.")]
    AccountExists,
    #[error("No account at “{0}”: see juggle accounts list.")]
    NoAccount(String),
    #[error("No calendar or address book at “{0}” in your accounts: see juggle accounts list.")]
    NoCollection(String),
    #[error(
        "The task list “{0}” already syncs those tasks: stop it first, or choose another client."
    )]
    TasksTaken(String),
    /// The app's book could not be opened; syncing waits for it.
    #[error("The book is not open: {0}")]
    BookClosed(String),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Capacity(#[from] CapacityError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for SyncError {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Store(e.into())
    }
}

impl Coded for SyncError {
    fn code(&self) -> &'static str {
        use SyncError::*;
        match self {
            BadAddress(_) => "sync.bad_address",
            Insecure(_) => "sync.insecure",
            AlreadySubscribed => "sync.already_subscribed",
            Unreachable(_) => "sync.unreachable",
            Status(..) => "sync.http_status",
            TooBig(_) => "sync.too_big",
            NotACalendar => "sync.not_a_calendar",
            NotFound(_) => "sync.not_found",
            WrongPassword => "sync.wrong_password",
            Untrusted(..) => "sync.untrusted",
            BadAnswer(_) => "sync.bad_answer",
            NotDav(_) => "sync.not_dav",
            NoPassword(_) => "sync.no_password",
            AccountExists => "sync.account_exists",
            NoAccount(_) => "sync.no_account",
            NoCollection(_) => "sync.no_collection",
            TasksTaken(_) => "sync.tasks_taken",
            BookClosed(_) => "sync.book_closed",
            Calendar(e) => e.code(),
            Capacity(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use SyncError::*;
        match self {
            BadAddress(_) | Insecure(_) | AlreadySubscribed | NotDav(_) | AccountExists
            | Untrusted(..) => Some("url"),
            WrongPassword | NoPassword(_) => Some("password"),
            Calendar(e) => e.field(),
            Capacity(e) => e.field(),
            _ => None,
        }
    }
}
