//! What the fuzz targets in `fuzz_targets/` share: how a body reaches a decoder, the properties
//! every decoder, the webhook parser and every request builder must keep, and the fuzzer's
//! inputs for amounts and requests. A target is a few lines naming what it feeds where.

pub mod amount;
pub mod config;
pub mod decoders;
pub mod echo;
pub mod inputs;
pub mod named;
pub mod params;
pub mod webhook;
