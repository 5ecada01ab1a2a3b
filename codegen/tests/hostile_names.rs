//! Structured stress: many specs made of random hostile names (keywords, punctuation, digits,
//! Unicode, quotes, control characters, empty and padded strings) in every place a name can
//! be — operations, parameters, types, fields, enum values, error codes, headers, docs — each
//! run through the whole pipeline. None may panic, and every spec that validates without
//! errors must give code that parses and formats. Deterministic (a fixed seed), and fast.
//!
//! This complements byte-level fuzzing (`codegen/fuzz`), which rarely produces a spec valid
//! enough to reach the emitter.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// xorshift64*: small, deterministic, good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const WORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "mod",
    "fn",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "union",
    "r#type",
    "_",
    "__",
    "0",
    "1st",
    "42",
    "2.0",
    "-",
    "a-b",
    "a.b",
    "a:b",
    "#x",
    "@x",
    "$x",
    "x y",
    " x",
    "x ",
    "",
    "   ",
    "ä",
    "größe",
    "名前",
    "🚀",
    "x\u{202e}y",
    "x\"y",
    "x\\y",
    "x'y",
    "x`y",
    "*/",
    "/*",
    "#[x]",
    "<b>",
    "{x}",
    "[x]",
    "fooBar",
    "foo_bar",
    "FOO_BAR",
    "FooBar",
    "foo__bar",
    "Unknown",
    "unknown",
    "new",
    "send",
    "body",
    "client",
    "clone",
    "next",
    "default",
    "into_x",
    "from_x",
    "is_x",
    "as_x",
    "to_x",
    "String",
    "Option",
    "Result",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "ErrorCode",
    "SERVICE",
    "types",
    "operations",
    "x\ty",
    "x\u{7}y",
    "AS.0001",
    "0171",
    "12000002",
    "Kind",
    "KindX",
    "Ab",
    "AB",
];

