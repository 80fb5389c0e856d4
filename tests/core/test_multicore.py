"""Work shared with helper processes: results in order, no work lost, no orphans."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

from core.multicore import run_chunks

ROOT = Path(__file__).resolve().parents[2]


def square_all(offset: int, chunk: list[int]) -> tuple[int, list[int]]:
    return os.getpid(), [n * n + offset for n in chunk]


def die_in_a_helper(parent_pid: int, chunk: list[int]) -> tuple[int, list[int]]:
    if os.getpid() != parent_pid:
        os._exit(3)  # a helper crashing half-way (killed by the OS, out of memory...)
    return square_all(0, chunk)


def chunks(count: int, size: int) -> list[list[int]]:
    return [list(range(start, min(start + size, count))) for start in range(0, count, size)]


def test_results_come_back_in_chunk_order_from_both_processes():
    done: list[int] = []
    results = run_chunks(square_all, 1, chunks(200, 5), helpers=1,
                         after_chunk=lambda chunk, _result: done.append(len(chunk)))  # fmt: skip
    assert [n for _pid, part in results for n in part] == [n * n + 1 for n in range(200)]
    assert sum(done) == 200
    assert {pid for pid, _part in results} - {os.getpid()}, "no chunk ran in a helper"


def test_chunks_of_a_helper_that_dies_are_done_here():
    results = run_chunks(die_in_a_helper, os.getpid(), chunks(60, 3), helpers=1)
    assert [n for _pid, part in results for n in part] == [n * n for n in range(60)]
    assert {pid for pid, _part in results} == {os.getpid()}


def test_stop_ends_the_work_between_chunks():
    done: list[int] = []
    results = run_chunks(square_all, 0, chunks(100, 10), helpers=0,
                         after_chunk=lambda chunk, _r: done.append(1), stop=lambda: len(done) >= 3)  # fmt: skip
    assert len(results) == 3


HOLDER = """
import sys, time
from core.multicore import helper_pool
from tests.core.test_multicore import square_all
if __name__ == "__main__":
    pool = helper_pool(1)
    pool.submit(square_all, 0, [1]).result()
    print(*[p.pid for p in pool._processes.values()], flush=True)
    time.sleep(60)
"""


def test_a_helper_exits_when_its_parent_is_killed(tmp_path: Path):
    """SIGKILL on the app (or a crash) must not leave helper processes behind."""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    parent = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert parent.stdout is not None
    helper = psutil.Process(int(parent.stdout.readline()))
    assert helper.is_running()
    parent.kill()
    parent.wait(10)
    deadline = time.monotonic() + 10
    while helper.is_running() and helper.status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the helper outlived its parent"
        time.sleep(0.1)
