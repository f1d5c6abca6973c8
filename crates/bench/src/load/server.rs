//! The `coforum` processes: the generator that fills the database, and the
//! server under load.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

/// Signs the benchmark's access tokens; fixed so a run is repeatable.
const JWT_SECRET: &str = "coforum-load-benchmark-signing-key-not-for-production";

/// Runs `coforum seed-bench` and returns how long it took.
pub fn seed(
    coforum: &Path,
    database_url: &str,
    scale: u32,
    manifest: &Path,
    extra_args: &[String],
    log: &Path,
) -> anyhow::Result<Duration> {
    let log_file = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let started = Instant::now();
    let status = Command::new(coforum)
        .arg("seed-bench")
        .arg("--scale")
        .arg(scale.to_string())
        .arg("--database-url")
        .arg(database_url)
        .arg("--manifest")
        .arg(manifest)
        .args(extra_args)
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .status()
        .with_context(|| format!("running {} seed-bench", coforum.display()))?;
    let took = started.elapsed();
    if !status.success() {
        bail!(
            "coforum seed-bench failed ({status}); its output is in {}",
            log.display()
        );
    }
    Ok(took)
}

/// A running `coforum serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base_url: reqwest::Url,
    log: PathBuf,
}

impl Server {
    /// Starts the server on a free loopback port and waits for `/health`.
    pub async fn start(coforum: &Path, database_url: &str, log: &Path) -> anyhow::Result<Self> {
        let log_file = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let mut child = Command::new(coforum)
            .arg("serve")
            .arg("--database-url")
            .arg(database_url)
            .arg("--listen")
            .arg("127.0.0.1:0")
            // Each simulated client names its own address (see `http`).
            .arg("--trusted-proxies")
            .arg("127.0.0.1")
            .env("COFORUM_JWT_SECRET", JWT_SECRET)
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {} serve", coforum.display()))?;
        let stdout = child.stdout.take().context("the server's standard output")?;
        let (address_sender, address_receiver) = mpsc::channel();
        // The server prints its bound address on standard output; keep
        // reading after that so the pipe never fills and blocks it.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = listening_address(&line) {
                    address_sender.send(address).ok();
                }
            }
        });
        let mut server = Self {
            child,
            base_url: reqwest::Url::parse("http://127.0.0.1/")?,
            log: log.to_owned(),
        };
        let address = match address_receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => bail!(
                "coforum serve did not report its address within a minute; see {}",
                server.log.display()
            ),
        };
        server.base_url = reqwest::Url::parse(&format!("http://{address}/"))?;
        server.wait_until_healthy().await?;
        Ok(server)
    }

    async fn wait_until_healthy(&mut self) -> anyhow::Result<()> {
        let http = reqwest::Client::new();
        let health = self.base_url.join("/health")?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("coforum serve exited ({status}); see {}", self.log.display());
            }
            if let Ok(response) = http.get(health.clone()).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "coforum serve was not healthy within 30 s; see {}",
            self.log.display()
        )
    }

    pub fn pid(&self) -> Option<u32> {
        Some(self.child.id())
    }

    /// Stops the server as an operator would (SIGTERM), killing it if it
    /// has not finished within ten seconds.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        // std can only SIGKILL; `kill` sends SIGTERM without unsafe code.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// The address in "coforum is listening on http://127.0.0.1:PORT/ …".
fn listening_address(line: &str) -> Option<String> {
    let rest = line.strip_prefix("coforum is listening on http://")?;
    let address = rest.split('/').next()?;
    Some(address.to_owned())
}

#[cfg(test)]
mod tests {
    use super::listening_address;

    #[test]
    fn the_bound_address_is_read_from_the_servers_greeting() {
        let line =
            "coforum is listening on http://127.0.0.1:41234/ (GraphQL at http://127.0.0.1:41234/graphql)";
        assert_eq!(listening_address(line).as_deref(), Some("127.0.0.1:41234"));
        assert_eq!(listening_address("Loaded the demo forums."), None);
    }
}
