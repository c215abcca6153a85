//! Wire compatibility with the provider's own PHP client, without that client: the `curl`
//! command line does what it does through libcurl against `forumpay sandbox` (the real binary,
//! as a user starts it). `--anyauth` sends the first request without credentials and Basic only
//! after a 401 that offers it; `-F` posts StartPayment and RequestKyc as multipart/form-data
//! with empty parts for nulls; several URLs in one invocation reuse one connection and repost
//! the same body, as that client's one curl handle does after a StartPayment, and `--next`
//! adds a plain GET on the same connection.
//!
//! curl must be on the machine: the test installs it with apt-get when it is missing, and fails
//! (never skips) when it cannot.

mod common;

use common::{bare, json};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

const USER: &str = "user";
const SECRET: &str = "secret";

/// `forumpay sandbox` on a port the OS picks, stopped (killed and reaped) when dropped.
struct Served {
    child: Child,
    base: String,
    root: String,
}

impl Served {
    fn start() -> Served {
        let mut child = bare()
            .args(["--api-user", USER, "--api-secret", SECRET, "sandbox", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("forumpay sandbox starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut base = None;
        for line in lines.by_ref() {
            let line = line.expect("a line");
            if let Some(url) = line.trim().strip_prefix("base URL:") {
                base = Some(url.trim().to_string());
                break;
            }
        }
        // Keep reading what it prints after: a closed pipe would make its next print fail and
        // take the server down mid-test.
        std::thread::spawn(move || lines.for_each(drop));
        let base = base.expect("the sandbox prints its base URL");
        let root = base.trim_end_matches("api/v2/").trim_end_matches('/').to_string();
        Served { child, base, root }
    }

    fn url(&self, action_and_query: &str) -> String {
        format!("{}{action_and_query}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The curl binary, installed with apt-get if it is missing.
fn curl() -> &'static str {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        let works = || Command::new("curl").arg("--version").output().is_ok_and(|o| o.status.success());
        if works() {
            return;
        }
        let installed = Command::new("sh")
            .args(["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed && works(),
            "the wire-compatibility test needs the curl command line and apt-get could not install it: install curl"
        );
    });
    "curl"
}

/// Runs curl; returns stdout and stderr, failing the test when curl itself fails.
fn run_curl(args: &[&str]) -> (String, String) {
    let out = Command::new(curl()).args(args).output().expect("curl runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "curl {args:?} failed: {stderr}\n{stdout}");
    (stdout, stderr)
}

/// Each transfer of one invocation: its body, status, new connections made and method, from
/// the `-w` marker line written after each.
const MARK: &str = "\n@@ %{http_code} %{num_connects} %{method}\n";

struct Transfer {
    body: Value,
    status: u16,
    new_connections: u32,
    method: String,
}

fn transfers(stdout: &str) -> Vec<Transfer> {
    let mut out = Vec::new();
    let mut body = String::new();
    for line in stdout.split('\n') {
        match line.strip_prefix("@@ ") {
            Some(mark) => {
                let f: Vec<&str> = mark.split(' ').collect();
                out.push(Transfer {
                    body: json(body.trim()),
                    status: f[0].parse().expect("status"),
                    new_connections: f[1].parse().expect("num_connects"),
                    method: f[2].to_string(),
                });
                body.clear();
            }
            None => body.push_str(line),
        }
    }
    out
}

#[test]
fn anyauth_logs_in_after_the_basic_challenge() {
    let served = Served::start();
    let login = format!("{USER}:{SECRET}");
    let (stdout, stderr) = run_curl(&["-sS", "-v", "--anyauth", "-u", &login, &served.url("Ping/")]);
    assert_eq!(json(&stdout), serde_json::json!({"result": "pong"}));
    // First without credentials, offered Basic, then with it.
    assert!(stderr.contains("< HTTP/1.1 401"), "{stderr}");
    assert!(stderr.contains(r#"< www-authenticate: Basic realm="ForumPay API""#) || stderr.contains(r#"< WWW-Authenticate: Basic realm="ForumPay API""#), "{stderr}");
    assert!(stderr.contains("< HTTP/1.1 200"), "{stderr}");
    assert!(!stderr.contains("Closing connection"), "the retry reuses the connection: {stderr}");

    let wrong = format!("{USER}:nope");
    let (stdout, _) = run_curl(&["-sS", "--anyauth", "-u", &wrong, "-w", MARK, &served.url("Ping/")]);
    let t = transfers(&stdout);
    assert_eq!(t[0].status, 401);
    assert_eq!(t[0].body["err_code"], "unauthorized");
}

#[test]
fn multipart_start_payment_and_a_reused_handle() {
    let served = Served::start();
    let login = format!("{USER}:{SECRET}");
    let auth = ["-sS", "--anyauth", "-u", login.as_str()];

    // GetRate as the PHP client sends it: a GET query, nulls left out.
    let rate_query = "GetRate/?pos_id=web&invoice_currency=EUR&invoice_amount=10.00&currency=BTC&accept_zero_confirmations=false&locale=en-GB";
    let (stdout, _) = run_curl(&[&auth[..], &[served.url(rate_query).as_str()]].concat());
    let payment_id = json(&stdout)["payment_id"].as_str().expect("payment_id").to_string();
    let (stdout, _) = run_curl(&[&auth[..], &["-F", "pos_id=web", "-F", "invoice_currency=EUR", "-F", "invoice_amount=20.00", "-F", "currency=LTC", "-F", "reference_no=order-old", served.url("StartPayment/").as_str()]].concat());
    assert!(json(&stdout)["address"].is_string(), "{stdout}");

    // One invocation: StartPayment as multipart, then three "GETs" that repost the same body
    // with their own query (the PHP client's reused handle), then a plain GET (--next).
    let pid = format!("payment_id={payment_id}");
    let form = [
        "-F", "pos_id=web", "-F", "invoice_currency=EUR", "-F", "invoice_amount=10.00", "-F", "currency=BTC",
        "-F", pid.as_str(), "-F", "reference_no=order-wire", "-F", "accept_zero_confirmations=false",
        "-F", "payer_email=", "-F", "payer_id=", "-F", "auto_accept_underpayment=false", "-F", "auto_accept_underpayment_min=",
        "-F", "auto_accept_overpayment=false", "-F", "wallet_app_id=", "-F", "sid=", "-F", "locale=en-GB",
    ];
    let urls = [
        served.url("StartPayment/"),
        served.url("GetTransactions/?offset=0&limit=10&reference_no=order-old&locale=en-GB"),
        served.url("GetTransactions/?offset=0&limit=10&locale=en-GB"),
        served.url("GetRate/?pos_id=web&invoice_currency=EUR&invoice_amount=5.00&currency=BTC&locale=en-GB"),
    ];
    let url_args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let ping = served.url("Ping/");
    let next = ["--next", "-sS", "--anyauth", "-u", login.as_str(), "-w", MARK, ping.as_str()];
    let (stdout, _) = run_curl(&[&auth[..], &["-w", MARK], &form, &url_args, &next].concat());
    let t = transfers(&stdout);
    assert_eq!(t.len(), 5, "{stdout}");

    let started = &t[0].body;
    assert_eq!((t[0].status, t[0].method.as_str()), (200, "POST"), "{started}");
    assert_eq!(started["payment_id"], payment_id.as_str());
    assert_eq!(started["invoice_amount"], "10.00");
    assert!(started["address"].as_str().is_some_and(|a| a.starts_with("btc-")), "{started}");

    // The query wins: only order-old, though the reposted body says order-wire.
    assert_eq!((t[1].status, t[1].method.as_str()), (200, "POST"));
    let old = t[1].body["invoices"].as_array().expect("invoices");
    assert_eq!(old.len(), 1);
    assert_eq!(old[0]["reference_no"], "order-old");
    // A leftover body is no filter either.
    assert_eq!(t[2].body["invoices"].as_array().map(Vec::len), Some(2));
    assert_eq!(t[3].body["invoice_amount"], "5.00");
    assert_eq!((t[4].status, t[4].method.as_str()), (200, "GET"));
    assert_eq!(t[4].body["result"], "pong");
    // One connection for all five, 401s included.
    assert_eq!(t.iter().map(|t| t.new_connections).sum::<u32>(), 1, "{stdout}");

    // The emulator kept the multipart payment as sent: empty parts are absent values.
    let (stdout, _) = run_curl(&["-sS", &format!("{}/sandbox/payments/{payment_id}", served.root)]);
    let payment = json(&stdout);
    assert_eq!(payment["reference_no"], "order-wire");
    assert_eq!(payment["payer_id"], Value::Null);
    assert_eq!(payment["wallet_app_id"], Value::Null);
}

#[test]
fn request_kyc_and_wallet_apps_as_the_php_client_sends_them() {
    let served = Served::start();
    let login = format!("{USER}:{SECRET}");
    let (stdout, _) = run_curl(&["-sS", "--anyauth", "-u", &login, "-F", "email=payer@example.com", "-F", "locale=en-GB", &served.url("RequestKyc/")]);
    assert_eq!(json(&stdout), serde_json::json!({"status": "ok"}));
    let (stdout, _) = run_curl(&["-sS", "--anyauth", "-u", &login, &served.url("GetWalletApps/?locale=en-GB")]);
    let apps = json(&stdout);
    let apps = apps.as_array().expect("a bare list");
    assert!(!apps.is_empty());
    for app in apps {
        assert!(app["id"].is_string() && app["name"].is_string(), "{app}");
    }
}
