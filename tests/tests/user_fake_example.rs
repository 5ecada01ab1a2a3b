//! The example of README.md, "Testing your code without a cloud", as a test: a user's
//! function that imports an image and waits for its job, tested against the IMS fake.
// Test values are built with `Default` and field assignment, which keeps working when the
// generated types become `#[non_exhaustive]` (a struct literal would not).
#![allow(clippy::field_reassign_with_default)]

use std::time::Duration;

use otc_ims::types::{
    GetStatusOfAsynchronousJobResponse as Job,
    GetStatusOfAsynchronousJobResponseStatus as JobStatus, ImportImageFileQuicklyRequest,
    ImportImageFileQuicklyRequestRequired, ImportImageFileQuicklyResponse,
};

/// The user's code: import an image file, then wait for the import job.
async fn import_image(
    ims: &otc_ims::Client,
    name: &str,
    url: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let request = ImportImageFileQuicklyRequest::new(ImportImageFileQuicklyRequestRequired {
        name: name.into(),
        image_url: url.into(),
        min_disk: 40,
    });
    let started = ims.import_image_file_quickly(request).send().await?;
    let job_id = started.body.job_id.ok_or("no job id")?;
    let done = ims
        .wait_job_done(job_id)
        .interval(Duration::from_millis(10), Duration::from_millis(50))
        .await?;
    let image = done.body.entities.and_then(|e| e.image_id);
    Ok(image.ok_or("no image id")?)
}

#[tokio::test]
async fn import_image_waits_for_the_job() {
    let fake = otc_ims::fake::Fake::start().await;

    let mut accepted = ImportImageFileQuicklyResponse::default();
    accepted.job_id = Some("job-1".into());
    fake.import_image_file_quickly().respond(accepted);

    let mut running = Job::default();
    running.status = Some(JobStatus::Running);
    let mut done = Job::default();
    done.status = Some(JobStatus::Success);
    done.entities = Some(Default::default());
    if let Some(entities) = done.entities.as_mut() {
        entities.image_id = Some("img-1".into());
    }
    let jobs = fake.get_status_of_asynchronous_job();
    jobs.respond(running).then_respond(done);

    let image = import_image(&fake.client(), "web", "bucket:web.qcow2")
        .await
        .expect("imported");

    assert_eq!(image, "img-1");
    let sent = fake.import_image_file_quickly().requests();
    let body = sent[0].body.as_ref().expect("a typed body");
    assert_eq!(body.image_url, "bucket:web.qcow2");
    assert_eq!(jobs.requests()[1].path_param("job_id"), Some("job-1"));
}

#[tokio::test]
async fn import_image_reports_a_refusal() {
    let fake = otc_ims::fake::Fake::start().await;
    fake.import_image_file_quickly().fail(
        otc_ims::ErrorCode::Img0009,
        "The image name already exists.",
    );

    let error = import_image(&fake.client(), "web", "bucket:web.qcow2")
        .await
        .expect_err("refused");

    assert!(error.to_string().contains("IMG.0009"), "{error}");
}
