from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.keys import MasterKey, write_key_file
from tests.support.harness import Harness


@pytest.fixture(autouse=True, scope="session")
def data_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A throwaway master key for the whole session, where rexbot looks for it (the settings,
    the harness and the processes the tests start all read REXBOT_DATA_KEY_FILE)."""
    path = tmp_path_factory.mktemp("keys") / "rexbot.key"
    write_key_file(path, MasterKey.generate())
    before = os.environ.get("REXBOT_DATA_KEY_FILE")
    os.environ["REXBOT_DATA_KEY_FILE"] = str(path)
    yield path
    if before is None:
        del os.environ["REXBOT_DATA_KEY_FILE"]
    else:
        os.environ["REXBOT_DATA_KEY_FILE"] = before


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(tmp_path / "rexbot.db")
    await h.start()
    yield h
    await h.stop()
