//! A real SMTP server for tests: aiosmtpd (Python), started on a free port,
//! keeping what it receives in a Maildir the test reads. When Python cannot
//! import it, it is installed once with pip into cargo's temporary folder,
//! so `cargo test` needs only a `python3` on the machine.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct SmtpSink {
    pub port: u16,
    child: Child,
    maildir: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn python() -> String {
    std::env::var("COFORUM_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// The `PYTHONPATH` under which aiosmtpd imports, installing it if need be.
fn python_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aiosmtpd");
        let path = target.display().to_string();
        let imports = || {
            Command::new(python())
                .args(["-c", "import aiosmtpd"])
                .env("PYTHONPATH", &path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !imports() {
            let installed = Command::new(python())
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--target",
                ])
                .arg(&target)
                .arg("aiosmtpd")
                .status()
                .expect("python3 runs pip");
            assert!(installed.success() && imports(), "pip could not install aiosmtpd");
        }
        path
    })
}

impl SmtpSink {
    /// Starts a server on a free port; panics with how to install aiosmtpd
    /// when Python cannot find it.
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// Starts a server on `port` (to bring one back where mail was going).
    pub fn start_on(port: u16) -> Self {
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python())
            .env("PYTHONPATH", python_path())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the tests' SMTP server");
        let sink = Self { port, child, maildir };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let start = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as raw text.
    pub fn received(&self) -> Vec<String> {
        let new: PathBuf = self.maildir.path().join("mail").join("new");
        let Ok(entries) = std::fs::read_dir(new) else {
            return Vec::new();
        };
        let mut messages: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        messages.sort();
        messages
    }

    /// Stops the server: mail sent now finds nobody listening.
    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
