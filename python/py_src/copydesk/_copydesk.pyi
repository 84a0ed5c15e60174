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
