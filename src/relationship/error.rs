use crate::calendar::CalendarError;
use crate::clients::ClientError;
use crate::store::StoreError;
use crate::Coded;

#[derive(Debug, thiserror::Error)]
pub enum RelationshipError {
    #[error(transparent)]
    Field(#[from] crate::fields::FieldError),
    #[error("The last day is before the first.")]
    RangeBackwards,
    #[error("The follow-up is before the interaction: pick a day on or after it.")]
    FollowUpBeforeDay,
    #[error("A yearly date is a single day; use a one-off date for a range.")]
    YearlyRange,
    #[error("Unknown kind “{0}”: use {list}.", list = .1.join(", "))]
    UnknownKind(String, &'static [&'static str]),
    #[error("A score is a whole number from 0 to 10; “{0}” is not.")]
    BadScore(String),
    #[error("A cadence is a number of days from 1 to 3660; “{0}” is not.")]
    BadCadence(String),
    #[error("That person is not one of this client's contacts.")]
    ContactNotOfClient,
    #[error("Link a file or folder by its full path (starting with /); “{0}” is not one.")]
    PathNotAbsolute(String),
    #[error("That file or folder is already linked to this client.")]
    PathAlreadyLinked,
    /// A stored link Juggle will not hand to the OS (relative, a URL, gone).
    #[error("{0}")]
    NotOpenable(String),
    /// A program or a network location: opened only once the user confirms this message.
    #[error("{0}")]
    NeedsConfirmation(String),
    #[error("Write your policies first (Settings → Policies), then record who acknowledged them.")]
    NoPolicy,
    #[error("Policy version {0} does not exist.")]
    NoSuchPolicyVersion(i64),
    #[error("The policies text is the same as the current version.")]
    PolicyUnchanged,
    #[error("No {0} with id {1}.")]
    NotFound(&'static str, i64),
    #[error("That calendar entry is not a meeting with a client.")]
    NotAClientMeeting,
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for RelationshipError {
    fn from(e: rusqlite::Error) -> Self {
        RelationshipError::Store(e.into())
    }
}

impl Coded for RelationshipError {
    fn code(&self) -> &'static str {
        use RelationshipError::*;
        match self {
            Field(e) => e.code(crate::fields::Area::Relationship),
            RangeBackwards => "relationship.range_backwards",
            FollowUpBeforeDay => "relationship.follow_up_before_day",
            YearlyRange => "relationship.yearly_range",
            UnknownKind(..) => "relationship.unknown_kind",
            BadScore(_) => "relationship.bad_score",
            BadCadence(_) => "relationship.bad_cadence",
            ContactNotOfClient => "relationship.contact_not_of_client",
            PathNotAbsolute(_) => "relationship.path_not_absolute",
            PathAlreadyLinked => "relationship.path_already_linked",
            NotOpenable(_) => "file.not_openable",
            NeedsConfirmation(_) => "file.needs_confirmation",
            NoPolicy => "relationship.no_policy",
            NoSuchPolicyVersion(_) => "relationship.no_such_policy_version",
            PolicyUnchanged => "relationship.policy_unchanged",
            NotFound(..) => "relationship.not_found",
            NotAClientMeeting => "relationship.not_a_client_meeting",
            Client(e) => e.code(),
            Calendar(e) => e.code(),
            Store(e) => e.code(),
        }
    }

    fn field(&self) -> Option<&'static str> {
        use RelationshipError::*;
        match self {
            Field(e) => Some(e.field),
            RangeBackwards | YearlyRange => Some("last_day"),
            FollowUpBeforeDay => Some("follow_up"),
            UnknownKind(..) => Some("kind"),
            BadScore(_) => Some("score"),
            BadCadence(_) => Some("cadence_days"),
            ContactNotOfClient => Some("contact_id"),
            PathNotAbsolute(_) | PathAlreadyLinked => Some("path"),
            NoPolicy | PolicyUnchanged => Some("text"),
            Client(e) => e.field(),
            Calendar(e) => e.field(),
            _ => None,
        }
    }
}
