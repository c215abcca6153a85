//! Completions and the man page come from the same clap definitions: every new subcommand is in
//! them, the bash script parses, and no secret from the environment leaks into them.

use crate::common::{bare, run, SECRET};

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let mut cmd = bare();
        cmd.env("FORUMPAY_API_SECRET", SECRET);
        let (out, script, stderr) = run(cmd, &["completions", shell]);
        assert!(out.status.success(), "{shell}: {stderr}");
        for name in [
            "watch",
            "reconcile",
            "webhook",
            "transactions",
            "show-secrets",
        ] {
            assert!(script.contains(name), "{shell} completions lack {name}");
        }
    }
    let (_, script, _) = run(bare(), &["completions", "bash"]);
    // CI itself runs in bash (`bash .ci/run`), so it is there to parse the script.
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn the_man_page_documents_every_command_and_the_exit_status() {
    let mut cmd = bare();
    cmd.env("FORUMPAY_API_SECRET", SECRET);
    let (out, page, _) = run(cmd, &["man"]);
    assert!(out.status.success());
    assert!(
        page.starts_with(".ie") || page.contains(".TH forumpay 1"),
        "{page}"
    );
    for text in [
        "watch",
        "reconcile",
        "webhook",
        "FORUMPAY_API_SECRET",
        "130",
    ] {
        assert!(page.contains(text), "man page lacks {text}");
    }

    let dir = std::env::temp_dir().join(format!("forumpay-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (out, _, stderr) = run(bare(), &["man", "--out-dir", dir.to_str().expect("path")]);
    let watch = std::fs::read_to_string(dir.join("forumpay-watch.1")).unwrap_or_default();
    let verify = dir.join("forumpay-webhook-verify.1").exists();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{stderr}");
    assert!(watch.contains("interval"), "{watch}");
    assert!(verify);
}
