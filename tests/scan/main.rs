//! Integration tests of `copydesk scan`: one binary, one module per concern.

mod bad_input;
mod boilerplate;
mod common;
mod determinism;
mod formats;
mod hardening;
mod html;
mod inputs;
mod learn;
mod mail;
mod progress;
mod reference;
mod seeds;
mod spun;
