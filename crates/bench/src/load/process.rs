//! What the server and the driver use of the machine: CPU time over a
//! measured window, and the server's peak memory. On two cores shared by
//! both, and by whatever else the machine runs, CPU time per request is
//! steadier than requests per second.

use std::time::{Duration, Instant};

/// Linux's clock tick for `/proc/<pid>/stat` times; 100 on every usual kernel.
const TICKS_PER_SECOND: u64 = 100;

/// User plus system CPU time of a process so far (`self` for this one).
pub fn process_cpu(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after its ')' do not.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 1000 / TICKS_PER_SECOND))
}

/// A process's peak resident memory so far (VmHWM), in KiB.
pub fn peak_memory_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// CPU time used by the server and the driver over a window.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuUse {
    pub server: Option<Duration>,
    pub driver: Option<Duration>,
}

fn sample(server_pid: Option<u32>) -> (Option<Duration>, Option<Duration>) {
    let server = server_pid.and_then(|pid| process_cpu(&pid.to_string()));
    (server, process_cpu("self"))
}

/// Samples at `from` and at `until`, sleeping in between.
pub async fn measure_window(server_pid: Option<u32>, from: Instant, until: Instant) -> CpuUse {
    tokio::time::sleep_until(from.into()).await;
    let (server_before, driver_before) = sample(server_pid);
    tokio::time::sleep_until(until.into()).await;
    let (server_after, driver_after) = sample(server_pid);
    let spent = |before: Option<Duration>, after: Option<Duration>| Some(after?.saturating_sub(before?));
    CpuUse {
        server: spent(server_before, server_after),
        driver: spent(driver_before, driver_after),
    }
}

#[cfg(test)]
mod tests {
    use super::{peak_memory_kib, process_cpu};

    #[test]
    fn this_process_has_a_cpu_time() {
        let mut spin = 0u64;
        for i in 0..5_000_000u64 {
            spin = spin.wrapping_add(i * i);
        }
        assert!(spin > 0);
        assert!(process_cpu("self").is_some());
        assert!(process_cpu("not-a-pid").is_none());
        assert!(peak_memory_kib(std::process::id()).is_some_and(|kib| kib > 0));
    }
}
