//! Row ids as types: a `ClientId` cannot be passed where a `TaskId` is meant. One macro
//! makes them all alike: the SQLite integer in the store, a bare number in JSON (serde and
//! specta see through them, so the CLI's `--json`, the book file and the UI's TypeScript
//! `number` are as before), and text on the command line (`Display`/`FromStr` for clap).

/// Declares `pub struct $name(pub i64)`, a row id of one table.
macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            specta::Type,
        )]
        #[serde(transparent)]
        #[specta(transparent)]
        pub struct $name(pub i64);

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.0))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

pub(crate) use id;

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    id!(
        /// A test table's id.
        ThingId
    );

    #[test]
    fn an_id_is_a_number_in_json_and_sql_and_text_on_the_command_line() {
        let id = ThingId(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<ThingId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<ThingId>().unwrap(), id);
        assert!("x".parse::<ThingId>().is_err());
        let conn = Connection::open_in_memory().unwrap();
        let (back, kind): (ThingId, String) = conn
            .query_row("SELECT ?1, typeof(?1)", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((back, kind.as_str()), (id, "integer"));
    }
}
