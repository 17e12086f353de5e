//! Properties that define correctness, checked on generated inputs: one
//! test binary, one module a concern.
//!
//! proptest keeps the seeds of past failures in
//! `tests/proptest-regressions/<module>.txt` and replays them first.

mod channel_binding;
mod decode;
mod encoders;
mod layouts;
mod mechanisms;
mod parsers;
mod secret;
#[path = "../shared/secret_forms.rs"]
mod secret_forms;
mod serve;
mod show;
