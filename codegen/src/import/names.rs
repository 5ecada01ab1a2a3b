//! Names: operation names from page titles, type names from field names.

use heck::{ToSnakeCase, ToUpperCamelCase};

const QUERY_VERBS: &[&str] = &[
    "querying",
    "query",
    "viewing",
    "view",
    "listing",
    "list",
    "getting",
    "get",
    "obtaining",
    "obtain",
];

/// Gerunds and verbs of the reference titles, as imperative snake_case words.
fn verb(word: &str) -> Option<&'static str> {
    Some(match word {
        "creating" | "create" => "create",
        "modifying" | "modify" | "updating" | "update" => "update",
        "deleting" | "delete" => "delete",
        "adding" | "add" => "add",
        "removing" | "remove" => "remove",
        "enabling" | "enable" => "enable",
        "disabling" | "disable" => "disable",
        "executing" | "execute" => "execute",
        "calling" | "call" => "call",
        "managing" | "manage" => "manage",
        "replicating" | "replicate" => "replicate",
        "exporting" | "export" => "export",
        "importing" | "import" => "import",
        "registering" | "register" => "register",
        "uploading" | "upload" => "upload",
        "downloading" | "download" => "download",
        "changing" | "change" => "change",
        "configuring" | "configure" => "configure",
        "terminating" | "terminate" => "terminate",
        "canceling" | "cancelling" | "cancel" => "cancel",
        "logging" | "log" => "log",
        "checking" | "check" => "check",
        "starting" | "start" => "start",
        "stopping" | "stop" => "stop",
        "saving" | "save" => "save",
        "verifying" | "verify" => "verify",
        "setting" | "set" => "set",
        "resizing" | "resize" => "resize",
        "scaling" => "scale",
        "sharing" | "share" => "share",
        "submitting" | "submit" => "submit",
        "running" | "run" => "run",
        "returning" | "return" => "return",
        "restarting" | "restart" => "restart",
        "rebooting" | "reboot" => "reboot",
        "binding" | "bind" => "bind",
        "unbinding" | "unbind" => "unbind",
        "attaching" | "attach" => "attach",
        "detaching" | "detach" => "detach",
        "associating" | "associate" => "associate",
        "disassociating" | "disassociate" => "disassociate",
        "assigning" | "assign" => "assign",
        "releasing" | "release" => "release",
        "replacing" | "replace" => "replace",
        "renaming" | "rename" => "rename",
        "expanding" | "expand" => "expand",
        "inserting" | "insert" => "insert",
        "applying" | "apply" => "apply",
        "copying" | "copy" => "copy",
        "resetting" | "reset" => "reset",
        "pausing" | "pause" => "pause",
        "resuming" | "resume" => "resume",
        _ => return None,
    })
}

const ARTICLES: &[&str] = &["a", "an", "the"];
const PREPOSITIONS: &[&str] = &[
    "of", "in", "by", "bound", "with", "for", "about", "to", "from", "on", "through", "within",
    "under", "and", "or",
];

/// Splits a title into words: whitespace separated, punctuation (except inner `-`, `.`, `_`)
/// removed, empty words dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == ';' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

/// `IPsec`, `IPv`: capitals, then only lower case; one word, not `i_psec`.
fn acronym_with_tail(w: &str) -> bool {
    let mut chars = w.chars().peekable();
    let mut capitals = 0;
    while chars.next_if(|c| c.is_ascii_uppercase()).is_some() {
        capitals += 1;
    }
    capitals >= 2 && chars.all(|c| !c.is_uppercase())
}

