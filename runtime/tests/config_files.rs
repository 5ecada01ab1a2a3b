//! `clouds.yaml`, `secure.yaml` and `OS_*` variables, read from a temporary directory and
//! an explicit variable map, so nothing depends on the machine running the tests.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLOUDS: &str = r#"
clouds:
  otc:
    region_name: eu-de
    interface: public
    identity_api_version: 3
    api_timeout: 30
    connect_timeout: "2.5"
    operation_timeout: 600
    as_endpoint_override: https://as-proxy.example/otc
    image_endpoint_override: https://ims-proxy.example
    auth:
      auth_url: https://iam.eu-de.otc.t-systems.com:443/v3
      username: alice
      password: "0171-secret"
      user_domain_name: OTC-EU-DE-00000000001000000001
      project_name: eu-de_project
  keys:
    region_name: eu-nl
    auth:
      ak: AKFROMFILE
      sk: sk-from-file
      project_id: "0123456789abcdef0123456789abcdef"
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}

fn loader(dir: &Path, env: &[(&str, &str)]) -> rt::ConfigLoader {
    rt::ConfigLoader::with_env(env.iter().copied()).search_dirs([dir])
}

fn file_error(
    err: rt::ConfigError,
) -> (
    PathBuf,
    Option<usize>,
    Option<usize>,
    Option<String>,
    String,
) {
    match err {
        rt::ConfigError::File {
            path,
            line,
            column,
            key,
            reason,
        } => (path, line, column, key, reason),
        other => panic!("not a file error: {other:?}"),
    }
}

#[test]
fn password_cloud_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "clouds.yaml", CLOUDS);
    let config = loader(dir.path(), &[]).load(Some("otc")).unwrap();
    assert_eq!(config.cloud.as_deref(), Some("otc"));
    assert_eq!(config.files, [file]);
    assert_eq!(config.region.as_deref(), Some("eu-de"));
    assert_eq!(config.attempt_timeout, Some(Duration::from_secs(30)));
    assert_eq!(config.connect_timeout, Some(Duration::from_millis(2500)));
    assert_eq!(config.operation_timeout, Some(Duration::from_secs(600)));
    assert_eq!(config.endpoints["as"], "https://as-proxy.example/otc");
    assert_eq!(config.endpoints["image"], "https://ims-proxy.example");
    let rt::Auth::Password(p) = &config.auth else {
        panic!("{:?}", config.auth)
    };
    assert_eq!(p.auth_url, "https://iam.eu-de.otc.t-systems.com:443/v3");
    assert_eq!(p.user_name, "alice");
    assert_eq!(p.password.expose(), "0171-secret");
    assert_eq!(p.user_domain_name, "OTC-EU-DE-00000000001000000001");
    assert_eq!(
        p.scope,
        rt::ProjectScope::Name {
            name: "eu-de_project".into(),
            domain_name: "OTC-EU-DE-00000000001000000001".into()
        }
    );
}

#[test]
fn os_cloud_selects_and_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clouds.yaml", CLOUDS);
    let config = loader(
        dir.path(),
        &[
            ("OS_CLOUD", "keys"),
            ("OS_REGION_NAME", "eu-de"),
            ("OS_SECURITY_TOKEN", "temp-token"),
            ("OS_API_TIMEOUT", "5"),
            ("OS_IMS_ENDPOINT_OVERRIDE", "https://ims-env.example"),
            ("OS_PROJECT_ID", ""), // blank: unset
        ],
    )
    .load(None)
    .unwrap();
    assert_eq!(config.cloud.as_deref(), Some("keys"));
    assert_eq!(config.region.as_deref(), Some("eu-de"));
    assert_eq!(config.attempt_timeout, Some(Duration::from_secs(5)));
    assert_eq!(config.endpoints["ims"], "https://ims-env.example");
    let rt::Auth::AkSk(a) = &config.auth else {
        panic!("{:?}", config.auth)
    };
    assert_eq!(a.access_key, "AKFROMFILE");
    assert_eq!(a.secret_key.expose(), "sk-from-file");
    assert_eq!(a.security_token.as_ref().unwrap().expose(), "temp-token");
    assert_eq!(
        a.project_id.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    // A name given in code wins over OS_CLOUD.
    let config = loader(dir.path(), &[("OS_CLOUD", "keys")])
        .load(Some("otc"))
        .unwrap();
    assert_eq!(config.cloud.as_deref(), Some("otc"));
}

