//! The generated `wait_…` methods of the AS, IMS and MRS clients against each service's fake
//! (`otc_<svc>::fake`), whose answers change from one poll to the next: success, failure state
//! with the reason the service gave, timeout, a poll refused for good, and a dropped wait that
//! stops polling.
// Test values are built with `Default` and field assignment, which keeps working when the
// generated types become `#[non_exhaustive]` (a struct literal would not).
#![allow(clippy::field_reassign_with_default)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use otc_ims::types::{
    GetStatusOfAsynchronousJobResponse as Job, GetStatusOfAsynchronousJobResponseEntities,
    GetStatusOfAsynchronousJobResponseStatus as JobStatus,
};

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

/// A runtime client of `cloud` whose waits return at once (and are recorded).
fn instant_client(
    cloud: &otc_runtime::fake::FakeCloud,
    sleeper: Arc<RecordingSleeper>,
) -> otc_runtime::Client {
    cloud.client_builder().sleeper(sleeper).build().unwrap()
}

fn job(status: JobStatus) -> Job {
    let mut job = Job::default();
    job.job_id = Some("job-7".into());
    job.status = Some(status.clone());
    match status {
        JobStatus::Success => {
            let mut entities = GetStatusOfAsynchronousJobResponseEntities::default();
            entities.image_id = Some("img-42".into());
            job.entities = Some(entities);
        }
        JobStatus::Fail => {
            job.error_code = Some("IMG.0009".into());
            job.fail_reason = Some("The ECS is not stopped.".into());
        }
        _ => {}
    }
    job
}

#[tokio::test]
async fn ims_job_done_polls_with_backoff_until_success() {
    let fake = otc_ims::fake::Fake::start().await;
    let jobs = fake.get_status_of_asynchronous_job();
    jobs.respond(job(JobStatus::Init))
        .then_respond(job(JobStatus::Running))
        .then_respond(job(JobStatus::Running))
        .then_respond(job(JobStatus::Success));
    let sleeper = Arc::new(RecordingSleeper::default());
    let ims = otc_ims::Client::new(instant_client(fake.cloud(), sleeper.clone()));

    let done = ims.wait_job_done("job-7").await.expect("the job succeeds");

    assert_eq!(done.body.status, Some(JobStatus::Success));
    let image = done.body.entities.and_then(|e| e.image_id);
    assert_eq!(image.as_deref(), Some("img-42"));
    let polls = jobs.requests();
    assert_eq!(polls.len(), 4);
    assert!(
        polls
            .iter()
            .all(|r| r.path_param("job_id") == Some("job-7"))
    );
    assert!(
        polls
            .iter()
            .all(|r| r.path_param("project_id") == Some(otc_runtime::fake::PROJECT_ID))
    );
    // ims.yaml: 5 s doubling up to 30 s.
    assert_eq!(sleeper.secs(), [5, 10, 20]);
    assert_eq!(otc_ims::waiters::JOB_DONE.pending, ["RUNNING", "INIT"]);
}

