import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli(root):
    """The CLI binary (NOTESCAN_BIN, else target/release/notescan, built if missing)."""
    path = Path(os.environ.get("NOTESCAN_BIN", root / "target" / "release" / "notescan"))
    if not path.exists():
        if not shutil.which("cargo"):
            pytest.skip("no notescan CLI and no cargo to build it")
        subprocess.run(["cargo", "build", "--release", "--bin", "notescan"], cwd=root, check=True)
    return path
