//! The generated `wait_…` methods of the AS, IMS and MRS clients against the local fake OTC,
//! whose answers change from one poll to the next: success, failure state with the reason the
//! service gave, timeout, a poll refused for good, and a dropped wait that stops polling.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use otc_tests::{FakeOtc, PROJECT_ID};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, Respond, ResponseTemplate};

/// Answers the n-th request with the n-th answer; the last one repeats.
#[derive(Clone)]
struct Sequence {
    answers: Arc<Vec<(u16, Value)>>,
    count: Arc<AtomicUsize>,
}

impl Sequence {
    fn new(answers: Vec<(u16, Value)>) -> Self {
        Self {
            answers: Arc::new(answers),
            count: Arc::default(),
        }
    }

    fn polls(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        let (status, body) = &self.answers[n.min(self.answers.len() - 1)];
        ResponseTemplate::new(*status)
            .insert_header("X-Request-Id", format!("req-poll-{n}").as_str())
            .set_body_json(body)
    }
}

/// Records the waits asked for and returns at once.
#[derive(Debug, Default)]
struct RecordingSleeper(Mutex<Vec<Duration>>);

#[async_trait::async_trait]
impl otc_runtime::Sleeper for RecordingSleeper {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
    }
}

impl RecordingSleeper {
    fn secs(&self) -> Vec<u64> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(Duration::as_secs)
            .collect()
    }
}

async fn mount(fake: &FakeOtc, url_path: String, answers: &Sequence) {
    Mock::given(method("GET"))
        .and(path(url_path))
        .respond_with(answers.clone())
        .mount(fake.server())
        .await;
}

fn client_with(fake: &FakeOtc, sleeper: Arc<dyn otc_runtime::Sleeper>) -> otc_runtime::Client {
    fake.client_builder().sleeper(sleeper).build().unwrap()
}

fn job(status: &str) -> (u16, Value) {
    let mut body =
        json!({"job_id": "job-7", "job_type": "imsCreateImageByInstance", "status": status});
    match status {
        "SUCCESS" => body["entities"] = json!({"image_id": "img-42"}),
        "FAIL" => {
            body["error_code"] = json!("IMG.0009");
            body["fail_reason"] = json!("The ECS is not stopped.");
        }
        _ => {}
    }
    (200, body)
}

#[tokio::test]
async fn ims_job_done_polls_with_backoff_until_success() {
    let fake = FakeOtc::start().await;
    let answers = Sequence::new(vec![
        job("INIT"),
        job("RUNNING"),
        job("RUNNING"),
        job("SUCCESS"),
    ]);
    mount(&fake, format!("/v1/{PROJECT_ID}/jobs/job-7"), &answers).await;
    let sleeper = Arc::new(RecordingSleeper::default());
    let ims = otc_ims::Client::new(client_with(&fake, sleeper.clone()));

    let done = ims.wait_job_done("job-7").await.expect("the job succeeds");

    assert_eq!(
        done.body.status,
        Some(otc_ims::types::GetStatusOfAsynchronousJobResponseStatus::Success)
    );
    let image = done.body.entities.and_then(|e| e.image_id);
    assert_eq!(image.as_deref(), Some("img-42"));
    assert_eq!(answers.polls(), 4);
    // ims.yaml: 5 s doubling up to 30 s.
    assert_eq!(sleeper.secs(), [5, 10, 20]);
    assert_eq!(otc_ims::waiters::JOB_DONE.pending, ["RUNNING", "INIT"]);
}

#[tokio::test]
async fn ims_job_failure_keeps_the_state_and_the_reason() {
    let fake = FakeOtc::start().await;
    let answers = Sequence::new(vec![job("RUNNING"), job("FAIL")]);
    mount(&fake, format!("/v1/{PROJECT_ID}/jobs/job-7"), &answers).await;
    let ims = otc_ims::Client::new(client_with(&fake, Arc::new(RecordingSleeper::default())));

    let error = ims.wait_job_done("job-7").await.expect_err("the job fails");

    assert!(error.is_failure_state(), "{error:?}");
    assert_eq!(error.waiter(), "job_done");
    assert_eq!(error.last_state(), Some("FAIL"));
    assert_eq!(error.reason(), Some("The ECS is not stopped."));
    assert_eq!(error.polls(), 2);
    assert_eq!(answers.polls(), 2);
    assert_eq!(
        error.to_string(),
        format!(
            "ims.wait_job_done: reached the failure state `FAIL` (reason: The ECS is not stopped.), after 2 polls in {:?}",
            error.elapsed()
        )
    );
}