#[test]
fn secure_yaml_supplies_the_password() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      username: bob\n      \
         user_domain_name: D\n      project_id: p-9\n",
    );
    let secure = write(
        dir.path(),
        "secure.yaml",
        "clouds:\n  otc:\n    auth:\n      password: from-secure\n  other:\n    auth:\n      password: x\n",
    );
    let config = loader(dir.path(), &[]).load(Some("otc")).unwrap();
    assert_eq!(config.files.last(), Some(&secure));
    let rt::Auth::Password(p) = &config.auth else {
        panic!()
    };
    assert_eq!(p.password.expose(), "from-secure");
    assert_eq!(p.scope, rt::ProjectScope::Id("p-9".into()));
    // No auth_url: derived from the region.
    assert_eq!(p.auth_url, "https://iam.eu-de.otc.t-systems.com/v3");
    assert_eq!(config.project_id.as_deref(), Some("p-9"));
}

#[test]
fn the_only_cloud_is_used_without_a_name_and_several_need_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  solo:\n    auth:\n      token: tok-solo\n",
    );
    let config = loader(dir.path(), &[]).load(None).unwrap();
    assert_eq!(config.cloud.as_deref(), Some("solo"));
    assert!(matches!(config.auth, rt::Auth::Token(_)));

    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clouds.yaml", CLOUDS);
    let err = loader(dir.path(), &[]).load(None).unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.contains("keys, otc") && shown.contains("OS_CLOUD"),
        "{shown}"
    );
}

#[test]
fn an_unknown_cloud_lists_the_file_and_the_clouds() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "clouds.yaml", CLOUDS);
    let err = loader(dir.path(), &[]).load(Some("prod")).unwrap_err();
    match &err {
        rt::ConfigError::UnknownCloud {
            name,
            files,
            available,
        } => {
            assert_eq!(name, "prod");
            assert_eq!(files, std::slice::from_ref(&file));
            assert_eq!(available, &["keys", "otc"]);
        }
        other => panic!("{other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains(&file.display().to_string()), "{shown}");

    let empty = tempfile::tempdir().unwrap();
    let err = loader(empty.path(), &[("OS_CLOUD", "prod")])
        .load(None)
        .unwrap_err();
    assert!(err.to_string().contains("no clouds.yaml found"), "{err}");
}

#[test]
fn search_order_and_explicit_file() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    write(
        first.path(),
        "clouds.yml",
        "clouds:\n  a:\n    auth:\n      token: t\n",
    );
    write(
        second.path(),
        "clouds.yaml",
        "clouds:\n  b:\n    auth:\n      token: t\n",
    );
    let config = rt::ConfigLoader::with_env(Vec::<(String, String)>::new())
        .search_dirs([first.path(), second.path()])
        .load(None)
        .unwrap();
    assert_eq!(config.cloud.as_deref(), Some("a"));

    let explicit = write(
        second.path(),
        "mine.yaml",
        "clouds:\n  c:\n    auth:\n      token: t\n",
    );
    let config = loader(
        first.path(),
        &[("OS_CLIENT_CONFIG_FILE", explicit.to_str().unwrap())],
    )
    .load(None)
    .unwrap();
    assert_eq!(config.cloud.as_deref(), Some("c"));

    let missing = second.path().join("nope.yaml");
    let err = loader(
        first.path(),
        &[("OS_CLIENT_CONFIG_FILE", missing.to_str().unwrap())],
    )
    .load(None)
    .unwrap_err();
    let (file, ..) = file_error(err.clone());
    assert_eq!(file, missing);
    assert!(err.to_string().contains("OS_CLIENT_CONFIG_FILE"), "{err}");
}

#[test]
fn standard_directories_follow_home() {
    let home = tempfile::tempdir().unwrap();
    let loader = rt::ConfigLoader::with_env([("HOME", home.path().to_str().unwrap())]);
    let dirs = loader.search_dirs_in_use();
    assert_eq!(dirs[0], std::env::current_dir().unwrap());
    assert_eq!(dirs[1], home.path().join(".config/openstack"));
    assert_eq!(dirs[2], Path::new("/etc/openstack"));
    let config_dir = home.path().join(".config/openstack");
    std::fs::create_dir_all(&config_dir).unwrap();
    write(
        &config_dir,
        "clouds.yaml",
        "clouds:\n  home:\n    auth:\n      token: t\n",
    );
    // (The crate directory, the current directory of tests, has no clouds.yaml.)
    let config = loader.load(Some("home")).unwrap();
    assert_eq!(config.files, [config_dir.join("clouds.yaml")]);
}

