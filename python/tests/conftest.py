"""Shared fixtures: the repository, the `copydesk` binary, and corpora made from seeds/.

The binary is `$COPYDESK_BIN`, else `$CARGO_TARGET_DIR/release/copydesk`, else
`target/release/copydesk` in the repository (`cargo build --release` first). Corpora in
several formats are made from the seeds in a session directory: a `copydesk synth` corpus
(JSON Lines), the seeds as a WARC file, and the seeds as gzip JSON Lines shards.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def binary() -> Path:
    explicit = os.environ.get("COPYDESK_BIN")
    if explicit:
        return Path(explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "release" / "copydesk"


@pytest.fixture(scope="session")
def copydesk_bin() -> Path:
    path = binary()
    if not path.exists():
        pytest.fail(f"{path} is missing: run `cargo build --release` (or set COPYDESK_BIN)")
    return path


def cli_jsonl(bin_path: Path, *args: str) -> bytes:
    """`copydesk scan --json ARGS` on stdout (exit 0 or 1: problems are records too)."""
    run = subprocess.run(
        [str(bin_path), "scan", "--json", "--quiet", *args], capture_output=True
    )
    assert run.returncode in (0, 1), run.stderr.decode()
    return run.stdout


def seed_texts() -> List[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def corpora(tmp_path_factory, copydesk_bin) -> dict:
    """Paths of the corpora: seeds, synth (JSON Lines), warc, shards (a directory of .jsonl.gz)."""
    root = tmp_path_factory.mktemp("corpora")
    synth = root / "synth"
    subprocess.run(
        [str(copydesk_bin), "synth", "--seed", "7", "--spun", "4", "--exact", "4",
         "--edited", "4", "--copy-passages", "4", "--spun-passages", "3",
         *[str(p) for p in sorted((REPO / "tests" / "data").glob("*.txt"))], str(SEEDS),
         "-o", str(synth)],
        check=True, capture_output=True,
    )
    warc = root / "seeds.warc"
    with open(warc, "wb") as out:
        for i, path in enumerate(seed_texts()):
            body = path.read_bytes()
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            head = (f"WARC/1.0\r\nWARC-Type: response\r\n"
                    f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012d}>\r\n"
                    f"WARC-Target-URI: http://example.com/{path.name}\r\n"
                    f"Content-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            out.write(head + http + b"\r\n\r\n")
    shards = root / "shards"
    shards.mkdir()
    texts = seed_texts()
    for shard in range(3):
        with gzip.open(shards / f"part-{shard}.jsonl.gz", "wt", encoding="utf-8") as out:
            for path in texts[shard::3]:
                record = {"id": path.stem, "text": path.read_text(encoding="utf-8")}
                out.write(json.dumps(record) + "\n")
    return {
        "seeds": SEEDS,
        "synth": synth / "corpus.jsonl",
        "gold": synth / "gold.jsonl",
        "warc": warc,
        "shards": shards,
    }
