"""Fixtures shared by the engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtp_servers import FaultServer


@pytest.fixture(params=["pipelined", "one command at a time"])
def dialogue(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a test against ``FaultServer``s that offer PIPELINING, then ones that do not."""
    FaultServer.force_pipelining = request.param == "pipelined"
    try:
        yield request.param
    finally:
        FaultServer.force_pipelining = None