/// A YAML double-quoted scalar holding `text`.
fn q(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Snake-case operation names the validator accepts, and camel type names, so that many
/// specs get past validation and reach the emitter.
fn op_name(rng: &mut Rng, i: usize) -> String {
    let base = rng.pick(&[
        "type", "mod", "async", "gen", "next", "from_x", "into_x", "list", "get",
    ]);
    if i == 0 {
        base.to_owned()
    } else {
        format!("{base}_{i}")
    }
}

fn type_name(rng: &mut Rng, i: usize) -> String {
    let base = rng.pick(&[
        "Kind",
        "Mod",
        "Type",
        "Client",
        "ErrorCode",
        "S",
        "D",
        "Item",
        "Crate",
    ]);
    if i == 0 {
        base.to_owned()
    } else {
        format!("{base}{i}")
    }
}

fn spec(rng: &mut Rng) -> String {
    let mut s = String::from(
        "service:\n  name: stress\n  title: \"Stress */ `x\"\n  endpoint: https://stress.{region}.example.com\n  catalog_type: stress\n",
    );
    let types: Vec<String> = (0..1 + rng.below(3)).map(|i| type_name(rng, i)).collect();
    let enum_name = format!("{}Enum", types[0]);
    s.push_str("operations:\n");
    for i in 0..1 + rng.below(3) {
        let name = op_name(rng, i);
        let path_param = rng.pick(WORDS);
        let clean_path_param = !path_param.contains(['{', '}', '/']) && !path_param.is_empty();
        let path = if clean_path_param {
            format!("/v1/{{{path_param}}}/{i}")
        } else {
            format!("/v1/{i}")
        };
        s.push_str(&format!(
            "  {name}:\n    method: {}\n    path: {}\n",
            rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]),
            q(&path)
        ));
        s.push_str(&format!(
            "    doc: {}\n",
            q(&format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)))
        ));
        s.push_str("    params:\n");
        if clean_path_param {
            s.push_str(&format!("      {}: {{in: path}}\n", q(path_param)));
        }
        for _ in 0..rng.below(5) {
            let ty = rng.pick(&[
                "string",
                "integer",
                "boolean",
                "number",
                "array<string>",
                enum_name.as_str(),
            ]);
            let location = if ty.starts_with("array") {
                "query"
            } else {
                rng.pick(&["query", "query", "header"])
            };
            let wire = if location == "header" {
                rng.pick(&["X-A", "X-Self", "type", "X-1st"])
            } else {
                rng.pick(WORDS)
            };
            let required = rng.below(2) == 0;
            s.push_str(&format!(
                "      {}: {{in: {location}, type: {}, required: {required}, doc: {}}}\n",
                q(wire),
                q(ty),
                q(rng.pick(WORDS))
            ));
        }
        // Paging half the time, with a parameter named like one of the builder's own
        // methods (`items`, `pages`, `send`, ...), which must be renamed, not duplicated.
        let paged = rng.below(2) == 0;
        if paged {
            s.push_str("      paging_offset: {in: query, type: integer}\n");
            s.push_str("      paging_limit: {in: query, type: integer}\n");
            s.push_str(&format!(
                "      {}: {{in: query, type: string}}\n",
                rng.pick(&["items", "pages", "send", "send_with_headers", "new", "body"])
            ));
        }
        if rng.below(2) == 0 {
            s.push_str(&format!(
                "    request: {{type: {}, optional: {}}}\n",
                types[0],
                rng.below(2) == 0
            ));
        }
        s.push_str("    responses:\n");
        s.push_str(&format!(
            "      - {{status: 200, type: {}}}\n",
            q(&types[types.len() - 1])
        ));
        if rng.below(2) == 0 {
            s.push_str(&format!(
                "      - {{status: 202, headers: {{{}: {{secret: true}}}}}}\n",
                q(rng.pick(&["X-Token", "X-Subject-Token", "type"]))
            ));
        }
        if paged {
            s.push_str(
                "    paging: {style: offset, offset: paging_offset, limit: paging_limit, items: paging_entries}\n",
            );
        }
    }
    s.push_str("types:\n");
    for (i, t) in types.iter().enumerate() {
        s.push_str(&format!(
            "  {t}:\n    doc: {}\n    fields:\n",
            q(rng.pick(WORDS))
        ));
        if i == types.len() - 1 {
            s.push_str("      paging_entries: {type: \"array<string>\"}\n");
        }
        for _ in 0..1 + rng.below(6) {
            let target = &types[rng.below(types.len())];
            let ty = rng.pick(&[
                "string",
                "integer",
                "json",
                "map<string>",
                "array<integer>",
                target.as_str(),
                enum_name.as_str(),
            ]);
            let required = i > 0 && rng.below(3) == 0;
            s.push_str(&format!(
                "      {}: {{type: {}, required: {required}, nullable: {}, doc: {}}}\n",
                q(rng.pick(WORDS)),
                q(ty),
                rng.below(4) == 0,
                q(rng.pick(WORDS))
            ));
        }
    }
    s.push_str(&format!("  {enum_name}:\n    enum:\n"));
    for _ in 0..1 + rng.below(5) {
        s.push_str(&format!(
            "      - {{value: {}, doc: {}}}\n",
            q(rng.pick(WORDS)),
            q(rng.pick(WORDS))
        ));
    }
    s.push_str("errors:\n");
    for _ in 0..rng.below(5) {
        s.push_str(&format!(
            "  {}:\n    status: {}\n    message: {}\n",
            q(rng.pick(WORDS)),
            rng.pick(&["400", "[400, 404]", "500"]),
            q(rng.pick(WORDS))
        ));
    }
    s
}

#[test]
fn random_hostile_names_never_panic_and_valid_specs_format() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut generated, mut refused, mut paged) = (0, 0, 0);
    let mut failures = Vec::new();
    for i in 0..400 {
        let text = spec(&mut rng);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let loaded = match otc_codegen::load::load_str(Path::new("stress.yaml"), text.clone()) {
                Ok(loaded) => loaded,
                Err(report) => return Err(report.to_string()),
            };
            let report = otc_codegen::validate::validate(&loaded);
            if report.has_errors() {
                return Err(report.to_string());
            }
            let model = otc_codegen::model::build(&loaded.spec, "stress.yaml");
            let tokens = otc_codegen::emit::emit(&model);
            let code = otc_codegen::format::format_file(tokens, "stress.yaml")
                .map_err(|m| format!("FORMAT: {m}"))?;
            let file: syn::File =
                syn::parse_str(&code).map_err(|e| format!("FORMAT: does not parse: {e}"))?;
            let mut problems = Vec::new();
            check_items(&file.items, "crate", &mut problems);
            if problems.is_empty() {
                Ok(code.contains("pub fn pages("))
            } else {
                Err(format!("FORMAT: {problems:?}"))
            }
        }));
        match result {
            Err(_) => failures.push(format!("spec {i} panicked:\n{text}")),
            Ok(Err(message)) if message.starts_with("FORMAT") => {
                failures.push(format!("spec {i}: {message}\n{text}"));
            }
            Ok(Err(_)) => refused += 1,
            Ok(Ok(with_pages)) => {
                generated += 1;
                paged += usize::from(with_pages);
            }
        }
    }
    eprintln!("{generated} generated ({paged} with paging), {refused} refused");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The generator is meant to reach the emitter often; if validation refused almost every
    // spec, this test would be testing nothing.
    assert!(
        generated >= 40,
        "only {generated} of 400 specs generated ({refused} refused)"
    );
    assert!(
        paged >= 20,
        "only {paged} generated specs page; paging names are not stressed"
    );
}

