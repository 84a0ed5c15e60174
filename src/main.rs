//! The copydesk command: parses arguments and dispatches to one subcommand.

// Production code never unwraps: user data must not panic (errors carry their context);
// tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    tune_malloc();
    cli::main()
}

/// glibc's malloc grows each thread's heap a little at a time (an `mprotect` call, and the
/// kernel's bookkeeping, per step), which a scan building large indexes on every thread pays
/// for many thousand times. Asking for 64 MiB of headroom at each growth makes the steps few;
/// the headroom is address space only, memory is not touched until used, so the peak resident
/// size does not change. 100 MB scan: system time -15% to -20%, wall -5% (BENCHMARKS-history.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}
