//! SQL for the wide rows, written from their named parameters: an area lists a table's
//! written columns once, as `(":column", value)` pairs, and the INSERT and the UPDATE are
//! built from that list, so no statement counts `?1…?21` by hand and the two cannot
//! disagree about which column gets which value.

use rusqlite::ToSql;

/// Named parameters, each `":column"` bound to its value.
pub type Named<'a> = Vec<(&'static str, &'a dyn ToSql)>;

fn column(name: &str) -> &str {
    name.trim_start_matches(':')
}

/// `INSERT INTO table (a, b) VALUES (:a, :b)` for every parameter given.
pub fn insert(table: &str, params: &Named<'_>) -> String {
    let columns: Vec<&str> = params.iter().map(|(name, _)| column(name)).collect();
    let values: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        values.join(", ")
    )
}

/// `UPDATE table SET a = :a, b = :b WHERE id = :id` for every parameter but `:id`.
pub fn update(table: &str, params: &Named<'_>) -> String {
    let set: Vec<String> = params
        .iter()
        .filter(|(name, _)| *name != ":id")
        .map(|(name, _)| format!("{} = {name}", column(name)))
        .collect();
    format!("UPDATE {table} SET {} WHERE id = :id", set.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_name_each_column_once_from_the_parameters() {
        let (a, b, id) = (1, "x", 7);
        let params: Named<'_> = vec![(":a", &a), (":b", &b), (":id", &id)];
        assert_eq!(
            insert("t", &params),
            "INSERT INTO t (a, b, id) VALUES (:a, :b, :id)"
        );
        assert_eq!(
            update("t", &params),
            "UPDATE t SET a = :a, b = :b WHERE id = :id"
        );
    }
}
