//! The reStructuredText table parser on small snippets shaped like the OTC reference's tables.

use otc_codegen::import::table::{parse_grid, parse_simple};

fn lines(s: &str) -> Vec<&str> {
    s.lines().collect()
}

#[test]
fn grid_parameter_table_with_lists_and_notes_in_cells() {
    let t = parse_grid(&lines(
        r"+----------------------+-----------+---------+--------------------------------------------+
| Parameter            | Mandatory | Type    | Description                                |
+======================+===========+=========+============================================+
| scaling_group_status | No        | String  | Specifies the AS group status:             |
|                      |           |         |                                            |
|                      |           |         | -  **INSERVICE**: functional.              |
|                      |           |         | -  **PAUSED**: paused.                     |
+----------------------+-----------+---------+--------------------------------------------+
| cool_down_time       | No        | Integer | The cooldown period.                       |
|                      |           |         |                                            |
|                      |           |         | .. note::                                  |
|                      |           |         |                                            |
|                      |           |         |    Scale-in requests are executed at once. |
+----------------------+-----------+---------+--------------------------------------------+",
    ))
    .expect("a grid table");
    assert_eq!(t.header, ["Parameter", "Mandatory", "Type", "Description"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cells[0], "scaling_group_status");
    assert_eq!(
        t.rows[0].cells[3],
        "Specifies the AS group status:\n\n-  **INSERVICE**: functional.\n-  **PAUSED**: paused."
    );
    assert_eq!(
        t.rows[1].cells[3],
        "The cooldown period.\n\n.. note::\n\n   Scale-in requests are executed at once."
    );
}

#[test]
fn grid_cells_spanning_rows_and_columns() {
    let t = parse_grid(&lines(
        "+-------------+------------+------------------+
| Status Code | Error Code | Message          |
+=============+============+==================+
| 400         | AS.0001    | first            |
|             +------------+------------------+
|             | AS.0002    | second           |
+-------------+------------+------------------+
| 500         | spans code and message        |
+-------------+-------------------------------+",
    ))
    .expect("a grid table");
    let rows: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec!["400", "AS.0001", "first"],
            vec!["400", "AS.0002", "second"],
            vec!["500", "spans code and message", ""],
        ]
    );
}

#[test]
fn ims_style_table_with_only_pipe_rows() {
    let t = parse_grid(&lines(
        "+-----------------+--------+---------------------------+
| Parameter       | Type   | Description               |
+=================+========+===========================+
| image_id        | String | Specifies the image ID.   |
| \\__os_bit       | String | Specifies the OS bit.     |
|                 |        | The value is 32 or 64.    |
| min_disk        | Int    | Minimum disk size.        |
+-----------------+--------+---------------------------+",
    ))
    .expect("a grid table");
    let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, ["image_id", "\\__os_bit", "min_disk"]);
    assert_eq!(
        t.rows[1].cells[2],
        "Specifies the OS bit.\nThe value is 32 or 64."
    );
}

#[test]
fn simple_table_rows_and_continuations() {
    let t = parse_simple(&lines(
        "=============== ========= ====== ===============
Parameter       Mandatory Type   Description
=============== ========= ====== ===============
X-Subject-Token Yes       String Obtained token.
project_id      Yes       String Specifies the
                                 project ID.
=============== ========= ====== ===============",
    ))
    .expect("a simple table");
    assert_eq!(t.header, ["Parameter", "Mandatory", "Type", "Description"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(
        t.rows[0].cells,
        ["X-Subject-Token", "Yes", "String", "Obtained token."]
    );
    assert_eq!(t.rows[1].cells[3], "Specifies the\nproject ID.");
}

#[test]
fn malformed_tables_are_read_leniently_or_rejected_without_panicking() {
    let ragged = parse_grid(&lines(
        "+------+--------+
| Name | Type   |
+======+========+
| a    | String
+------+--------+",
    ))
    .expect("read leniently");
    assert!(ragged.lenient);
    assert_eq!(ragged.rows[0].cells, ["a", "String"]);
    assert!(parse_grid(&lines("not a table")).is_none());
    assert!(parse_simple(&lines("no rule here")).is_none());
    for junk in [
        "+",
        "+-+\n|",
        "====",
        "+==+\n|ü|\n+--+--+",
        "+--+\n|  |\n|  |",
    ] {
        let _ = parse_grid(&lines(junk));
        let _ = parse_simple(&lines(junk));
    }
}
