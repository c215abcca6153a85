//! The Rust runner of the shared conformance suite (`tests/conformance/*.json`, format in its
//! README): every scenario runs against a fresh in-process sandbox. A step the runner cannot
//! execute fails the scenario; nothing is skipped.

mod args;
mod matcher;
mod scenario;
mod steps;

use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_suite() {
    let files = scenario_files();
    assert!(!files.is_empty(), "no scenarios found");
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for file in &files {
        let label = file.file_name().unwrap().to_string_lossy().to_string();
        match scenario::run_file(file, &mut names).await {
            Ok(()) => {}
            Err(why) => {
                println!("FAILED  {label}: {why}");
                failures.push(format!("{label}: {why}"));
            }
        }
    }
    let passed = files.len() - failures.len();
    println!("conformance (rust): {} scenarios run", files.len());
    println!("conformance: {passed} passed, {} failed", failures.len());
    assert!(failures.is_empty(), "{} scenario(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// The runner itself must fail, not skip, on a step it cannot execute.
#[tokio::test]
async fn runner_fails_on_what_it_cannot_execute() {
    let dir = std::env::temp_dir().join(format!("forumpay-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        r#"{"name": "a", "steps": [{"call": "no_such_call", "args": {}}]}"#,
        r#"{"name": "b", "steps": [{"call": "ping", "args": {"surprise": 1}}]}"#,
        r#"{"name": "c", "steps": [{"sandbox": "teleport", "args": {}}]}"#,
        r#"{"name": "d", "steps": [{"call": "ping", "args": {}, "expect": {"result": "peng"}}]}"#,
        r#"{"name": "e", "steps": [{"call": "ping", "args": {}, "expect_error": {"code": "timeout"}}]}"#,
        r#"{"name": "f", "steps": [{"call": "ping", "args": {}, "unknown_key": true}]}"#,
        r#"{"name": "g", "steps": [{"call": "check_payment", "args": {"payment_id": "$never", "currency": "BTC", "address": "a"}}]}"#,
    ];
    for (i, case) in cases.iter().enumerate() {
        let file = dir.join(format!("case{i}.json"));
        std::fs::write(&file, case).unwrap();
        let mut names = std::collections::HashSet::new();
        assert!(scenario::run_file(&file, &mut names).await.is_err(), "case {i} should fail");
    }
    std::fs::remove_dir_all(&dir).ok();
}
