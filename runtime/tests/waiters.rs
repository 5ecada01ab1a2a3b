//! The waiter loop against a loopback server whose job state changes from one poll to the
//! next: success, failure state with its reason, timeout, transient and permanent poll
//! errors, and a dropped wait that stops polling.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::*;
use otc_runtime as rt;
use otc_runtime::waiter::{Observation, Wait, WaitErrorKind, WaiterSpec};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

static JOB_DONE: WaiterSpec = WaiterSpec {
    service: "ims",
    name: "job_done",
    success: &["SUCCESS"],
    failure: &["FAIL"],
    pending: &["RUNNING", "INIT"],
    initial_interval: Duration::from_secs(2),
    max_interval: Duration::from_secs(10),
    timeout: Duration::from_secs(600),
};

const JOB_PATH: &str = "/v1/p1/jobs/job-1";

/// Answers the n-th poll with the n-th step (the last one repeats): a job state, or an
/// HTTP error status.
#[derive(Clone)]
struct Steps {
    steps: Vec<Step>,
    count: Arc<AtomicUsize>,
}

#[derive(Clone)]
enum Step {
    State(&'static str),
    Status(u16),
}

impl Steps {
    fn new(steps: Vec<Step>) -> Self {
        Self {
            steps,
            count: Arc::default(),
        }
    }

    fn polls(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Respond for Steps {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        let step = &self.steps[n.min(self.steps.len() - 1)];
        match step {
            Step::State(state) => {
                let mut body = json!({"job_id": "job-1", "status": state});
                if *state == "FAIL" {
                    body["fail_reason"] = json!("IMG.0023: the image file is broken");
                }
                ResponseTemplate::new(200).set_body_json(body)
            }
            Step::Status(status) => ResponseTemplate::new(*status)
                .insert_header("X-Request-Id", format!("rid-{n}").as_str())
                .set_body_json(
                    json!({"error": {"code": "IMG.0001", "message": format!("poll {n} refused")}}),
                ),
        }
    }
}

async fn server(steps: &Steps) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(JOB_PATH))
        .respond_with(steps.clone())
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, sleeper: Arc<dyn rt::Sleeper>) -> rt::Client {
    rt::Client::builder()
        .endpoint("ims", server.uri())
        .retry(rt::RetryPolicy::never())
        .sleeper(sleeper)
        .build()
        .unwrap()
}

/// The wait the generated `wait_job_done` builds: GET the job, read `status` and `fail_reason`.
fn wait_for_job(client: &rt::Client) -> Wait<rt::Response<Value>> {
    let poller = client.clone();
    Wait::new(
        client,
        &JOB_DONE,
        move || {
            let client = poller.clone();
            async move {
                let mut req = rt::Request::new(http::Method::GET, &IMS, "get_job");
                req.path_literal(JOB_PATH);
                client.execute::<String>(req).await?.json::<Value, String>()
            }
        },
        |r: &rt::Response<Value>| {
            Observation::new(r.body["status"].as_str(), r.body["fail_reason"].as_str())
        },
    )
}

#[tokio::test]
async fn polls_with_doubling_waits_until_the_success_state() {
    let steps = Steps::new(vec![
        Step::State("INIT"),
        Step::State("RUNNING"),
        Step::State("RUNNING"),
        Step::State("RUNNING"),
        Step::State("SUCCESS"),
    ]);
    let server = server(&steps).await;
    let sleeper = RecordingSleeper::new();
    let done = wait_for_job(&client(&server, sleeper.clone()))
        .await
        .expect("the job succeeds");
    assert_eq!(done.body["status"], "SUCCESS");
    assert_eq!(steps.polls(), 5);
    let secs: Vec<u64> = sleeper.delays().iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [2, 4, 8, 10], "doubling from 2 s, capped at 10 s");
}

#[tokio::test]
async fn a_failure_state_ends_the_wait_with_the_state_and_the_reason() {
    let steps = Steps::new(vec![Step::State("RUNNING"), Step::State("FAIL")]);
    let server = server(&steps).await;
    let error = wait_for_job(&client(&server, RecordingSleeper::new()))
        .await
        .expect_err("the job fails");
    assert!(error.is_failure_state(), "{error:?}");
    assert_eq!(error.last_state(), Some("FAIL"));
    assert_eq!(error.reason(), Some("IMG.0023: the image file is broken"));
    assert_eq!(error.polls(), 2);
    assert_eq!(steps.polls(), 2, "no poll after the failure state");
    let text = error.to_string();
    assert!(
        text.starts_with("ims.wait_job_done: reached the failure state `FAIL`"),
        "{text}"
    );
    assert!(
        text.contains("(reason: IMG.0023: the image file is broken), after 2 polls"),
        "{text}"
    );
}

