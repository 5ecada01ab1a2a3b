//! Test helpers shared by the crates of this workspace.
//!
//! Tests that read the published OTC API reference (`otc-api-docs/`, `otc-api-inventory/`,
//! `signing-examples.json`) find it with [`shared_dir`]: in `$OTC_API_SHARED`, else in
//! `shared/` beside the repository (where CI puts it). Without it they print
//! [`skip_note`]'s line and skip; everything else runs from a bare clone.

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

/// Says on stderr that `what` is skipped because the reference is not there.
pub fn skip_note(what: &str) {
    eprintln!(
        "SKIPPED: {what}: the published OTC API reference is not available (set \
         OTC_API_SHARED=/path/to/shared, or put shared/ beside the repository)"
    );
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
