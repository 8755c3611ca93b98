import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def repo_root() -> pathlib.Path:
    return REPO


def vector_dirs():
    dirs = [REPO / "tests" / "vectors"]
    extra = os.environ.get("SEAMLINE_EXTRA_VECTORS")
    if extra:
        dirs.append(pathlib.Path(extra))
    return dirs
