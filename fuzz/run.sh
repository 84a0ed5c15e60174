#!/usr/bin/env bash
# Runs the fuzz targets with cargo-fuzz on stable Rust (RUSTC_BOOTSTRAP lets stable rustc take
# the sanitizer-coverage flags cargo-fuzz passes; no nightly toolchain is downloaded).
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 300 s each; jsonl warc tokenizer)
# A crash, a timeout (10 s for one input) or an out-of-memory input is saved under
# fuzz/artifacts/TARGET/; fix it, then keep the input as a regression test in
# tests/fuzz_findings/TARGET/ (replayed by tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jsonl warc tokenizer)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp -n "seeds/$target"/* "corpus/$target/" 2>/dev/null || true
  cp -n "../tests/fuzz_findings/$target"/* "corpus/$target/" 2>/dev/null || true
  RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=1048576 -print_final_stats=1
done