#[tokio::test]
async fn ims_job_failure_keeps_the_state_and_the_reason() {
    let fake = otc_ims::fake::Fake::start().await;
    let jobs = fake.get_status_of_asynchronous_job();
    jobs.respond(job(JobStatus::Running))
        .then_respond(job(JobStatus::Fail));
    let ims = otc_ims::Client::new(instant_client(fake.cloud(), Arc::default()));

    let error = ims.wait_job_done("job-7").await.expect_err("the job fails");

    assert!(error.is_failure_state(), "{error:?}");
    assert_eq!(error.waiter(), "job_done");
    assert_eq!(error.last_state(), Some("FAIL"));
    assert_eq!(error.reason(), Some("The ECS is not stopped."));
    assert_eq!(error.polls(), 2);
    assert_eq!(jobs.request_count(), 2, "no poll after the failure state");
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
    use otc_as::types::{
        ListScalingActionLogsV2Response as Logs,
        ListScalingActionLogsV2ResponseScalingActivityLog as Log, ScalingActivityLogStatus,
    };
    let log = |status: ScalingActivityLogStatus| {
        let mut log = Log::default();
        log.id = Some("log-3".into());
        log.status = Some(status);
        log.description = Some(r#"{"reason":[{"change_reason":"MANNUAL_ADD"}]}"#.into());
        let mut logs = Logs::default();
        logs.total_number = Some(1);
        logs.scaling_activity_log = vec![log];
        logs
    };
    let fake = otc_as::fake::Fake::start().await;
    let activity = fake.list_scaling_action_logs_v2();
    activity
        .respond(log(ScalingActivityLogStatus::Doing))
        .then_respond(log(ScalingActivityLogStatus::Doing))
        .then_respond(log(ScalingActivityLogStatus::Success));
    let autoscaling = otc_as::Client::new(instant_client(fake.cloud(), Arc::default()));

    let done = autoscaling
        .wait_activity_done("group-1", "log-3")
        .await
        .expect("the activity ends");

    let logs = done.body.scaling_activity_log;
    assert_eq!(logs[0].status, Some(ScalingActivityLogStatus::Success));
    let polls = activity.requests();
    assert_eq!(polls.len(), 3);
    for poll in &polls {
        assert_eq!(poll.path_param("scaling_group_id"), Some("group-1"));
        assert_eq!(poll.query_param("log_id"), Some("log-3"));
    }
}

#[tokio::test]
async fn as_group_in_service_reads_the_nested_state() {
    use otc_as::types::{GetAsGroupResponse, ScalingGroup};
    let group = |status: &str| {
        let mut group = ScalingGroup::default();
        group.scaling_group_id = Some("group-1".into());
        group.scaling_group_status = Some(status.into());
        let mut answer = GetAsGroupResponse::default();
        answer.scaling_group = Some(group);
        answer
    };
    let fake = otc_as::fake::Fake::start().await;
    let groups = fake.get_as_group();
    groups
        .respond(group("PAUSED"))
        .then_respond(group("INSERVICE"));
    let autoscaling = otc_as::Client::new(instant_client(fake.cloud(), Arc::default()));

    let done = autoscaling
        .wait_group_in_service("group-1")
        .await
        .expect("in service");
    assert_eq!(
        done.body.scaling_group.and_then(|g| g.scaling_group_status),
        Some(otc_as::types::ScalingGroupStatus::Inservice)
    );
    assert_eq!(groups.request_count(), 2);
}

fn cluster(state: otc_mrs::types::ClusterState) -> otc_mrs::types::GetClusterResponse {
    let mut cluster = otc_mrs::types::GetClusterResponse::default();
    cluster.cluster_id = Some("c-1".into());
    cluster.cluster_state = Some(state);
    cluster
}

#[tokio::test]
async fn mrs_cluster_running_times_out_with_the_last_state() {
    let fake = otc_mrs::fake::Fake::start().await;
    let clusters = fake.get_cluster();
    clusters.respond(cluster(otc_mrs::types::ClusterState::Starting));
    // The fake's own client: real waits, shortened for the test.
    let mrs = fake.client();

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
    assert_eq!(error.polls() as usize, clusters.request_count());
    assert!(error.polls() >= 3, "{}", error.polls());
}

#[tokio::test]
async fn mrs_cluster_terminated_ends_on_a_refused_poll_with_the_typed_error() {
    let fake = otc_mrs::fake::Fake::start().await;
    let clusters = fake.get_cluster();
    clusters
        .respond(cluster(otc_mrs::types::ClusterState::Terminating))
        .then_fail(otc_mrs::ErrorCode::E12000003, "The cluster does not exist.");
    let mrs = otc_mrs::Client::new(instant_client(fake.cloud(), Arc::default()));

    let error = mrs
        .wait_cluster_terminated("c-1")
        .await
        .expect_err("the poll is refused");

    let poll = error.poll_error().expect("the refused poll is kept");
    assert_eq!(
        poll.status(),
        Some(400),
        "the status documented for 12000003"
    );
    assert_eq!(poll.service_code(), Some(&otc_mrs::ErrorCode::E12000003));
    assert_eq!(
        poll.as_service().and_then(|e| e.message()),
        Some("The cluster does not exist.")
    );
    assert_eq!(error.last_state(), Some("terminating"));
    assert_eq!(clusters.request_count(), 2);
}

#[tokio::test]
async fn a_dropped_mrs_job_wait_stops_polling() {
    let fake = otc_mrs::fake::Fake::start().await;
    let mut detail = otc_mrs::types::JobDetail::default();
    detail.job_id = Some("j-1".into());
    detail.job_state = Some("RUNNING".into());
    detail.job_result = Some("UNDEFINED".into());
    let mut answer = otc_mrs::types::GetJobResponse::default();
    answer.job_detail = Some(detail);
    let jobs = fake.get_job();
    jobs.respond(answer);
    let mrs = fake.client();

    let wait = mrs
        .wait_job_finished("c-1", "j-1")
        .interval(Duration::from_millis(10), Duration::from_millis(10));
    let outcome = tokio::time::timeout(Duration::from_millis(200), wait).await;
    assert!(outcome.is_err(), "the job never ends");
    let at_drop = jobs.request_count();
    assert!(at_drop >= 2, "{at_drop}");
    // The fake serves on its own thread, so the one poll in flight at the
    // drop may be counted afterwards. Still polling would add about twenty.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = jobs.request_count();
    assert!(
        after <= at_drop + 1,
        "no poll after the wait was dropped: {at_drop} at the drop, {after} later"
    );
}
