//! Type expressions as written in specs: `string`, `integer`, `number`, `boolean`, `json`,
//! `TypeName`, `array<T>`, `map<T>`.

use std::fmt;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// UTF-8 text.
    String,
    /// A 64-bit signed integer (wide enough for epoch milliseconds).
    Integer,
    /// A 64-bit float.
    Number,
    /// `true` / `false`.
    Boolean,
    /// Any JSON value.
    Json,
    /// Raw bytes: only as a whole request or response body.
    Bytes,
    /// A named type of the spec.
    Named(String),
    /// A JSON array.
    Array(Box<TypeExpr>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeExpr>),
}

/// Deepest nesting of `array<>` and `map<>` accepted; real specs use two or three.
pub const MAX_NESTING: usize = 16;

/// At most 60 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text.to_owned()
    }
}

/// The scalar a common misspelling or another language's name means (`int` → `integer`).
pub fn scalar_for(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    if let Some(s) = SCALARS.iter().find(|s| **s == lower) {
        return Some(s);
    }
    if let Some(close) = crate::diagnostic::did_you_mean(&lower, SCALARS.iter().copied()) {
        return Some(close);
    }
    match lower.as_str() {
        "int" | "int32" | "int64" | "i32" | "i64" | "long" | "uint" | "u64" | "u32" => {
            Some("integer")
        }
        "str" | "text" | "char" => Some("string"),
        "bool" => Some("boolean"),
        "float" | "double" | "f64" | "f32" | "decimal" => Some("number"),
        "object" | "any" | "dict" | "value" => Some("json"),
        _ => None,
    }
}

/// The scalar words, for messages and suggestions.
pub const SCALARS: &[&str] = &["string", "integer", "number", "boolean", "json"];

impl TypeExpr {
    /// Parses `text`; the error says what was expected.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        // Peel `array<…>` and `map<…>` iteratively, so a hostile `array<array<…` cannot
        // exhaust the stack, then wrap the innermost type back up.
        let mut wrappers: Vec<fn(Box<TypeExpr>) -> TypeExpr> = Vec::new();
        let mut t = text.trim();
        'peel: loop {
            for (prefix, wrap) in [
                ("array<", TypeExpr::Array as fn(Box<TypeExpr>) -> TypeExpr),
                ("map<", TypeExpr::Map),
            ] {
                if let Some(inner) = t.strip_prefix(prefix) {
                    let Some(inner) = inner.strip_suffix('>') else {
                        return Err(format!("`{}` lacks its closing `>`", shorten(t)));
                    };
                    if inner.trim().is_empty() {
                        return Err(format!(
                            "`{}` has no type between `<` and `>`: write e.g. `{prefix}string>`",
                            shorten(t)
                        ));
                    }
                    if wrappers.len() == MAX_NESTING {
                        return Err(format!(
                            "`{}` nests more than {MAX_NESTING} levels of `array<>`/`map<>`",
                            shorten(text.trim())
                        ));
                    }
                    wrappers.push(wrap);
                    t = inner.trim();
                    continue 'peel;
                }
            }
            break;
        }
        let mut parsed = TypeExpr::parse_leaf(t)?;
        while let Some(wrap) = wrappers.pop() {
            parsed = wrap(Box::new(parsed));
        }
        Ok(parsed)
    }

    fn parse_leaf(t: &str) -> Result<TypeExpr, String> {
        match t {
            "string" => return Ok(TypeExpr::String),
            "integer" => return Ok(TypeExpr::Integer),
            "number" => return Ok(TypeExpr::Number),
            "boolean" => return Ok(TypeExpr::Boolean),
            "json" => return Ok(TypeExpr::Json),
            "bytes" => return Ok(TypeExpr::Bytes),
            _ => {}
        }
        let mut chars = t.chars();
        let valid_name = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_name {
            let hint = match scalar_for(t) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            return Err(format!(
                "`{}` is not a type: expected one of {}, a type name, `array<T>` or `map<T>`{hint}",
                shorten(t),
                SCALARS.join(", ")
            ));
        }
        if t.starts_with(|c: char| c.is_ascii_lowercase()) {
            let hint = match scalar_for(t) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            return Err(format!(
                "`{t}` is not a type: scalar types are {}; type names start with an upper-case letter{hint}",
                SCALARS.join(", ")
            ));
        }
        Ok(TypeExpr::Named(t.to_owned()))
    }

    /// Every type name this expression refers to.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeExpr::Named(n) => vec![n.as_str()],
            TypeExpr::Array(inner) | TypeExpr::Map(inner) => inner.names(),
            _ => Vec::new(),
        }
    }

    /// True if `bytes` appears anywhere in the expression.
    pub fn contains_bytes(&self) -> bool {
        match self {
            TypeExpr::Bytes => true,
            TypeExpr::Array(inner) | TypeExpr::Map(inner) => inner.contains_bytes(),
            _ => false,
        }
    }

    /// The named type, if the expression is a bare name (not inside an array or map).
    pub fn direct_name(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(n) => Some(n),
            _ => None,
        }
    }

    /// True for string, integer, number and boolean.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeExpr::String | TypeExpr::Integer | TypeExpr::Number | TypeExpr::Boolean
        )
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::String => f.write_str("string"),
            TypeExpr::Integer => f.write_str("integer"),
            TypeExpr::Number => f.write_str("number"),
            TypeExpr::Boolean => f.write_str("boolean"),
            TypeExpr::Json => f.write_str("json"),
            TypeExpr::Bytes => f.write_str("bytes"),
            TypeExpr::Named(n) => f.write_str(n),
            TypeExpr::Array(i) => write!(f, "array<{i}>"),
            TypeExpr::Map(i) => write!(f, "map<{i}>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions_and_round_trips() {
        for text in ["string", "array<map<Image>>", "map<json>", "ScalingGroup"] {
            assert_eq!(TypeExpr::parse(text).expect(text).to_string(), text);
        }
        assert_eq!(
            TypeExpr::parse("array<Tag>").expect("parses").names(),
            vec!["Tag"]
        );
    }

    #[test]
    fn rejects_what_is_not_a_type() {
        for bad in ["", "array<string", "int", "List<String>", "a b", "map<>"] {
            assert!(TypeExpr::parse(bad).is_err(), "{bad:?} should fail");
        }
        let deep = format!("{}string{}", "array<".repeat(100_000), ">".repeat(100_000));
        assert!(
            TypeExpr::parse(&deep)
                .expect_err("too deep")
                .contains("nests more than")
        );
        let ok = format!(
            "{}string{}",
            "map<".repeat(MAX_NESTING),
            ">".repeat(MAX_NESTING)
        );
        assert!(TypeExpr::parse(&ok).is_ok());
    }
}
