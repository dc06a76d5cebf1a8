//! The crate-level error: what a function that composes several areas returns (the views,
//! the generated books). Each area keeps its own error enum for its own functions.

use crate::calendar::CalendarError;
use crate::capacity::CapacityError;
use crate::clients::ClientError;
use crate::contracts::ContractError;
use crate::relationship::RelationshipError;
use crate::store::StoreError;
use crate::tracking::TrackingError;
use crate::Coded;

/// The error of a function that crosses areas (the views composed from several areas):
/// whichever area failed, with that area's code and field unchanged.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Relationship(#[from] RelationshipError),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Contract(#[from] ContractError),
    #[error(transparent)]
    Capacity(#[from] CapacityError),
    #[error(transparent)]
    Tracking(#[from] TrackingError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.into())
    }
}

impl Error {
    fn inner(&self) -> &dyn Coded {
        match self {
            Error::Client(e) => e,
            Error::Relationship(e) => e,
            Error::Calendar(e) => e,
            Error::Contract(e) => e,
            Error::Capacity(e) => e,
            Error::Tracking(e) => e,
            Error::Store(e) => e,
        }
    }
}

impl Coded for Error {
    fn code(&self) -> &'static str {
        self.inner().code()
    }

    fn field(&self) -> Option<&'static str> {
        self.inner().field()
    }
}
