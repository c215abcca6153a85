//! The tools for people who run a shop — `watch`, `transactions --all`, `reconcile`,
//! `webhook verify`, completions and the man page — run as the real binary against an
//! in-process sandbox. One test binary for all of them keeps the build short.

#[path = "../common/mod.rs"]
mod common;
mod export;
mod generate;
mod reconcile;
mod support;
mod terminal;
mod watch;
mod webhook;
