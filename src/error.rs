//! What every error of the core tells its caller besides its message.

/// An error the user can see. Each area's error enum implements it so the UI and the CLI
/// can react to the *kind* of error (its stable `code`) and put the message next to the
/// right form field, instead of parsing text.
pub trait Coded: std::error::Error {
    /// Stable, dotted identifier such as `client.duplicate_name`. Never reworded.
    fn code(&self) -> &'static str;

    /// The input field the error is about, when there is one (`name`, `email`, …).
    fn field(&self) -> Option<&'static str> {
        None
    }
}
