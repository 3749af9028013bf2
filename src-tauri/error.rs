//! The crate's one error type, and the `{code, message}` shape it takes when it crosses IPC.

use serde::{ser::SerializeStruct, Serialize, Serializer};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The database file cannot be used as it is; the app offers recovery instead of starting.
    #[error("{0}")]
    Damaged(crate::storage::Damage),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("settings error: {0}")]
    Settings(String),
    #[error("window error: {0}")]
    Window(String),
    /// A failure of Onsite's own, not of the user's input: a lock poisoned by an earlier panic, or
    /// stored data that no longer reads.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The stable code the UI branches on. Keep this list short: add a code only for a new branch.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Invalid(_) => "invalid_input",
            Error::Damaged(_)
            | Error::Db(_)
            | Error::Migration(_)
            | Error::Io(_)
            | Error::Settings(_)
            | Error::Window(_)
            | Error::Internal(_) => "internal",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

/// Onsite's own JSON (a round's stored state, a question's guide) that does not write or read back is
/// Onsite's failure, not the user's. JSON the user supplies (an imported file) is checked where it is
/// read and reported as `Invalid` there, never through this.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Internal(format!("data does not convert to or from JSON: {e}"))
    }
}

/// `.or_not_found("question x")` turns a missing row into `Error::NotFound` in one line.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: impl Into<String>) -> Result<T>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, what: impl Into<String>) -> Result<T> {
        self.ok_or_else(|| Error::NotFound(what.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let v = serde_json::to_value(Error::NotFound("question q1".into())).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "not_found", "message": "question q1 was not found"})
        );
        let v = serde_json::to_value(Error::Invalid("bad".into())).unwrap();
        assert_eq!(v["code"], "invalid_input");
    }

    #[test]
    fn json_that_does_not_read_is_internal_not_the_users_input() {
        let e: Error = serde_json::from_str::<u32>("{").unwrap_err().into();
        assert_eq!(e.code(), "internal");
    }
}