#[tokio::test]
async fn as_activity_done_sends_the_log_id_and_reads_the_first_log() {
    let fake = FakeOtc::start().await;
    let log = |status: &str| {
        (
            200,
            json!({"total_number": 1, "start_number": 0, "limit": 20, "scaling_activity_log": [
                {"id": "log-3", "status": status, "description": "{\"reason\":[{\"change_reason\":\"MANNUAL_ADD\"}]}",
                 "start_time": "2024-05-01T12:00:00Z"}
            ]}),
        )
    };
    let answers = Sequence::new(vec![log("DOING"), log("DOING"), log("SUCCESS")]);
    Mock::given(method("GET"))
        .and(path(format!(
            "/autoscaling-api/v2/{PROJECT_ID}/scaling_activity_log/group-1"
        )))
        .and(query_param("log_id", "log-3"))
        .respond_with(answers.clone())
        .mount(fake.server())
        .await;
    let autoscaling =
        otc_as::Client::new(client_with(&fake, Arc::new(RecordingSleeper::default())));

    let done = autoscaling
        .wait_activity_done("group-1", "log-3")
        .await
        .expect("the activity ends");

    let logs = done.body.scaling_activity_log.unwrap_or_default();
    assert_eq!(logs[0].id.as_deref(), Some("log-3"));
    assert_eq!(answers.polls(), 3, "every poll matched the log_id query");
}

#[tokio::test]
async fn as_group_in_service_reads_the_nested_state() {
    let fake = FakeOtc::start().await;
    let group = |status: &str| {
        (
            200,
            json!({"scaling_group": {"scaling_group_id": "group-1", "scaling_group_status": status}}),
        )
    };
    let answers = Sequence::new(vec![group("PAUSED"), group("INSERVICE")]);
    mount(
        &fake,
        format!("/autoscaling-api/v1/{PROJECT_ID}/scaling_group/group-1"),
        &answers,
    )
    .await;
    let autoscaling =
        otc_as::Client::new(client_with(&fake, Arc::new(RecordingSleeper::default())));

    let done = autoscaling
        .wait_group_in_service("group-1")
        .await
        .expect("in service");
    assert_eq!(
        done.body
            .scaling_group
            .and_then(|g| g.scaling_group_status)
            .as_deref(),
        Some("INSERVICE")
    );
    assert_eq!(answers.polls(), 2);
}

#[tokio::test]
async fn mrs_cluster_running_times_out_with_the_last_state() {
    let fake = FakeOtc::start().await;
    let answers = Sequence::new(vec![(
        200,
        json!({"clusterId": "c-1", "clusterState": "starting"}),
    )]);
    mount(
        &fake,
        format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1"),
        &answers,
    )
    .await;
    let mrs = otc_mrs::Client::new(fake.client());

    let timeout = Duration::from_millis(250);
    let error = mrs
        .wait_cluster_running("c-1")
        .interval(Duration::from_millis(20), Duration::from_millis(50))
        .timeout(timeout)
        .await
        .expect_err("still starting");

    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("starting"));
    assert!(error.elapsed() >= timeout);
    assert_eq!(error.polls() as usize, answers.polls());
    assert!(error.polls() >= 3, "{}", error.polls());
}

#[tokio::test]
async fn mrs_cluster_terminated_ends_on_a_refused_poll_with_the_typed_error() {
    let fake = FakeOtc::start().await;
    let answers = Sequence::new(vec![
        (
            200,
            json!({"clusterId": "c-1", "clusterState": "terminating"}),
        ),
        (
            404,
            json!({"error_code": "MRS.0011", "error_msg": "The cluster does not exist."}),
        ),
    ]);
    mount(
        &fake,
        format!("/v1.1/{PROJECT_ID}/cluster_infos/c-1"),
        &answers,
    )
    .await;
    let mrs = otc_mrs::Client::new(client_with(&fake, Arc::new(RecordingSleeper::default())));

    let error = mrs
        .wait_cluster_terminated("c-1")
        .await
        .expect_err("the poll is refused");

    let poll = error.poll_error().expect("the refused poll is kept");
    assert_eq!(poll.status(), Some(404));
    assert_eq!(poll.service_code().map(|c| c.as_str()), Some("MRS.0011"));
    assert_eq!(poll.request_id(), Some("req-poll-1"));
    assert_eq!(error.last_state(), Some("terminating"));
    assert_eq!(answers.polls(), 2);
}

#[tokio::test]
async fn a_dropped_mrs_job_wait_stops_polling() {
    let fake = FakeOtc::start().await;
    let answers = Sequence::new(vec![(
        200,
        json!({"job_detail": {"job_id": "j-1", "job_state": "RUNNING", "job_result": "UNDEFINED"}}),
    )]);
    mount(
        &fake,
        format!("/v2/{PROJECT_ID}/clusters/c-1/job-executions/j-1"),
        &answers,
    )
    .await;
    let mrs = otc_mrs::Client::new(fake.client());

    let wait = mrs
        .wait_job_finished("c-1", "j-1")
        .interval(Duration::from_millis(10), Duration::from_millis(10));
    let outcome = tokio::time::timeout(Duration::from_millis(200), wait).await;
    assert!(outcome.is_err(), "the job never ends");
    let at_drop = answers.polls();
    assert!(at_drop >= 2, "{at_drop}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        answers.polls(),
        at_drop,
        "no poll after the wait was dropped"
    );
}