/// snake_case of one word (`AS` → `as`, `V1.1` → `v1_1`, `Full-ECS` → `full_ecs`).
pub fn snake_word(w: &str) -> String {
    let cleaned: String = w
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    // keep acronyms and mixed words readable: all-caps words are lower-cased as a whole
    let s = if cleaned
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
        || cleaned.chars().count() <= 4
        || acronym_with_tail(&cleaned)
    {
        cleaned.to_lowercase()
    } else {
        cleaned.to_snake_case()
    };
    s.split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn join_snake(ws: &[String]) -> String {
    ws.iter()
        .map(|w| snake_word(w))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// English plural of a lower-case word (good enough for names).
pub fn plural(w: &str) -> String {
    if w.ends_with('s') || w.ends_with("data") || w.ends_with("info") {
        return w.to_owned();
    }
    if let Some(stem) = w.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// English singular of a word (`policies` → `policy`, `scaling_groups` → `scaling_group`).
pub fn singular(w: &str) -> String {
    let lower = w.to_lowercase();
    if lower.ends_with("ies")
        && w.len() > 4
        && let Some(stem) = w.get(..w.len() - 3)
    {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes"] {
        if lower.ends_with(suffix)
            && let Some(stem) = w.get(..w.len() - 2)
        {
            return stem.to_owned();
        }
    }
    if lower.ends_with("ss") || lower.ends_with("us") || lower.ends_with("is") || w.len() < 3 {
        return w.to_owned();
    }
    if let Some(stem) = w.strip_suffix('s') {
        return stem.to_owned();
    }
    w.to_owned()
}

/// Position of `List` when it ends the head phrase (`the Data Source List of ...`).
fn list_head(lower: &[String]) -> Option<usize> {
    let end = lower
        .iter()
        .skip(1)
        .position(|w| PREPOSITIONS.contains(&w.as_str()))
        .map(|p| p + 1)
        .unwrap_or(lower.len());
    (end > 0 && lower[end - 1] == "list").then(|| end - 1)
}

fn looks_plural(w: &str) -> bool {
    let l = w.to_lowercase();
    l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us") && !l.ends_with("is")
}

/// Qualifiers from a title's parentheses: `(V2)` → `v2`, `(Native OpenStack API V1.1,
/// Deprecated)` → `native`, `v1_1`. `Deprecated` and `Not Recommended` are dropped.
fn qualifiers(paren: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in paren.split(',') {
        let p = piece.trim();
        let lower = p.to_lowercase();
        if lower.is_empty() || lower == "deprecated" || lower == "not recommended" {
            continue;
        }
        let mut rest: Vec<String> = words(p);
        if lower.contains("native openstack") {
            out.push("native".to_owned());
            rest.retain(|w| {
                !matches!(
                    w.to_lowercase().as_str(),
                    "native" | "openstack" | "api" | "apis"
                )
            });
        }
        if !rest.is_empty() {
            out.push(join_snake(&rest));
        }
    }
    out
}

/// The operation name for a page title: `Querying AS Groups` → `list_as_groups`,
/// `Querying an AS Group` → `get_as_group`, `Modifying an AS Group` → `update_as_group`,
/// `Creating an AS Policy (V2)` → `create_as_policy_v2`.
pub fn operation_name(title: &str) -> String {
    // split off parenthesised qualifiers
    let mut main = String::new();
    let mut quals = Vec::new();
    let mut depth = 0;
    let mut paren = String::new();
    for c in title.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth == 1 {
                    paren.clear();
                    continue;
                }
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    quals.extend(qualifiers(&paren));
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            paren.push(c);
        } else {
            main.push(c);
        }
    }
    let ws = words(&main);
    let mut lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    let mut ws = ws;
    if ws.is_empty() {
        return "operation".to_owned();
    }
    let mut name_words: Vec<String> = Vec::new();
    if QUERY_VERBS.contains(&lower[0].as_str()) {
        ws.remove(0);
        lower.remove(0);
        let mut prefix = "get";
        if lower.len() >= 2 && lower[0] == "list" && lower[1] == "of" {
            prefix = "list";
            ws.drain(..2);
            lower.drain(..2);
        } else if lower.len() >= 3
            && ARTICLES.contains(&lower[0].as_str())
            && lower[1] == "list"
            && lower[2] == "of"
        {
            prefix = "list";
            ws.drain(..3);
            lower.drain(..3);
        } else if let Some(pos) = list_head(&lower) {
            prefix = "list";
            ws.remove(pos);
            lower.remove(pos);
            if pos > 0 {
                let p = plural(&lower[pos - 1]);
                ws[pos - 1] = p.clone();
                lower[pos - 1] = p;
            }
        } else if let Some(pos) = lower.iter().position(|w| w == "details" || w == "detail") {
            ws.remove(pos);
            lower.remove(pos);
            // `the Details of a VPC`, `Details About a Shared File System`
            if lower.get(pos).is_some_and(|w| w == "of" || w == "about") {
                ws.remove(pos);
                lower.remove(pos);
                if pos > 0 && lower[pos - 1] == "the" {
                    ws.remove(pos - 1);
                    lower.remove(pos - 1);
                }
            }
            // `Details About All Shared File Systems`: a list with details
            if lower.first().is_some_and(|w| w == "all") {
                ws.remove(0);
                lower.remove(0);
                prefix = "list";
                quals.push("details".to_owned());
            }
        } else if lower.len() >= 2 && lower[0] == "information" && lower[1] == "about" {
            ws.drain(..2);
            lower.drain(..2);
        } else if lower
            .first()
            .is_some_and(|w| w == "a" || w == "an" || w == "the")
        {
            // singular
        } else {
            let head = lower
                .iter()
                .position(|w| PREPOSITIONS.contains(&w.as_str()))
                .unwrap_or(lower.len());
            if head > 0 && looks_plural(&lower[head - 1]) {
                prefix = "list";
            }
        }
        name_words.push(prefix.to_owned());
    } else if lower[0] == "batch" && lower.len() > 1 {
        ws.remove(0);
        lower.remove(0);
        name_words.push("batch".to_owned());
        if let Some(v) = verb(&lower[0]) {
            name_words.push(v.to_owned());
            ws.remove(0);
            lower.remove(0);
        }
    } else {
        // a verb phrase: `Executing, Enabling, or Disabling`, `Adding or Deleting`
        while let Some(first) = lower.first() {
            if let Some(v) = verb(first) {
                name_words.push(v.to_owned());
            } else if matches!(first.as_str(), "or" | "and") && !name_words.is_empty() {
                name_words.push(first.clone());
            } else {
                break;
            }
            ws.remove(0);
            lower.remove(0);
        }
    }
    // `... and Returning a Valid Token`: a gerund after a conjunction is another verb
    let mut rest: Vec<String> = Vec::new();
    for w in ws {
        let l = w.to_lowercase();
        if ARTICLES.contains(&l.as_str()) {
            continue;
        }
        let after_conj = rest
            .last()
            .is_some_and(|p: &String| matches!(p.to_lowercase().as_str(), "and" | "or"));
        match verb(&l) {
            Some(v) if after_conj && l.ends_with("ing") => rest.push(v.to_owned()),
            _ if after_conj && l.ends_with("ing") && l.len() > 5 => {
                rest.push(l.trim_end_matches("ing").to_owned())
            }
            _ => rest.push(w),
        }
    }
    let mut name = name_words.join("_");
    let tail = join_snake(&rest);
    if !tail.is_empty() {
        if !name.is_empty() {
            name.push('_');
        }
        name.push_str(&tail);
    }
    for q in quals {
        if !q.is_empty() {
            name.push('_');
            name.push_str(&q);
        }
    }
    sanitize_snake(&name)
}

/// A valid snake_case Rust identifier from any text.
pub fn sanitize_snake(s: &str) -> String {
    let mut out = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect::<String>()
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() {
        out = "operation".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("op_{out}");
    }
    out
}

/// Names the importer avoids for a type on top of those the generator reserves
/// ([`crate::model::RESERVED_TYPE_NAMES`]): they would read as something else in the generated
/// crate or next to the runtime's types.
const AVOIDED_TYPES: &[&str] = &[
    "Error", "Self", "Map", "HashMap", "Value", "Client", "Request", "Response", "Display", "Hash",
    "Future", "Stream", "Bytes", "Url", "Method", "Header", "Status", "Body", "Config", "Crate",
    "Super", "Type",
];

/// Is this name unusable as a generated type name?
pub fn is_reserved_type(name: &str) -> bool {
    crate::model::RESERVED_TYPE_NAMES.contains(&name) || AVOIDED_TYPES.contains(&name)
}

/// UpperCamelCase Rust type name from any text (`scaling_groups` → `ScalingGroups`,
/// `__os_bit` → `OsBit`, `OS-FEDERATION` → `OsFederation`).
pub fn pascal(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let parts: Vec<String> = cleaned
        .split_whitespace()
        .map(|w| {
            if w.chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
            {
                w.to_lowercase()
            } else {
                w.to_owned()
            }
        })
        .collect();
    let mut out = parts.join(" ").to_upper_camel_case();
    out.retain(|c| c.is_ascii_alphanumeric());
    if out.is_empty() {
        return "Unnamed".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("T{out}");
    }
    out
}

/// Joins a parent type name and a field-derived name without repeating a shared word
/// (`ScalingGroup` + `ScalingGroupStatus` → `ScalingGroupStatus`).
pub fn prefixed(parent: &str, name: &str) -> String {
    if name.starts_with(parent) {
        return name.to_owned();
    }
    format!("{parent}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names() {
        for (title, name) in [
            ("Querying AS Groups", "list_as_groups"),
            ("Querying an AS Group", "get_as_group"),
            ("Creating an AS Group", "create_as_group"),
            ("Modifying an AS Group", "update_as_group"),
            ("Deleting an AS Group", "delete_as_group"),
            (
                "Batch Deleting AS Configurations",
                "batch_delete_as_configurations",
            ),
            ("Querying an AS Policy (V2)", "get_as_policy_v2"),
            ("Querying AS configurations", "list_as_configurations"),
            (
                "Executing, Enabling, or Disabling an AS Policy",
                "execute_enable_or_disable_as_policy",
            ),
            ("Querying a Cluster List", "list_clusters"),
            ("Querying the Data Source List", "list_data_sources"),
            ("Querying a List of Jobs", "list_jobs"),
            ("Querying Cluster Details", "get_cluster"),
            ("Querying Information About a Job", "get_job"),
            ("Querying the Image Quota", "get_image_quota"),
            (
                "Querying Images (Native OpenStack API)",
                "list_images_native",
            ),
            (
                "Querying Image Details (Native OpenStack API V1.1, Deprecated)",
                "get_image_native_v1_1",
            ),
            ("Querying Tags of a Resource", "list_tags_of_resource"),
            (
                "Obtaining an Unscoped Token (IdP Initiated)",
                "get_unscoped_token_idp_initiated",
            ),
            ("Logging In to the CAS", "log_in_to_cas"),
            ("Creating a Full-ECS Image", "create_full_ecs_image"),
            (
                "Querying the exe Object List of Jobs",
                "list_exe_objects_of_jobs",
            ),
            (
                "Querying an Image List Schema (Native OpenStack API)",
                "get_image_list_schema_native",
            ),
            (
                "Querying a Schema for an Image Sharing Member List (Native OpenStack API)",
                "get_schema_for_image_sharing_member_list_native",
            ),
            (
                "Creating a Cluster and Running a Job",
                "create_cluster_and_run_job",
            ),
            (
                "Verifying a Token and Returning a Valid Token",
                "verify_token_and_return_valid_token",
            ),
            ("Querying the Details of a VPC", "get_vpc"),
            (
                "Querying Details About a Shared File System",
                "get_shared_file_system",
            ),
            (
                "Querying Details About All Shared File Systems",
                "list_shared_file_systems_details",
            ),
            ("Querying VPC Details", "get_vpc"),
            (
                "Creating an IPsec VPN Connection",
                "create_ipsec_vpn_connection",
            ),
            ("", "operation"),
        ] {
            assert_eq!(operation_name(title), name, "{title}");
        }
    }

    #[test]
    fn type_names() {
        assert_eq!(pascal("scaling_groups"), "ScalingGroups");
        assert_eq!(pascal("__os_bit"), "OsBit");
        assert_eq!(pascal("OS-FEDERATION"), "OsFederation");
        assert_eq!(pascal("ipv6_bandwidth"), "Ipv6Bandwidth");
        assert_eq!(pascal("0"), "T0");
        assert_eq!(pascal(""), "Unnamed");
        assert_eq!(pascal("clusterState"), "ClusterState");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("scaling_groups"), "scaling_group");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(
            prefixed("ScalingGroup", "ScalingGroupStatus"),
            "ScalingGroupStatus"
        );
    }
}
