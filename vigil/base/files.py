"""Files written whole, at once: a reader, and a build or a process that stops half-way,
sees the old file or the new one, never a part. Used by the writer of the site and by
every cache."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(file: Path, data: bytes) -> None:
    """Write `file` whole, at once: whoever reads it, and a build that stops half-way,
    see the old file or the new one, never a part."""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}-", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
