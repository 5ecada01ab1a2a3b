//! The importer on small reference pages written for these tests
//! (`tests/fixtures/import/seed/`), each showing one form the VPC, VPN and SFS pages use:
//! linked type names with spaces, `Array of` split from its `:ref:` by a blank line,
//! placeholder values in value lists, example values that contradict their table, an XML
//! API, several hosts, and an error code documented with two statuses.

use std::path::Path;

use otc_codegen::import::{Category, ImportOptions, ImportReport, import, to_yaml};
use otc_codegen::spec::{Service, Spec, Statuses};

fn service() -> Service {
    Service {
        name: "demo".into(),
        title: "Demo".into(),
        doc: None,
        endpoint: "https://widgets.{region}.otc.t-systems.com".into(),
        catalog_type: "demo".into(),
        error_envelopes: Vec::new(),
        docs: None,
    }
}

fn run(pages: &[&str], existing: Option<Spec>) -> ImportReport {
    import(&ImportOptions {
        docs_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/seed"),
        service: service(),
        existing,
        pages: pages.iter().map(|p| (*p).to_owned()).collect(),
    })
    .expect("import")
}

fn warnings(report: &ImportReport, category: Category) -> Vec<String> {
    report
        .warnings
        .iter()
        .filter(|w| w.category == category)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn linked_names_with_spaces_and_split_array_cells_are_arrays_of_their_table() {
    let report = run(&[], None);
    let op = &report.spec.operations["list_widgets"];
    let body = op.responses[0].ty.clone().expect("a response type");
    let fields = report.spec.types[&body].fields.as_ref().expect("fields");
    let widgets = &fields["widgets"].ty;
    let parts = &fields["parts"].ty;
    let inner = |t: &str| {
        t.strip_prefix("array<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or_else(|| panic!("{t} is not an array"))
            .to_owned()
    };
    let widget = inner(widgets);
    let widget_fields = report.spec.types[&widget].fields.as_ref().expect("fields");
    assert_eq!(
        widget_fields.keys().collect::<Vec<_>>(),
        ["id", "size", "shared"]
    );
    let part = inner(parts);
    assert!(
        report.spec.types[&part]
            .fields
            .as_ref()
            .expect("fields")
            .contains_key("name")
    );
}

#[test]
fn example_values_the_table_contradicts_make_the_field_lenient() {
    let report = run(&[], None);
    let body = report.spec.operations["list_widgets"].responses[0]
        .ty
        .clone()
        .expect("type");
    let widgets = report.spec.types[&body].fields.as_ref().expect("fields")["widgets"]
        .ty
        .clone();
    let widget = widgets.trim_start_matches("array<").trim_end_matches('>');
    let fields = report.spec.types[widget].fields.as_ref().expect("fields");
    assert!(fields["size"].lenient, "\"10\" for an Integer");
    assert!(fields["shared"].lenient, "\"true\" for a Boolean");
    assert!(!fields["id"].lenient);
    let found = warnings(&report, Category::Example);
    assert!(
        found
            .iter()
            .any(|w| w.contains("$.widgets[].size") && w.contains("lenient")),
        "{found:?}"
    );
}

#[test]
fn placeholder_values_are_not_drafted_as_an_enum() {
    let report = run(&["widgets.rst"], None);
    let owner = &report.spec.operations["list_widgets"].params["owner"];
    assert_eq!(owner.ty, "string");
    assert!(!report.spec.types.values().any(|t| t.variants.is_some()));
}

#[test]
fn an_xml_api_is_warned_about_and_not_drafted() {
    let report = run(&[], None);
    assert_eq!(report.spec.operations.len(), 3, "only the JSON pages");
    assert!(
        report
            .spec
            .operations
            .values()
            .all(|op| op.source.as_deref() != Some("buckets.rst"))
    );
    let found = warnings(&report, Category::NotJson);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("buckets.rst:"), "{found:?}");
}

#[test]
fn a_uri_section_without_a_path_takes_the_example_requests() {
    let report = run(&["versions.rst"], None);
    let ops: Vec<_> = report.spec.operations.values().collect();
    assert_eq!(ops.len(), 1);
    assert_eq!((ops[0].method.as_str(), ops[0].path.as_str()), ("GET", "/"));
    let found = warnings(&report, Category::NoUri);
    assert!(found[0].contains("without a path"), "{found:?}");
}

#[test]
fn a_flat_table_is_nested_as_the_example_shows() {
    let report = run(&["policies.rst"], None);
    let op = report
        .spec
        .operations
        .values()
        .next()
        .expect("one operation");
    let root = &op.request.as_ref().expect("a body").ty;
    let fields = |name: &str| -> Vec<String> {
        report.spec.types[name]
            .fields
            .as_ref()
            .expect("fields")
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(fields(root), ["policy"]);
    let policy = &report.spec.types[root].fields.as_ref().expect("fields")["policy"].ty;
    // `comment` is in no example: it goes into the wrapper with its documented siblings
    assert_eq!(fields(policy), ["name", "lifetime", "comment"]);
    let lifetime = &report.spec.types[policy].fields.as_ref().expect("fields")["lifetime"].ty;
    assert_eq!(fields(lifetime), ["value", "units"]);
}

#[test]
fn pages_on_several_hosts_are_warned_about() {
    let all = run(&[], None);
    let found = warnings(&all, Category::Hosts);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("`buckets`") && found[0].contains("`widgets`"),
        "{found:?}"
    );
    let one = run(&["widgets.rst"], None);
    assert!(warnings(&one, Category::Hosts).is_empty());
}

#[test]
fn a_code_keeps_the_status_of_every_row() {
    let report = run(&["error_codes.rst"], None);
    let code = &report.spec.errors["DEMO.0101"];
    let mut statuses: Vec<u16> = code
        .status
        .as_ref()
        .map(Statuses::to_vec)
        .unwrap_or_default();
    for also in &code.also {
        statuses.extend(
            also.status
                .as_ref()
                .map(Statuses::to_vec)
                .unwrap_or_default(),
        );
    }
    assert_eq!(statuses, [400, 400, 404]);
    assert_eq!(report.spec.errors.len(), 2);
}

#[test]
fn pages_limit_the_draft_to_their_files() {
    let report = run(&["error_codes.rst"], None);
    assert!(report.spec.operations.is_empty());
    let report = run(&["widgets.rst"], None);
    assert!(report.spec.errors.is_empty());
    assert_eq!(report.spec.operations.len(), 1);
}

#[test]
fn the_draft_header_claims_no_review_and_corrections_survive_a_reimport() {
    let first = run(&[], None);
    let yaml = to_yaml(&first.spec);
    assert!(
        yaml.starts_with("# Demo (demo): drafted by `otc-codegen import`"),
        "{yaml}"
    );
    assert!(!yaml.contains("reviewed"), "{yaml}");

    let mut reviewed = first.spec.clone();
    let op = reviewed.operations.get_mut("list_widgets").expect("op");
    op.correction = Some("paging added by hand".into());
    op.doc = Some("Lists widgets (by hand).".into());
    let again = run(&[], Some(reviewed));
    let kept = &again.spec.operations["list_widgets"];
    assert_eq!(kept.doc.as_deref(), Some("Lists widgets (by hand)."));
    assert_eq!(kept.correction.as_deref(), Some("paging added by hand"));
}
