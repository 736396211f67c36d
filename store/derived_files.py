"""Files built from what they are made of (the roads by view of a layer's content, the days
solved from a tour's input), kept under the cache folder by a key naming that, so every server
process reads the copy one of them built. Only the newest ``keep`` of each kind are kept: an
older one is built again if it comes back."""

from __future__ import annotations

from pathlib import Path

from store.files import write_atomically

KEEP = 2


def read_derived(folder: Path, kind: str, key: str) -> bytes | None:
    try:
        return (folder / kind / key).read_bytes()
    except FileNotFoundError:
        return None


def write_derived(folder: Path, kind: str, key: str, data: bytes, keep: int = KEEP) -> None:
    """Keep ``data`` under ``key`` (written whole, then renamed: a reader never sees half)."""
    path = folder / kind / key
    write_atomically(path, data)
    kept = sorted(path.parent.glob("[!.]*"), key=_age)
    for old in kept[keep:]:
        old.unlink(missing_ok=True)


def clear_derived(folder: Path, kind: str) -> None:
    """Forget every file of ``kind``."""
    for path in (folder / kind).glob("[!.]*"):
        path.unlink(missing_ok=True)


def _age(path: Path) -> float:
    """Newest first; a file another process removed meanwhile sorts last."""
    try:
        return -path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
