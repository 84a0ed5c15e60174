//! Integration tests of `copydesk eval` and `copydesk synth`: one binary, one module per concern.

mod cli;
mod end_to_end;
mod reference;
