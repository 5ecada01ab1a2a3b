//! Test helpers shared by the crates of this workspace.
//!
//! Tests that read the published OTC API reference (`otc-api-docs/`, `otc-api-inventory/`,
//! `signing-examples.json`) find it with [`shared_dir`]: in `$OTC_API_SHARED`, else in
//! `shared/` beside the repository (where CI puts it). Without it they print
//! [`skip_note`]'s line and skip; everything else runs from a bare clone.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_what_is_needed_is_not_taken() {
        assert_eq!(shared_dir(&["no-such-entry-in-any-shared-dir"]), None);
    }
}