#[tokio::test]
async fn the_deadline_ends_the_wait_with_the_last_state_seen() {
    let steps = Steps::new(vec![Step::State("INIT"), Step::State("RUNNING")]);
    let server = server(&steps).await;
    let timeout = Duration::from_millis(300);
    let error = wait_for_job(&client(&server, Arc::new(rt::TokioSleeper)))
        .interval(Duration::from_millis(20), Duration::from_millis(80))
        .timeout(timeout)
        .await
        .expect_err("never done");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.last_state(), Some("RUNNING"));
    assert!(error.elapsed() >= timeout, "{:?}", error.elapsed());
    assert!(error.polls() >= 3, "{}", error.polls());
    assert_eq!(error.polls() as usize, steps.polls());
    assert!(error.poll_error().is_none());
    assert!(
        error.to_string().contains("; last state `RUNNING`"),
        "{error}"
    );
}

#[tokio::test]
async fn waits_never_pass_the_deadline() {
    let steps = Steps::new(vec![Step::State("RUNNING")]);
    let server = server(&steps).await;
    let sleeper = RecordingSleeper::new();
    // A sleeper that does not sleep: the polls come at once, so the deadline is only
    // reached by the test's own clock; one second is plenty for a handful of loopback polls,
    // and every wait asked for must be cut to what is left of it.
    let error = wait_for_job(&client(&server, sleeper.clone()))
        .interval(Duration::from_secs(5), Duration::from_secs(60))
        .timeout(Duration::from_secs(1))
        .await
        .expect_err("never done");
    assert!(error.is_timeout());
    assert!(
        sleeper
            .delays()
            .iter()
            .all(|d| *d <= Duration::from_secs(1)),
        "{:?}",
        sleeper.delays()
    );
}

#[tokio::test]
async fn transient_poll_errors_are_polled_through() {
    let steps = Steps::new(vec![
        Step::State("RUNNING"),
        Step::Status(503),
        Step::Status(429),
        Step::State("SUCCESS"),
    ]);
    let server = server(&steps).await;
    let done = wait_for_job(&client(&server, RecordingSleeper::new()))
        .await
        .expect("503 and 429 do not end the wait");
    assert_eq!(done.body["status"], "SUCCESS");
    assert_eq!(steps.polls(), 4);
}

#[tokio::test]
async fn a_transient_error_at_the_deadline_is_kept() {
    let steps = Steps::new(vec![Step::State("RUNNING"), Step::Status(503)]);
    let server = server(&steps).await;
    let error = wait_for_job(&client(&server, Arc::new(rt::TokioSleeper)))
        .interval(Duration::from_millis(20), Duration::from_millis(40))
        .timeout(Duration::from_millis(200))
        .await
        .expect_err("never done");
    assert!(error.is_timeout());
    assert_eq!(
        error.last_state(),
        Some("RUNNING"),
        "the state before the errors"
    );
    let last = error.poll_error().expect("the 503 is kept");
    assert_eq!(last.status(), Some(503));
    assert!(
        error.to_string().contains("; last poll failed: "),
        "{error}"
    );
}

#[tokio::test]
async fn a_permanent_poll_error_ends_the_wait_and_keeps_the_error_whole() {
    let steps = Steps::new(vec![Step::State("RUNNING"), Step::Status(404)]);
    let server = server(&steps).await;
    let error = wait_for_job(&client(&server, RecordingSleeper::new()))
        .await
        .expect_err("the job vanished");
    let WaitErrorKind::Poll(poll) = error.kind() else {
        panic!("{error:?}");
    };
    assert_eq!(poll.status(), Some(404));
    assert_eq!(poll.service_code().map(String::as_str), Some("IMG.0001"));
    assert_eq!(poll.request_id(), Some("rid-1"));
    assert_eq!(error.last_state(), Some("RUNNING"));
    assert_eq!(error.polls(), 2);
    assert_eq!(steps.polls(), 2);
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_dropped_wait_stops_polling() {
    let steps = Steps::new(vec![Step::State("RUNNING")]);
    let server = server(&steps).await;
    let wait = wait_for_job(&client(&server, Arc::new(rt::TokioSleeper)))
        .interval(Duration::from_millis(10), Duration::from_millis(10));
    let outcome = tokio::time::timeout(Duration::from_millis(150), wait).await;
    assert!(outcome.is_err(), "still running when dropped");
    let polls_at_drop = steps.polls();
    assert!(polls_at_drop >= 2, "{polls_at_drop}");
    // The server answers on its own thread, so the one poll in flight at the
    // drop may be counted afterwards. Still polling would add about twenty.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = steps.polls();
    assert!(
        after <= polls_at_drop + 1,
        "no poll after the drop: {polls_at_drop} at the drop, {after} later"
    );
}
