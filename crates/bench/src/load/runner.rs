//! The load loop: N clients, each sending its next request as soon as the
//! previous one is answered (closed loop), for a warm-up and then a measured
//! window.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use hdrhistogram::Histogram;

use super::http::{GraphqlClient, Outcome, PreparedRequest};
use super::process::{CpuUse, measure_window};

/// Where a scenario's requests come from.
#[derive(Clone)]
pub enum RequestSource {
    /// Reads and sign-ins, repeated round-robin; each client keeps to its
    /// own share of the list (see `owned_requests`).
    Cycle(Arc<[PreparedRequest]>),
    /// Writes that must each happen once, such as one voter's ballot in one
    /// round; the scenario ends early when they run out.
    Once(Arc<OnceQueue>),
}

/// Requests handed out once each, with a count of acknowledged ones per
/// slot (a round), to check afterwards that nothing acknowledged was lost.
pub struct OnceQueue {
    requests: Vec<(PreparedRequest, usize)>,
    next: AtomicUsize,
    acknowledged: Vec<AtomicU64>,
}

impl OnceQueue {
    /// `requests` pairs each request with its slot, below `slots`.
    pub fn new(requests: Vec<(PreparedRequest, usize)>, slots: usize) -> Self {
        Self {
            requests,
            next: AtomicUsize::new(0),
            acknowledged: (0..slots).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn take(&self) -> Option<&(PreparedRequest, usize)> {
        self.requests.get(self.next.fetch_add(1, Ordering::Relaxed))
    }

    fn acknowledge(&self, slot: usize) {
        if let Some(count) = self.acknowledged.get(slot) {
            count.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Acknowledged requests per slot so far.
    pub fn acknowledged(&self) -> Vec<u64> {
        self.acknowledged
            .iter()
            .map(|count| count.load(Ordering::Relaxed))
            .collect()
    }

    /// How many requests there are in all.
    pub fn total(&self) -> usize {
        self.requests.len()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub concurrency: usize,
    pub warmup: Duration,
    pub duration: Duration,
    /// The server's process, to measure its CPU time over the window.
    pub server_pid: Option<u32>,
}

/// One scenario at one concurrency.
pub struct Measurement {
    /// Successful answers that arrived inside the measured window.
    pub completed: u64,
    /// Failed answers, warm-up included: any is a fault to report.
    pub errors: u64,
    pub first_error: Option<String>,
    /// Microseconds, of the answers counted in `completed`.
    pub latency: Histogram<u64>,
    /// The measured window: shorter than planned when the requests ran out.
    pub window: Duration,
    pub ran_out: bool,
    /// CPU time over the planned window (the whole of it, even if the requests ran out).
    pub cpu: CpuUse,
}

impl Measurement {
    pub fn per_second(&self) -> f64 {
        let seconds = self.window.as_secs_f64();
        if seconds > 0.0 {
            self.completed as f64 / seconds
        } else {
            0.0
        }
    }

    pub fn percentile_ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// The requests client `index` of `concurrency` takes turns with: its own
/// share when there are enough to go round, so that no request (a sign-in
/// of one account) is sent by more clients at once than it must be; else
/// the clients share them evenly.
fn owned_requests(index: usize, concurrency: usize, count: usize) -> Vec<usize> {
    if count == 0 {
        return Vec::new();
    }
    if count >= concurrency {
        (index..count).step_by(concurrency.max(1)).collect()
    } else {
        vec![index % count]
    }
}

/// The most clients that send the same request at once: the sign-in rate
/// limit counts attempts in flight for one email as failures.
pub fn clients_per_request(concurrency: usize, count: usize) -> usize {
    if count == 0 {
        concurrency
    } else {
        concurrency.div_ceil(count)
    }
}

/// Latencies from 1 µs to 10 minutes at 3 significant digits.
fn new_histogram() -> anyhow::Result<Histogram<u64>> {
    Histogram::new_with_bounds(1, 600_000_000, 3).context("creating a latency histogram")
}

struct ClientTally {
    completed: u64,
    errors: u64,
    first_error: Option<String>,
    latency: Histogram<u64>,
    last_answer: Option<Instant>,
    ran_out: bool,
}

/// Runs `plan.concurrency` clients against `base_url` and merges what they saw.
pub async fn drive(
    base_url: &reqwest::Url,
    source: &RequestSource,
    plan: Plan,
) -> anyhow::Result<Measurement> {
    let clients = (0..plan.concurrency.max(1))
        .map(|_| GraphqlClient::new(base_url))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let started = Instant::now();
    let measure_from = started + plan.warmup;
    let measure_until = measure_from + plan.duration;
    let concurrency = clients.len();
    let cpu = tokio::spawn(measure_window(plan.server_pid, measure_from, measure_until));
    let mut tasks = Vec::with_capacity(concurrency);
    for (index, client) in clients.into_iter().enumerate() {
        let source = source.clone();
        let latency = new_histogram()?;
        tasks.push(tokio::spawn(async move {
            run_client(
                client,
                source,
                index,
                concurrency,
                latency,
                measure_from,
                measure_until,
            )
            .await
        }));
    }
    let mut merged = Measurement {
        completed: 0,
        errors: 0,
        first_error: None,
        latency: new_histogram()?,
        window: plan.duration,
        ran_out: false,
        cpu: CpuUse::default(),
    };
    let mut last_answer: Option<Instant> = None;
    for task in tasks {
        let tally = task.await.context("a load client panicked")?;
        merged.completed += tally.completed;
        merged.errors += tally.errors;
        if merged.first_error.is_none() {
            merged.first_error = tally.first_error;
        }
        merged
            .latency
            .add(&tally.latency)
            .context("merging latency histograms")?;
        merged.ran_out |= tally.ran_out;
        last_answer = last_answer.max(tally.last_answer);
    }
    merged.cpu = cpu.await.unwrap_or_default();
    if merged.ran_out {
        // Throughput over the time there was work, not the planned window.
        merged.window = last_answer.map_or(Duration::ZERO, |last| {
            last.saturating_duration_since(measure_from)
        });
    }
    Ok(merged)
}

async fn run_client(
    client: GraphqlClient,
    source: RequestSource,
    index: usize,
    concurrency: usize,
    latency: Histogram<u64>,
    measure_from: Instant,
    measure_until: Instant,
) -> ClientTally {
    let mut tally = ClientTally {
        completed: 0,
        errors: 0,
        first_error: None,
        latency,
        last_answer: None,
        ran_out: false,
    };
    let owned = match &source {
        RequestSource::Cycle(requests) => owned_requests(index, concurrency, requests.len()),
        RequestSource::Once(_) => Vec::new(),
    };
    let mut turn = 0;
    loop {
        let sent = Instant::now();
        if sent >= measure_until {
            break;
        }
        let (request, slot) = match &source {
            RequestSource::Cycle(requests) => {
                let Some(request) = owned
                    .get(turn % owned.len().max(1))
                    .and_then(|&i| requests.get(i))
                else {
                    tally.ran_out = true;
                    break;
                };
                turn += 1;
                (request, None)
            }
            RequestSource::Once(queue) => match queue.take() {
                Some((request, slot)) => (request, Some(*slot)),
                None => {
                    tally.ran_out = true;
                    break;
                }
            },
        };
        let outcome = client.send_and_check(request).await;
        let answered = Instant::now();
        match outcome {
            Outcome::Ok => {
                if let (Some(slot), RequestSource::Once(queue)) = (slot, &source) {
                    queue.acknowledge(slot);
                }
                // Answers are counted where they land: a request sent in the
                // warm-up and answered inside the window counts, so slow
                // operations at high concurrency are not under-counted.
                if answered >= measure_from && answered <= measure_until {
                    tally.completed += 1;
                    let micros = u64::try_from((answered - sent).as_micros()).unwrap_or(u64::MAX);
                    tally.latency.saturating_record(micros.max(1));
                    tally.last_answer = Some(answered);
                }
            }
            Outcome::Failed(message) => {
                tally.errors += 1;
                tally.first_error.get_or_insert(message);
            }
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_share_out_requests_without_overlap_when_there_are_enough() {
        let shares: Vec<Vec<usize>> = (0..3).map(|i| owned_requests(i, 3, 8)).collect();
        assert_eq!(shares, vec![vec![0, 3, 6], vec![1, 4, 7], vec![2, 5]]);
        assert_eq!(clients_per_request(3, 8), 1);
    }

    #[test]
    fn fewer_requests_than_clients_are_shared_evenly() {
        let shares: Vec<Vec<usize>> = (0..5).map(|i| owned_requests(i, 5, 2)).collect();
        assert_eq!(shares, vec![vec![0], vec![1], vec![0], vec![1], vec![0]]);
        assert_eq!(clients_per_request(5, 2), 3);
        assert_eq!(clients_per_request(64, 8), 8);
        assert_eq!(clients_per_request(64, 16), 4);
    }
}
