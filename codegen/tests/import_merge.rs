//! The importer keeps hand corrections when it drafts a spec again, tested on small
//! reStructuredText pages written for this test (`tests/fixtures/import/demo/`), so it runs on
//! a bare clone. `import_services.rs` runs the same kind of checks on the published reference.

use std::path::{Path, PathBuf};

use otc_codegen::import::{ImportOptions, import};
use otc_codegen::spec::{Service, Spec};

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/demo")
}

fn service() -> Service {
    serde_yaml::from_str(
        "name: demo\ntitle: Demo\nendpoint: https://demo.{region}.example.com\ncatalog_type: demo\n",
    )
    .expect("service block")
}

fn draft(existing: Option<Spec>) -> Spec {
    import(&ImportOptions {
        docs_dir: docs(),
        service: service(),
        existing,
        pages: Vec::new(),
    })
    .expect("the fixture imports")
    .spec
}

#[test]
fn the_fixture_drafts_what_its_pages_say() {
    let spec = draft(None);
    let ops: Vec<&str> = spec.operations.keys().map(String::as_str).collect();
    assert_eq!(ops, ["create_group", "delete_group", "list_groups"]);
    assert_eq!(
        spec.operations["list_groups"].path,
        "/v1/{project_id}/groups"
    );
    assert!(spec.operations["list_groups"].paging.is_some());
    assert_eq!(
        spec.errors["DEMO.0002"].message,
        "The group does not exist."
    );
    assert!(spec.types.contains_key("CreateGroupRequest"));
}

#[test]
fn merge_keeps_corrected_operations_types_and_fields() {
    let draft = draft(None);
    let mut reviewed = draft.clone();
    reviewed.service.doc = Some("Reviewed.".to_owned());
    // A corrected operation, renamed.
    let mut op = reviewed
        .operations
        .shift_remove("delete_group")
        .expect("delete_group");
    op.doc = Some("Hand-written.".to_owned());
    op.correction = Some("doc rewritten".to_owned());
    reviewed.operations.insert("remove_group".to_owned(), op);
    // A corrected field.
    let group = reviewed.types.get_mut("Group").expect("Group");
    let limit = group
        .fields
        .as_mut()
        .and_then(|f| f.get_mut("limit"))
        .expect("limit");
    limit.ty = "string".to_owned();
    limit.lenient = true;
    limit.correction = Some("sent as a string".to_owned());
    let corrected_field = limit.clone();
    // A corrected type.
    let response = reviewed
        .types
        .get_mut("CreateGroupResponse")
        .expect("CreateGroupResponse");
    response.doc = Some("Corrected.".to_owned());
    response.correction = Some("doc".to_owned());
    let corrected_type = response.clone();

    let merged = draft_with(reviewed.clone());
    assert_eq!(merged.service.doc.as_deref(), Some("Reviewed."));
    assert!(!merged.operations.contains_key("delete_group"));
    assert_eq!(
        merged.operations["remove_group"],
        reviewed.operations["remove_group"]
    );
    assert_eq!(merged.types["CreateGroupResponse"], corrected_type);
    assert_eq!(
        merged.types["Group"].fields.as_ref().expect("fields")["limit"],
        corrected_field
    );
    assert_eq!(merged.operations.len(), draft.operations.len());
    // Merging a draft with itself changes nothing.
    assert_eq!(draft_with(draft.clone()), draft);
}

#[test]
fn merge_keeps_corrected_parameters_bodies_responses_and_codes() {
    let draft = draft(None);
    let mut reviewed = draft.clone();
    let op = reviewed
        .operations
        .get_mut("list_groups")
        .expect("list_groups");
    let limit = op.params.get_mut("limit").expect("limit");
    limit.ty = "string".to_owned();
    limit.correction = Some("sent as a string".to_owned());
    let response = op.responses.first_mut().expect("a response");
    response.doc = Some("Hand-written.".to_owned());
    response.correction = Some("doc".to_owned());
    let corrected_op = op.clone();
    let request = reviewed
        .operations
        .get_mut("create_group")
        .and_then(|op| op.request.as_mut())
        .expect("a request body");
    request.optional = true;
    request.correction = Some("may be left out".to_owned());
    let corrected_request = request.clone();
    let code = reviewed.errors.get_mut("DEMO.0001").expect("DEMO.0001");
    code.message = "Corrected.".to_owned();
    code.correction = Some("message".to_owned());
    let corrected_code = code.clone();
    // Two corrected operations on one method, path and page.
    let mut a = reviewed.operations["delete_group"].clone();
    a.correction = Some("first of two".to_owned());
    let mut b = a.clone();
    b.correction = Some("second of two".to_owned());
    reviewed
        .operations
        .insert("delete_group".to_owned(), a.clone());
    reviewed
        .operations
        .insert("delete_group_forced".to_owned(), b.clone());

    let merged = draft_with(reviewed);
    assert_eq!(merged.operations["list_groups"], corrected_op);
    assert_eq!(
        merged.operations["create_group"].request.as_ref(),
        Some(&corrected_request)
    );
    assert_eq!(merged.errors["DEMO.0001"], corrected_code);
    assert_eq!(merged.operations["delete_group"], a);
    assert_eq!(merged.operations["delete_group_forced"], b);
    assert_eq!(merged.operations.len(), draft.operations.len() + 1);
    // What was not corrected comes from the pages again.
    assert_eq!(merged.errors["DEMO.0002"], draft.errors["DEMO.0002"]);
}

fn draft_with(existing: Spec) -> Spec {
    draft(Some(existing))
}