#[test]
fn environment_alone() {
    let empty = tempfile::tempdir().unwrap();
    let config = loader(
        empty.path(),
        &[
            ("OS_USERNAME", "carol"),
            ("OS_PASSWORD", " spaces kept "),
            ("OS_USER_DOMAIN_NAME", "OTC-EU-DE-1"),
            ("OS_PROJECT_NAME", "eu-de"),
            ("OS_REGION_NAME", "eu-de"),
            ("OS_AS_ENDPOINT_OVERRIDE", "http://127.0.0.1:9/as"),
            ("OS_CONNECT_TIMEOUT", "3"),
            ("OS_OPERATION_TIMEOUT", "0.5"),
        ],
    )
    .load_env()
    .unwrap();
    assert_eq!(config.cloud, None);
    assert!(config.files.is_empty());
    let rt::Auth::Password(p) = &config.auth else {
        panic!()
    };
    assert_eq!(p.password.expose(), " spaces kept ");
    assert_eq!(p.auth_url, "https://iam.eu-de.otc.t-systems.com/v3");
    assert_eq!(config.endpoints["as"], "http://127.0.0.1:9/as");
    assert_eq!(config.connect_timeout, Some(Duration::from_secs(3)));
    assert_eq!(config.operation_timeout, Some(Duration::from_millis(500)));

    // from_env ignores files unless OS_CLOUD names a cloud.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clouds.yaml", CLOUDS);
    let config = loader(dir.path(), &[("OS_TOKEN", "t")]).load_env().unwrap();
    assert!(config.files.is_empty());
    assert!(matches!(config.auth, rt::Auth::Token(_)));
    let config = loader(dir.path(), &[("OS_CLOUD", "keys")])
        .load_env()
        .unwrap();
    assert!(matches!(config.auth, rt::Auth::AkSk(_)));
}

#[test]
fn missing_credentials_say_what_and_where() {
    let empty = tempfile::tempdir().unwrap();
    let err = loader(empty.path(), &[]).load_env().unwrap_err();
    assert!(
        matches!(&err, rt::ConfigError::Missing { what, .. } if what == "credentials"),
        "{err:?}"
    );
    let err = loader(empty.path(), &[("OS_ACCESS_KEY", "AK")])
        .load_env()
        .unwrap_err();
    assert!(err.to_string().contains("OS_SECRET_KEY"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      username: u\n      user_domain_name: d\n      project_name: p\n",
    );
    let err = loader(dir.path(), &[]).load(Some("otc")).unwrap_err();
    let shown = err.to_string();
    for part in [
        "the password",
        "cloud \"otc\"",
        &file.display().to_string(),
        "OS_PASSWORD",
        "secure.yaml",
    ] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }
}

#[test]
fn syntax_errors_give_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  otc:\n    auth: {username: alice\n    region_name: eu-de\n",
    );
    let err = loader(dir.path(), &[]).load(Some("otc")).unwrap_err();
    let shown = err.to_string();
    let (path, line, column, _, _) = file_error(err);
    assert_eq!(path, file);
    assert!(line.is_some() && column.is_some(), "{shown}");
    assert!(
        shown.starts_with(&format!("{}, line ", file.display())),
        "{shown}"
    );
}

#[test]
fn type_errors_give_line_column_and_key() {
    let cases: &[(&str, &str, usize, &str)] = &[
        (
            "clouds:\n  otc:\n    region_name: [eu-de]\n",
            "clouds.otc.region_name",
            3,
            "expected a string",
        ),
        (
            "clouds:\n  otc:\n    auth:\n      project_id: 12345\n",
            "clouds.otc.auth.project_id",
            4,
            "put the value in quotes",
        ),
        (
            "clouds:\n  otc:\n    auth:\n      auth_url: iam.eu-de.otc.t-systems.com\n",
            "clouds.otc.auth.auth_url",
            4,
            "not a usable URL",
        ),
        (
            "clouds:\n  otc:\n    api_timeout: -1\n",
            "clouds.otc.api_timeout",
            3,
            "negative",
        ),
        (
            "clouds:\n  otc:\n    connect_timeout: soon\n",
            "clouds.otc.connect_timeout",
            3,
            "seconds",
        ),
        (
            "clouds:\n  otc:\n    auth: just-a-string\n",
            "clouds.otc.auth",
            3,
            "",
        ),
        ("clouds: [a, b]\n", "clouds", 1, ""),
    ];
    for (text, key, line, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "clouds.yaml", text);
        let err = loader(dir.path(), &[]).load(Some("otc")).unwrap_err();
        let shown = err.to_string();
        let (_, got_line, column, got_key, got_reason) = file_error(err);
        assert_eq!(got_key.as_deref(), Some(*key), "{shown}");
        assert_eq!(got_line, Some(*line), "{shown}");
        assert!(column.is_some(), "{shown}");
        assert!(got_reason.contains(reason), "{shown}");
        assert!(
            shown.contains(&format!("line {line}, column")) && shown.contains(key),
            "{shown}"
        );
    }
}

