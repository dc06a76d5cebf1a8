//! The full shape of a book: every table with its columns, every index with its columns,
//! every trigger and view, as the migrations make them. A file that says "schema 4" must
//! hold exactly what migrations 1 to 4 create; anything less (a `clients` table alone) is
//! not a book this build can trust. Shapes are compared, not SQL text, so a book written
//! by hand-made SQL of the same shape (an old fixture, a tool) still matches.

use rusqlite::Connection;

use super::{migrations, StoreError};

/// One schema object: (type, name, its shape: columns of a table or index, the table of
/// a trigger).
type Object = (String, String, String);

fn objects(conn: &Connection) -> Result<Vec<Object>, rusqlite::Error> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let listed = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<(String, String, String)>, _>>()?;
    listed
        .into_iter()
        .map(|(kind, name, table)| {
            let shape = match kind.as_str() {
                "table" => shape(
                    conn,
                    "SELECT name || ' ' || upper(type) || ' ' || \"notnull\" || ' '
                            || coalesce(dflt_value, '') || ' ' || pk
                     FROM pragma_table_info(?1) ORDER BY cid",
                    &name,
                )?,
                "index" => format!(
                    "{table}: {}",
                    shape(
                        conn,
                        "SELECT coalesce(name, '?') FROM pragma_index_info(?1) ORDER BY seqno",
                        &name
                    )?
                ),
                _ => table,
            };
            Ok((kind, name, shape))
        })
        .collect()
}

fn shape(conn: &Connection, sql: &str, name: &str) -> Result<String, rusqlite::Error> {
    let mut stmt = conn.prepare(sql)?;
    let parts = stmt
        .query_map([name], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join(", "))
}

/// What the migrations up to `version` create.
fn expected(version: i64) -> Result<Vec<Object>, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    let version = usize::try_from(version).unwrap_or(0);
    migrations::migrations().to_version(&mut conn, version)?;
    Ok(objects(&conn)?)
}

/// How the schema of `conn` differs from what its `user_version` promises, in plain
/// words; empty when it matches exactly.
pub fn differences(conn: &Connection, version: i64) -> Result<Vec<String>, StoreError> {
    if version < 1 || version > migrations::latest_version() {
        return Ok(vec![format!(
            "schema version {version} is not one Juggle wrote"
        )]);
    }
    let want = expected(version)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for (kind, name, sql) in &want {
        match have.iter().find(|(k, n, _)| k == kind && n == name) {
            None => out.push(format!("{kind} {name} is missing")),
            Some((_, _, found)) if found != sql => {
                out.push(format!("{kind} {name} has another shape"))
            }
            Some(_) => {}
        }
    }
    for (kind, name, _) in &have {
        if !want.iter().any(|(k, n, _)| k == kind && n == name) {
            out.push(format!("{kind} {name} is not part of the schema"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_matches_what_its_migrations_make() {
        for v in 1..=migrations::latest_version() {
            let mut conn = Connection::open_in_memory().unwrap();
            migrations::migrations()
                .to_version(&mut conn, v as usize)
                .unwrap();
            assert_eq!(differences(&conn, v).unwrap(), Vec::<String>::new(), "v{v}");
        }
    }

    #[test]
    fn a_missing_table_a_changed_one_and_an_extra_one_are_named() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::migrations().to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "DROP TABLE tasks; ALTER TABLE clients ADD COLUMN extra TEXT; CREATE TABLE mine (x);",
        )
        .unwrap();
        let found = differences(&conn, migrations::latest_version()).unwrap();
        assert!(
            found.contains(&"table tasks is missing".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(&"table clients has another shape".to_owned()),
            "{found:?}"
        );
        assert!(
            found.contains(&"table mine is not part of the schema".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn a_clients_table_alone_is_not_a_book() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT)")
            .unwrap();
        assert!(!differences(&conn, 1).unwrap().is_empty());
        assert!(!differences(&conn, 0).unwrap().is_empty());
    }
}
