//! Integration tests of `copydesk scan`: one binary, one module per concern.

mod bad_input;
mod boilerplate;
mod common;
mod determinism;
mod formats;
mod hardening;
mod help;
mod html;
mod inputs;
mod learn;
mod mail;
mod outputs;
mod progress;
mod readme;
mod reference;
mod seeds;
mod spun;