#[test]
fn bad_overrides_and_variables_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clouds.yaml",
        "clouds:\n  otc:\n    as_endpoint_override: not-a-url\n    auth:\n      token: t\n",
    );
    let err = loader(dir.path(), &[]).load(Some("otc")).unwrap_err();
    let (_, _, _, key, reason) = file_error(err);
    assert_eq!(key.as_deref(), Some("clouds.otc.as_endpoint_override"));
    assert!(reason.contains("not a usable URL"), "{reason}");

    let empty = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("OS_API_TIMEOUT", "abc"),
        ("OS_OPERATION_TIMEOUT", "-3"),
        ("OS_AUTH_URL", "iam.example"),
        ("OS_AS_ENDPOINT_OVERRIDE", "ftp://x"),
    ] {
        let err = loader(empty.path(), &[("OS_TOKEN", "t"), (var, value)])
            .load_env()
            .unwrap_err();
        assert!(
            matches!(&err, rt::ConfigError::Env { var: v, .. } if v == var),
            "{var}: {err:?}"
        );
    }
    let err = loader(empty.path(), &[("OS_AUTH_TYPE", "saml"), ("OS_TOKEN", "t")])
        .load_env()
        .unwrap_err();
    assert!(err.to_string().contains("saml"), "{err}");
}

#[test]
fn odd_files_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    // Empty file: no clouds, so the environment alone is used.
    write(dir.path(), "clouds.yaml", "");
    let config = loader(dir.path(), &[("OS_TOKEN", "t")]).load(None).unwrap();
    assert_eq!(config.cloud, None);
    // Not UTF-8.
    let bad = dir.path().join("bin.yaml");
    std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
    let err = loader(
        dir.path(),
        &[("OS_CLIENT_CONFIG_FILE", bad.to_str().unwrap())],
    )
    .load(None)
    .unwrap_err();
    assert!(err.to_string().contains("cannot be read"), "{err}");
    // Other shapes.
    for text in [
        "just text",
        "- a\n- b\n",
        "clouds:\n",
        "clouds: {otc: null}\n",
        "\t\"",
        "clouds:\n  otc:\n    auth:\n      username: &a x\n      password: *a\n",
    ] {
        write(dir.path(), "clouds.yaml", text);
        let _ = loader(dir.path(), &[("OS_TOKEN", "t")]).load(Some("otc"));
    }
}

#[tokio::test]
async fn a_cloud_with_aksk_signs_requests_to_its_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .and(header("x-project-id", "p-cfg"))
        .and(header_exists("x-sdk-date"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clouds.yaml",
        &format!(
            "clouds:\n  otc:\n    region_name: eu-de\n    as_endpoint_override: {}\n    \
             auth:\n      access_key: AKCFG\n      secret_key: sk-cfg\n      project_id: p-cfg\n",
            server.uri()
        ),
    );
    let client = loader(dir.path(), &[])
        .from_cloud(Some("otc"))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.region(), Some("eu-de"));
    assert_eq!(client.project_id::<String>().await.unwrap(), "p-cfg");
    client.execute::<String>(list_groups()).await.unwrap();
    let sent = &server.received_requests().await.unwrap()[0];
    let authorization = sent.headers["authorization"].to_str().unwrap();
    assert!(
        authorization.starts_with("SDK-HMAC-SHA256 Access=AKCFG, SignedHeaders="),
        "{authorization}"
    );
}

#[tokio::test]
async fn a_password_cloud_gets_a_token_and_uses_the_catalog() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    mount_iam(
        &server,
        clock.clone(),
        Duration::from_secs(86_400),
        Duration::ZERO,
        1,
    )
    .await;
    Mock::given(method("GET"))
        .and(path(list_groups_path()))
        .and(header("x-auth-token", "tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clouds.yaml",
        &format!(
            "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: {}/v3\n      \
             username: alice\n      user_domain_name: OTC-EU-DE-1\n      project_name: eu-de_test\n",
            server.uri()
        ),
    );
    let client = loader(
        dir.path(),
        &[("OS_CLOUD", "otc"), ("OS_PASSWORD", PASSWORD)],
    )
    .from_env()
    .unwrap()
    .clock(clock)
    .build()
    .unwrap();
    client.execute::<String>(list_groups()).await.unwrap();
    let iam: serde_json::Value = server.received_requests().await.unwrap()[0]
        .body_json()
        .unwrap();
    assert_eq!(
        iam["auth"]["identity"]["password"]["user"]["password"],
        PASSWORD
    );
}

#[test]
fn process_entry_points_exist() {
    // Whatever this machine's environment holds, reading it must not panic.
    let _ = rt::ClientBuilder::from_env();
    let _ = rt::ClientBuilder::from_cloud(Some("surely-not-configured-here"));
}
