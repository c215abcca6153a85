//! A real Redis server for a test: Debian's `redis-server` (installed by `make redis-server`)
//! on a loopback port the OS chose, without persistence, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};

/// A running (or stopped) `redis-server` owned by the test.
pub struct RedisServer {
    port: u16,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server on a free loopback port; returns once it accepts connections.
    pub fn start() -> RedisServer {
        // The OS picks a free port; it is released just before redis-server binds it.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut server = RedisServer { port, child: None };
        server.restart();
        server
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Starts the server again on the same port (after [`RedisServer::stop`]), empty.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        let binary = std::env::var("FORUMPAY_REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_string());
        let mut child = Command::new(&binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {binary} ({e}): `make redis-server` installs Debian's redis-server"));
        // Its log says when it accepts connections: no polling, no sleep.
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let ready = lines.by_ref().map_while(Result::ok).any(|line| line.contains("Ready to accept connections"));
        assert!(ready, "redis-server on port {} exited before it was ready", self.port);
        // Keep draining its log so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        self.child = Some(child);
    }

    /// Stops the server (SIGKILL: as if its host went away) and waits for it to be gone.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
