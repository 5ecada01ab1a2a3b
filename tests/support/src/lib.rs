//! Test helpers shared by the crates of this workspace.
//!
//! Tests that read the published OTC API reference (`otc-api-docs/`, `otc-api-inventory/`,
//! `signing-examples.json`) find it with [`shared_dir`]: in `$OTC_API_SHARED`, else in
//! `shared/` beside the repository (where CI puts it). Without it they call [`skip_note`]:
//! it writes a `SKIPPED:` line straight to the process's stderr (libtest captures only
//! `print!`/`eprint!` of passing tests, so the line shows), and under `CI` it fails the test
//! instead, so a CI run without the reference is never green. `scripts/test-all.sh` says
//! whether the reference was found and counts the `SKIPPED:` lines. Everything else runs from
//! a bare clone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The directory of the published reference that holds every entry of `needs` (file or
/// directory names): `$OTC_API_SHARED`, else `shared/` beside the repository.
pub fn shared_dir(needs: &[&str]) -> Option<PathBuf> {
    let beside_repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    std::env::var_os("OTC_API_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([beside_repo])
        .find(|dir| needs.iter().all(|need| dir.join(need).exists()))
}

/// Says that `what` is skipped because the reference is not there, on the process's stderr
/// (not captured by libtest, so visible even when the test passes). Under CI (`CI` set to
/// anything but `""`, `0` or `false`) it panics instead: CI must have the reference.
pub fn skip_note(what: &str) {
    let line = skip_line(what);
    if under_ci(std::env::var("CI").ok().as_deref()) {
        panic!("{line} (and CI is set, so this fails)");
    }
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn skip_line(what: &str) -> String {
    format!(
        "SKIPPED: {what}: the published OTC API reference is not available (set \
         OTC_API_SHARED=/path/to/shared, or put shared/ beside the repository)"
    )
}

/// Whether the `CI` variable's value means a CI run.
fn under_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false" | "FALSE" | "False"))
}

/// Rows of a TSV file of the inventory as maps from column name (first line) to value; a
/// short row gets empty values, blank lines are skipped. Panics with the path when the file
/// cannot be read.
pub fn tsv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let values = line.split('\t').chain(std::iter::repeat(""));
            header
                .iter()
                .zip(values)
                .map(|(k, v)| ((*k).to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_what_is_needed_is_not_taken() {
        assert_eq!(shared_dir(&["no-such-entry-in-any-shared-dir"]), None);
    }

    #[test]
    fn ci_is_recognised_from_its_usual_values() {
        assert!(under_ci(Some("true")));
        assert!(under_ci(Some("1")));
        assert!(!under_ci(None));
        assert!(!under_ci(Some("")));
        assert!(!under_ci(Some("false")));
        assert!(skip_line("x").starts_with("SKIPPED: x: "));
    }

    #[test]
    fn tsv_rows_map_columns_and_pad_short_rows() {
        let dir = std::env::temp_dir().join(format!("otc-test-support-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("t.tsv");
        std::fs::write(&file, "a\tb\n1\t2\n\n3\n").unwrap();
        let rows = tsv_rows(&file);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0]["a"].as_str(), rows[0]["b"].as_str()), ("1", "2"));
        assert_eq!((rows[1]["a"].as_str(), rows[1]["b"].as_str()), ("3", ""));
    }
}
