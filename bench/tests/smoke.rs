//! The benchmark command runs end to end at a tiny size (`--quick`), the language runners
//! included when their interpreters exist. Benchmarks are not tests: no figure is checked, only
//! that every section is there and no Rust measurement failed (the binary exits 1 if one did).

use std::process::Command;

#[test]
fn quick_run_prints_every_section() {
    let output = Command::new(env!("CARGO_BIN_EXE_forumpay-bench"))
        .args(["--quick", "--no-write"])
        .output()
        .expect("the benchmark binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "exit {}\n{stdout}\n{stderr}", output.status);
    for section in [
        "## Sequential CheckPayment",
        "## Concurrent CheckPayment",
        "## Decoding a GetTransactions page",
        "## Sequential GetTransactions of 50 records",
        "## Emulator throughput",
        "## Scale: concurrent `watch_payment` streams",
        "## Targets of issue 17",
        "| rust | forumpay::Client (Rust) |",
        "| rust | raw hyper (floor) |",
    ] {
        assert!(stdout.contains(section), "missing {section:?} in\n{stdout}");
    }
}

#[test]
fn bad_flags_are_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_forumpay-bench")).arg("--no-such-flag").arg("1").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
