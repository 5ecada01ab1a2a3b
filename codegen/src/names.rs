//! Rust names for wire names: any JSON key, code or value becomes a legal, lint-free identifier.
//!
//! Rules, in order: word boundaries come from heck (so `binding:vnic_type`, `fs.obs.endpoint`,
//! `os-extend`, `#sfs_crypt_key_id`, `__os_version` and `camelCase` all split into words);
//! characters outside ASCII letters and digits are dropped; an empty result gets a role word; a
//! leading digit gets a prefix; keywords become raw identifiers (`r#type`), and the four that
//! cannot be raw (`self`, `Self`, `super`, `crate`) get a trailing underscore. Two wire names
//! that still meet are told apart by [`Deduper`].

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict and reserved, edition 2024) that need `r#` to be identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters, digits and `_` (heck already turned separators into `_`).
fn ascii_only(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let trimmed = cleaned.trim_matches('_');
    // Collapse runs of `_` left where a non-ASCII character was dropped.
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Non-ASCII characters become word boundaries (identifiers stay ASCII, so no
/// confusable-character lints fire in generated code).
fn spaced(wire: &str) -> String {
    wire.chars()
        .map(|c| if c.is_ascii() { c } else { ' ' })
        .collect()
}

/// snake_case name for a field, parameter or method. The result is a string that is either a
/// plain identifier or `r#keyword`.
pub fn snake(wire: &str, role: &str) -> String {
    let mut name = ascii_only(&spaced(wire).to_snake_case());
    if name.is_empty() {
        name = role.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{role}_{name}");
    }
    escape_keyword(name)
}

/// UpperCamelCase name for a type or variant. `digit_prefix` is put before a leading digit.
pub fn camel(wire: &str, digit_prefix: &str, empty: &str) -> String {
    let mut name = ascii_only(&spaced(wire).to_upper_camel_case());
    if name.is_empty() {
        name = empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{digit_prefix}{name}");
    }
    if name == "Self" {
        // `Self` cannot be raw, and `Self_` trips the camel-case lint.
        name.push_str("Value");
    }
    name
}

/// Rust variant name for an error code: `AS.0001` → `As0001`, `12000002` → `E12000002`.
pub fn error_variant(code: &str) -> String {
    camel(code, "E", "Empty")
}

fn escape_keyword(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a leading `r#`, for building other names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// True if `name` is a plain (non-raw) Rust identifier that needs no escaping.
pub fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RAW_KEYWORDS.contains(&name)
        && !UNRAWABLE.contains(&name)
}

/// Hands out names unique within one scope, suffixing `_2`, `_3`, … (or `2`, `3` for camel
/// case) when a name is taken. Deterministic: the first comer keeps the plain name.
#[derive(Debug, Default)]
pub struct Deduper {
    taken: HashSet<String>,
}

impl Deduper {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Deduper {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Returns `name` or the first free suffixed form, and marks it taken. The boolean says
    /// whether the name had to change.
    pub fn claim(&mut self, name: &str) -> (String, bool) {
        let base = bare(name);
        if self.taken.insert(base.to_owned()) {
            return (name.to_owned(), false);
        }
        // `self_` → `self_2` (not `self__2`, which is not snake case); `As0001` → `As0001_2`
        // (not `As00012`, which reads as another code); `Active` → `Active2`.
        let sep = if base.ends_with('_') {
            ""
        } else if base.contains('_')
            || base.starts_with(|c: char| c.is_ascii_lowercase())
            || base.ends_with(|c: char| c.is_ascii_digit())
        {
            "_"
        } else {
            ""
        };
        let mut n = 2;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return (candidate, true);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_json_keys_become_snake_identifiers() {
        let cases = [
            ("binding:vnic_type", "binding_vnic_type"),
            ("fs.obs.endpoint", "fs_obs_endpoint"),
            ("os-extend", "os_extend"),
            ("#sfs_crypt_key_id", "sfs_crypt_key_id"),
            ("__os_version", "os_version"),
            ("start_time ", "start_time"),
            ("scalingGroupId", "scaling_group_id"),
            ("CurrentPage", "current_page"),
            ("type", "r#type"),
            ("mod", "r#mod"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("0", "field_0"),
            ("4k_size", "field_4k_size"),
            ("größe", "gr_e"),
            ("???", "field"),
            ("", "field"),
        ];
        for (wire, want) in cases {
            assert_eq!(snake(wire, "field"), want, "{wire:?}");
        }
    }

    #[test]
    fn codes_and_values_become_camel_identifiers() {
        assert_eq!(error_variant("AS.0001"), "As0001");
        assert_eq!(error_variant("IMG.1075"), "Img1075");
        assert_eq!(error_variant("12000002"), "E12000002");
        assert_eq!(error_variant("0171"), "E0171");
        assert_eq!(error_variant("MRS.101"), "Mrs101");
        assert_eq!(error_variant("SFS.TURBO.0001"), "SfsTurbo0001");
        assert_eq!(error_variant("AccessDenied"), "AccessDenied");
        assert_eq!(camel("INSERVICE", "V", "Empty"), "Inservice");
        assert_eq!(camel("self", "V", "Empty"), "SelfValue");
        assert_eq!(camel("type", "V", "Empty"), "Type");
        assert_eq!(camel("", "V", "Empty"), "Empty");
        assert_eq!(camel("2.0", "V", "Empty"), "V20");
    }

    #[test]
    fn deduper_suffixes_later_comers() {
        let mut d = Deduper::with_reserved(["unknown"]);
        assert_eq!(d.claim("os_version"), ("os_version".to_owned(), false));
        assert_eq!(d.claim("os_version"), ("os_version_2".to_owned(), true));
        assert_eq!(d.claim("r#type"), ("r#type".to_owned(), false));
        assert_eq!(d.claim("r#type"), ("type_2".to_owned(), true));
        let mut d = Deduper::default();
        assert_eq!(d.claim("Active"), ("Active".to_owned(), false));
        assert_eq!(d.claim("Active"), ("Active2".to_owned(), true));
        assert_eq!(d.claim("As0001"), ("As0001".to_owned(), false));
        assert_eq!(d.claim("As0001"), ("As0001_2".to_owned(), true));
        assert_eq!(d.claim("self_"), ("self_".to_owned(), false));
        assert_eq!(d.claim("self_"), ("self_2".to_owned(), true));
    }
}
