//! Quickstart: typed AS, IMS, MRS and VPC calls, the IAM token flow underneath, and one typed
//! service error.
//!
//! With no credentials in the environment it starts a local fake OTC endpoint on loopback and
//! talks to that. With `OS_CLOUD` (a cloud in `clouds.yaml`) or the `OS_*` variables
//! (`OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`, `OS_USER_DOMAIN_NAME`, `OS_PROJECT_NAME`,
//! `OS_REGION_NAME`; or `OS_ACCESS_KEY`/`OS_SECRET_KEY` with `OS_PROJECT_ID`), the same
//! program calls the real cloud: read-only calls, and the refused one asks for a group that
//! does not exist.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use otc_runtime::{Client, ClientBuilder, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (runtime, _fake) = match real_cloud_from_env()? {
        Some(client) => {
            println!("Using the real cloud (credentials from clouds.yaml / OS_* variables).");
            (client, None)
        }
        None => {
            let fake = otc_tests::FakeOtc::start().await;
            fake.mount_quickstart_data().await;
            println!(
                "No OS_* credentials set: using a local fake OTC at {}.",
                fake.uri()
            );
            (fake.client(), Some(fake))
        }
    };

    let project = runtime.project_id::<String>().await?;
    println!("Token obtained; project {project}.\n");

    // Auto Scaling: list groups, then read one in full.
    let autoscaling = otc_as::Client::new(runtime.clone());
    let listed = autoscaling.list_as_groups().limit(20).send().await?;
    println!(
        "AS: {} group(s) (request id {}):",
        listed.body.total_number.unwrap_or_default(),
        listed.request_id.as_deref().unwrap_or("-")
    );
    let groups = listed.body.scaling_groups;
    for g in &groups {
        println!(
            "  {:<16} {:<10} {} instance(s), created {}",
            g.scaling_group_name.as_deref().unwrap_or("?"),
            g.scaling_group_status
                .as_ref()
                .map_or("?", otc_as::types::ScalingGroupStatus::as_str),
            g.current_instance_number.unwrap_or_default(),
            g.create_time.as_deref().unwrap_or("?"),
        );
    }
    if let Some(id) = groups.first().and_then(|g| g.scaling_group_id.clone()) {
        let group = autoscaling.get_as_group(id).send().await?.into_body();
        if let Some(g) = group.scaling_group {
            println!(
                "  first group: cool-down {} s, health check {}, removal policy {}",
                g.cool_down_time.unwrap_or_default(),
                g.health_periodic_audit_method.as_deref().unwrap_or("?"),
                g.instance_terminate_policy.as_deref().unwrap_or("?"),
            );
        }
    }

    // Image Management: the first images.
    let images = otc_ims::Client::new(runtime.clone())
        .list_images()
        .limit(5)
        .send()
        .await?;
    println!("\nIMS: {} image(s):", images.body.images.len());
    for image in images.body.images {
        println!(
            "  {:<32} {:<8} min disk {} GB",
            image.name.as_deref().unwrap_or("?"),
            image
                .status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            image.min_disk.unwrap_or_default(),
        );
    }

    // MapReduce: clusters.
    let clusters = otc_mrs::Client::new(runtime.clone())
        .list_clusters()
        .page_size(10)
        .current_page(1)
        .send()
        .await?;
    println!(
        "\nMRS: {} cluster(s):",
        clusters.body.cluster_total.unwrap_or(0)
    );
    for c in clusters.body.clusters {
        println!(
            "  {:<12} {:<8} {} node(s), {}",
            c.cluster_name.as_deref().unwrap_or("?"),
            c.cluster_state
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            c.total_node_num.as_deref().unwrap_or("?"),
            c.cluster_version.as_deref().unwrap_or("?"),
        );
    }

    // Virtual Private Cloud: the VPCs of the project (VPC API v1).
    let vpcs = otc_vpc::Client::new(runtime.clone())
        .list_vpcs_v1()
        .limit(10)
        .send()
        .await?;
    let vpcs = vpcs.body.vpcs;
    println!("\nVPC: {} VPC(s):", vpcs.len());
    for v in &vpcs {
        println!(
            "  {:<12} {:<16} {}",
            v.name.as_deref().unwrap_or("?"),
            v.cidr.as_deref().unwrap_or("?"),
            v.status.as_deref().unwrap_or("?"),
        );
    }

    // A refused call: a typed service error with code, message and request id.
    println!();
    match autoscaling
        .get_as_group("00000000-no-such-group")
        .send()
        .await
    {
        Err(Error::Service(e)) => {
            println!("AS refused, as expected: {e}");
            if let Some(code) = e.code() {
                println!(
                    "  typed code {code:?}; documented as HTTP {:?}: {}",
                    code.http_statuses(),
                    code.message().unwrap_or("-")
                );
                if let Some(doc) = code.documentation().first() {
                    println!("  solution: {}", doc.solution.unwrap_or("-"));
                }
            }
        }
        Err(other) => return Err(other.into()),
        Ok(_) => println!("That group exists after all."),
    }
    Ok(())
}

/// A client for the real cloud when credentials are configured: a `clouds.yaml` cloud named by
/// `OS_CLOUD`, or the `OS_*` variables (password or AK/SK). See runtime/CONFIGURATION.md.
fn real_cloud_from_env() -> Result<Option<Client>, Box<dyn std::error::Error>> {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    let builder = if set("OS_CLOUD") {
        ClientBuilder::from_cloud(None)?
    } else if set("OS_AUTH_URL") || set("OS_ACCESS_KEY") {
        ClientBuilder::from_env()?
    } else {
        return Ok(None);
    };
    Ok(Some(builder.build()?))
}