/// rustc's `non_snake_case` rule.
fn is_snake_case(ident: &str) -> bool {
    let ident = ident.strip_prefix("r#").unwrap_or(ident).trim_matches('_');
    let mut allow_underscore = true;
    ident.chars().all(|c| {
        allow_underscore = match c {
            '_' if !allow_underscore => return false,
            '_' => false,
            c if !c.is_uppercase() => true,
            _ => return false,
        };
        true
    })
}

/// rustc's `non_camel_case_types` rule.
fn is_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    let chars: Vec<char> = name.chars().collect();
    name.is_empty()
        || (!chars[0].is_lowercase()
            && !name.contains("__")
            && !chars.windows(2).any(|w| {
                (w[0].is_alphabetic() && w[1] == '_') || (w[1].is_alphabetic() && w[0] == '_')
            }))
}

/// Names the compiler would refuse or warn about: duplicates in one scope and identifiers
/// that break the naming lints (the generated crates deny warnings in CI).
fn check_items(items: &[syn::Item], scope: &str, problems: &mut Vec<String>) {
    let mut names = std::collections::BTreeSet::new();
    let mut unique = |kind: &str, name: String, problems: &mut Vec<String>| {
        if !names.insert(format!("{kind}:{name}")) {
            problems.push(format!("{scope}: {kind} `{name}` defined twice"));
        }
    };
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let name = s.ident.to_string();
                unique("type", name.clone(), problems);
                if !is_camel_case(&name) {
                    problems.push(format!("{scope}: struct `{name}` is not camel case"));
                }
                let mut fields = std::collections::BTreeSet::new();
                for f in &s.fields {
                    if let Some(ident) = &f.ident {
                        let field = ident.to_string();
                        if !fields.insert(field.clone()) {
                            problems.push(format!("{scope}::{name}: field `{field}` twice"));
                        }
                        if !is_snake_case(&field) {
                            problems.push(format!(
                                "{scope}::{name}: field `{field}` is not snake case"
                            ));
                        }
                    }
                }
            }
            syn::Item::Enum(e) => {
                let name = e.ident.to_string();
                unique("type", name.clone(), problems);
                let mut variants = std::collections::BTreeSet::new();
                for v in &e.variants {
                    let variant = v.ident.to_string();
                    if !variants.insert(variant.clone()) {
                        problems.push(format!("{scope}::{name}: variant `{variant}` twice"));
                    }
                    if !is_camel_case(&variant) {
                        problems.push(format!(
                            "{scope}::{name}: variant `{variant}` is not camel case"
                        ));
                    }
                }
            }
            syn::Item::Type(t) => unique("type", t.ident.to_string(), problems),
            syn::Item::Mod(m) => {
                unique("mod", m.ident.to_string(), problems);
                if let Some((_, inner)) = &m.content {
                    check_items(inner, &format!("{scope}::{}", m.ident), problems);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let mut fns = std::collections::BTreeSet::new();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        let name = f.sig.ident.to_string();
                        if !fns.insert(name.clone()) {
                            problems.push(format!("{scope}: method `{name}` twice in one impl"));
                        }
                        if !is_snake_case(&name) {
                            problems.push(format!("{scope}: method `{name}` is not snake case"));
                        }
                        let mut args = std::collections::BTreeSet::new();
                        for input in &f.sig.inputs {
                            if let syn::FnArg::Typed(pat) = input
                                && let syn::Pat::Ident(id) = &*pat.pat
                                && !args.insert(id.ident.to_string())
                            {
                                problems.push(format!(
                                    "{scope}: argument `{}` twice in `{name}`",
                                    id.ident
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_checker_notices_duplicates_and_bad_case() {
    let file: syn::File = syn::parse_str(
        "struct A { a: u8, a: u8, Bad: u8 } enum E { V, V, bad_v } mod m { struct X; struct X; }",
    )
    .expect("parses");
    let mut problems = Vec::new();
    check_items(&file.items, "crate", &mut problems);
    assert_eq!(problems.len(), 5, "{problems:?}");
}
