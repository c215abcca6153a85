//! Output through a real pseudo-terminal (openpty) shows the live line; the same commands with
//! pipes do not write a carriage return or an escape code anywhere.

use crate::common::{against, run, sandbox};
use crate::support::{client, start, LIMIT};
use std::fs::File;
use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::sync::mpsc::channel;

/// Erase-line, the live line's redraw.
const ERASE: &str = "\r\x1b[2K";

/// Runs `cmd` with stdout and stderr on a new pseudo-terminal of 120 columns; returns the exit
/// code and everything the terminal received.
fn through_pty(mut cmd: Command) -> (Option<i32>, String) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: 40,
        ws_col: 120,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors into the locals and reads `size`; no name buffer
    // or termios is passed.
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(opened, 0, "openpty");
    // SAFETY: both descriptors were just opened for us and are owned by nothing else.
    let (master, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
    let slave_err = slave.try_clone().expect("dup");
    cmd.env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::from(slave_err));
    let mut child = cmd.spawn().expect("spawns");
    // The parent's copies of the terminal's end are closed here, so that reading the master
    // ends (EIO) once the child has exited.
    drop(cmd);
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut master = master;
        let mut seen = Vec::new();
        let mut chunk = [0u8; 4096];
        while let Ok(n) = master.read(&mut chunk) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&chunk[..n]);
        }
        let _ = tx.send(seen);
    });
    let status = child.wait().expect("exits");
    let seen = rx.recv_timeout(LIMIT).expect("terminal output");
    (status.code(), String::from_utf8_lossy(&seen).into_owned())
}

#[test]
fn watch_shows_a_live_line_on_a_terminal_only() {
    let sb = sandbox();
    let p = start(&client(&sb), "10.00", "BTC", "order-tty");
    let args = [
        "watch",
        &p.payment_id,
        "--currency",
        "BTC",
        "--address",
        &p.address,
        "--interval",
        "1",
        "--timeout",
        "2",
    ];
    let mut cmd = against(&sb);
    cmd.args(args);
    let (code, screen) = through_pty(cmd);
    assert_eq!(code, Some(5), "{screen}");
    assert!(screen.contains(ERASE), "{screen:?}");
    let live = format!(
        "waiting · paid 0.00000000 of {} BTC · confirmations 0/1 · ",
        p.amount
    );
    assert!(
        screen.contains(&live) && screen.contains(" left"),
        "{screen:?}"
    );

    let (out, stdout, stderr) = run(against(&sb), &args);
    assert_eq!(out.status.code(), Some(5));
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains('\r') && !text.contains('\x1b') && !text.contains(" left"),
            "{text:?}"
        );
    }
    assert!(stdout.contains("  waiting  paid "), "{stdout}");
}

#[test]
fn an_export_shows_its_progress_on_a_terminal_only() {
    let sb = sandbox();
    let c = client(&sb);
    for i in 0..60 {
        start(&c, "1.00", "BTC", &format!("order-{i}"));
    }
    let mut cmd = against(&sb);
    cmd.args(["transactions", "--all", "--format", "csv"]);
    let (code, screen) = through_pty(cmd);
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains(ERASE), "{screen:?}");
    assert!(
        screen.contains(" page 1 · 50 payments") && screen.contains(" page 2 · 60 payments"),
        "{screen:?}"
    );
    assert!(screen.contains("60 payments from 2 pages"), "{screen:?}");

    let mut cmd = against(&sb);
    cmd.stdout(Stdio::null());
    let (out, _, stderr) = run(cmd, &["transactions", "--all", "--format", "csv"]);
    assert!(out.status.success());
    assert!(stderr.is_empty(), "{stderr:?}");
}
