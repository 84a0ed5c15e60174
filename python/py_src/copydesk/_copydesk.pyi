"""Type stubs of the Rust extension behind ``copydesk`` (python/src/lib.rs)."""

from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

__version__: str

class InputError(ValueError):
    """A problem with the input, naming its file (and line or record)."""

    place: str
    path: str
    line: Optional[int]
    problems: List[Tuple[str, str]]

_Path = Union[str, PathLike[str]]

def scan_paths(
    paths: Sequence[_Path],
    options: Dict[str, Any],
    threads: Optional[int] = None,
    strict: bool = True,
) -> bytes: ...
def scan_texts(
    documents: Sequence[Tuple[str, str]],
    options: Dict[str, Any],
    threads: Optional[int] = None,
) -> bytes: ...
def unspin(
    text: str,
    source: Optional[str] = None,
    dictionaries: Sequence[_Path] = ...,
    wide_lm: str = "auto",
    moby: bool = False,
) -> Tuple[str, bytes]: ...
def eval(
    gold: Optional[_Path] = None,
    predicted: Optional[_Path] = None,
    candidates: Optional[_Path] = None,
    unspin_gold: Optional[_Path] = None,
    restored: Optional[_Path] = None,
) -> bytes: ...
def scan_columns(
    ids: Tuple[str, bytes, bytes, int, int],
    texts: Tuple[str, bytes, bytes, int, int],
    options: Dict[str, Any],
    threads: Optional[int] = None,
) -> bytes: ...
def check_options(options: Dict[str, Any]) -> None: ...
def option_names() -> List[str]: ...

# The Spark path's stages (python/src/spark_api.rs), called by copydesk._spark_stages.
_Column = Tuple[str, bytes, bytes, int, int]
_Blobs = List[Tuple[int, int, bytes]]
def spark_sketch(
    idx: bytes, texts: _Column, parts: int, options: Dict[str, Any],
    threads: Optional[int] = None,
) -> _Blobs: ...
def spark_stats(stats: bytes) -> Tuple[List[int], List[int], List[int], List[float]]: ...
def spark_keys_to_pairs(
    bands: bytes, postings: bytes, immutables: bool, exclude: bytes, blocks: int,
    options: Dict[str, Any],
) -> _Blobs: ...
def spark_pair_blocks(parts: int) -> Tuple[int, int]: ...
def spark_prepare_pairs(lsh: bytes, seeds: bytes) -> Tuple[bytes, bytes, bytes]: ...
def spark_pairs(
    round: int,
    idx: bytes,
    texts: _Column,
    pairs: bytes,
    seeds: bytes,
    context: Tuple[bytes, bytes],
    options: Dict[str, Any],
    threads: Optional[int] = None,
) -> Tuple[bytes, bytes, bytes, int]: ...
def spark_first_clusters(
    duplicates: bytes, lengths: List[int], labels: bytes, options: Dict[str, Any]
) -> bytes: ...
def spark_final(
    idx: bytes,
    texts: _Column,
    boilerplate: bytes,
    ranges: bytes,
    options: Dict[str, Any],
    threads: Optional[int] = None,
) -> Tuple[bytes, bytes]: ...
def spark_ranges(passages: bytes, duplicates: bytes) -> bytes: ...
def spark_copy_pairs(duplicates: bytes) -> Tuple[bytes, bytes]: ...
def spark_assemble(
    ids: List[str],
    stats: Tuple[List[int], List[int], List[int], List[float]],
    duplicates: bytes,
    passages: bytes,
    runs: bytes,
    ends: bytes,
    candidates: bytes,
    pairs_aligned: int,
    labels: bytes,
    options: Dict[str, Any],
) -> bytes: ...
