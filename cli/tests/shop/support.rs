//! Helpers of the shop-tool tests: payments made in-process with the SDK's blocking client (fast
//! set-up), and a running `forumpay` whose output is read line by line as it comes.

use crate::common::SECRET;
use forumpay::blocking::Client;
use forumpay::{Config, StartPayment, StartedPayment};
use forumpay_sandbox::Sandbox;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long any single step may take before the test fails instead of hanging. Steps take a
/// second or two; this only bounds a broken run.
pub const LIMIT: Duration = Duration::from_secs(30);

/// An SDK client for setting up payments in `sb`.
pub fn client(sb: &Sandbox) -> Client {
    let config = Config::builder(sb.api_user(), SECRET)
        .base_url(sb.base_url())
        .pos_id("web")
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

/// A payment of `invoice_amount` EUR in `currency` for order `reference`.
pub fn start(
    client: &Client,
    invoice_amount: &str,
    currency: &str,
    reference: &str,
) -> StartedPayment {
    let amount = forumpay::parse_amount("invoice_amount", invoice_amount).expect("amount");
    client
        .start_payment(StartPayment::new("EUR", amount, currency).reference_no(reference))
        .expect("payment starts")
}

/// A `forumpay` process whose stdout arrives line by line.
pub struct Running {
    pid: u32,
    lines: Receiver<String>,
    stderr: Receiver<String>,
    status: Receiver<ExitStatus>,
}

/// Starts `cmd` with `args`, stdin closed unless set, stdout and stderr read in the background.
pub fn spawn(mut cmd: Command, args: &[&str]) -> Running {
    let mut child: Child = cmd
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let pid = child.id();
    let (line_tx, lines) = channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line_tx.send(line).is_err() {
                break;
            }
        }
    });
    let (err_tx, stderr) = channel();
    let mut err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        let _ = err_tx.send(text);
    });
    let (status_tx, status) = channel();
    std::thread::spawn(move || {
        if let Ok(s) = child.wait() {
            let _ = status_tx.send(s);
        }
    });
    Running {
        pid,
        lines,
        stderr,
        status,
    }
}

impl Running {
    /// The next line on stdout.
    pub fn line(&self) -> String {
        match self.lines.recv_timeout(LIMIT) {
            Ok(line) => line,
            Err(_) => {
                self.kill();
                panic!("no line on stdout within {LIMIT:?}");
            }
        }
    }

    /// Sends SIGINT, as Ctrl-C at a terminal does.
    pub fn interrupt(&self) {
        let pid = libc::pid_t::try_from(self.pid).expect("pid");
        // SAFETY: kill(2) with our own child's pid and a valid signal number.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    }

    fn kill(&self) {
        if let Ok(pid) = libc::pid_t::try_from(self.pid) {
            // SAFETY: as above; the child may already be gone, which is harmless.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }

    /// Waits for the exit: its status, the stdout lines not read yet, and all of stderr. No
    /// output may hold the api secret.
    pub fn finish(self) -> (ExitStatus, Vec<String>, String) {
        let status = match self.status.recv_timeout(LIMIT) {
            Ok(s) => s,
            Err(_) => {
                self.kill();
                panic!("forumpay did not exit within {LIMIT:?}");
            }
        };
        let rest: Vec<String> = self.lines.iter().collect();
        let stderr = self.stderr.recv_timeout(LIMIT).unwrap_or_default();
        assert!(!stderr.contains(SECRET) && !rest.iter().any(|l| l.contains(SECRET)));
        (status, rest, stderr)
    }
}

/// CSV output parsed: its header and each row as column → value.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed row");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}
