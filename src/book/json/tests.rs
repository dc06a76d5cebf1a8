use super::rows::cell_from_json;
use super::*;
use rusqlite::types::Value as SqlValue;

fn book() -> Store {
    Store::open_in_memory().unwrap()
}

#[test]
fn an_empty_book_renders_every_table_and_reads_back() {
    let store = book();
    let (text, summary) = to_json(&store).unwrap();
    assert_eq!(
        summary.rows, 1,
        "a new book holds only the default working hours"
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], FORMAT);
    assert_eq!(doc["schema_version"], latest_version());
    assert!(doc["tables"]["clients"].as_array().unwrap().is_empty());
    assert!(doc["tables"].get("sqlite_sequence").is_none());
}

#[test]
fn values_map_to_json_by_their_sqlite_type() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b REAL, c TEXT, d ANY) STRICT; INSERT INTO t VALUES (2, 0.5, 'x\"y', NULL), (1, 3.0, '', 7)").unwrap();
    let t = dump(&conn).unwrap().remove(0);
    assert_eq!(t.columns, ["a", "b", "c", "d"]);
    assert_eq!(
        t.rows,
        [
            vec![
                Value::from(1),
                Value::from(3.0),
                Value::from(""),
                Value::from(7)
            ],
            vec![
                Value::from(2),
                Value::from(0.5),
                Value::from("x\"y"),
                Value::Null
            ]
        ]
    );
    conn.execute("INSERT INTO t VALUES (3, NULL, NULL, x'00')", [])
        .unwrap();
    let err = dump(&conn).unwrap_err();
    assert_eq!(err.code(), "book.unsupported_value");
    assert!(err.to_string().contains("t.d"), "{err}");
}

#[test]
fn a_rendered_table_is_one_row_per_line_in_column_order() {
    let table = Table {
        name: "t".into(),
        columns: vec!["b".into(), "a".into()],
        rows: vec![vec![Value::from(1), Value::Null]],
    };
    let text = render(4, "2026-01-01T00:00:00Z", &[table]);
    assert!(
        text.contains("\n      {\"b\":1,\"a\":null}\n    ]"),
        "{text}"
    );
    assert!(serde_json::from_str::<Value>(&text).is_ok());
}

#[test]
fn json_values_that_no_column_holds_are_refused() {
    assert_eq!(cell_from_json(&Value::from(5)), Some(SqlValue::Integer(5)));
    assert_eq!(cell_from_json(&Value::from(2.5)), Some(SqlValue::Real(2.5)));
    assert_eq!(cell_from_json(&Value::from(u64::MAX)), None);
    assert_eq!(cell_from_json(&Value::Bool(true)), None);
}

#[test]
fn the_header_is_checked_before_anything_else() {
    let code = |text: &str| read_header(text).err().map(|e| e.code());
    assert_eq!(code("{"), Some("book.malformed"));
    assert_eq!(
        code(r#"{"format": "other", "format_version": 1, "schema_version": 1, "tables": {}}"#),
        Some("book.malformed")
    );
    assert_eq!(
        code(
            r#"{"format": "juggle-book", "format_version": 2, "schema_version": 1, "tables": {}}"#
        ),
        Some("book.newer_format")
    );
    assert_eq!(
        code(
            r#"{"format": "juggle-book", "format_version": 1, "schema_version": 0, "tables": {}}"#
        ),
        Some("book.malformed")
    );
    assert_eq!(
        code(r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1}"#),
        Some("book.malformed")
    );
    assert_eq!(code(r#"[1, 2, 3]"#), Some("book.malformed"));
    assert_eq!(
        code(
            r#"{"format": "juggle-book", "format_version": 1, "schema_version": 1, "tables": {"clients": []}}"#
        ),
        None
    );
}
