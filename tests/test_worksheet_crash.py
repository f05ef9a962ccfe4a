"""Crash test: kill a process in the middle of saving, again and again.

A child process saves large SWOT worksheets in a loop (version 1, 2, 3, ... each about a
megabyte, so a save takes a while). The test kills it at a random moment -- SIGKILL on
Linux and macOS, TerminateProcess on Windows (``Popen.kill``), neither of which lets the
process clean up -- and then reads the file. It must always be a complete worksheet equal
to one of the versions written, never older than before the round, and the backup must be
complete too (the version before it, or the same one when the kill fell between writing the
backup and replacing the file).
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest

from helpers.worksheets.storage import backup_path, load_worksheet, save_worksheet

ROUNDS = 100

CHILD = r'''
import sys
from pathlib import Path

from helpers.worksheets.swot import QUADRANTS, SwotItem, SwotWorksheet
from helpers.worksheets.storage import save_worksheet


def version(n: int) -> SwotWorksheet:
    """Version n of the worksheet: about 1 MB of JSON, every item different."""
    ws = SwotWorksheet(title=f"版本 {n}", owner="崩溃测试")
    for k, q in enumerate(QUADRANTS):
        ws.items[q] = [SwotItem(f"{q}{n}-{i} " + "内容😀<>&\"" * 250 + str(n * 1000 + i), (n + i + k) % 5 + 1)
                       for i in range(60)]
    ws.strategies["SO"] = f"策略 {n}"
    return ws


if __name__ == "__main__":
    path, n = Path(sys.argv[1]), int(sys.argv[2])
    print("ready", flush=True)
    while True:
        save_worksheet(version(n), path)
        n += 1
'''

_ns: dict = {}
exec(compile(CHILD, "<crash-child>", "exec"), _ns)  # the same version() the child uses
version = _ns["version"]


def number(ws) -> int:
    return int(ws.title.split()[1])


def same_content(a, b) -> bool:
    return (a.title, a.owner, a.items, a.strategies) == (b.title, b.owner, b.items, b.strategies)


@pytest.mark.slow
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_complete_file(tmp_path):
    rng = random.Random(20240501)
    path = tmp_path / "swot.json"
    save_worksheet(version(0), path)
    assert len(path.read_bytes()) > 800_000  # big enough that a save takes a while
    started = time.perf_counter()
    save_worksheet(version(0), path)
    one_save = time.perf_counter() - started  # on this machine, now: kills are spread over ~4 saves

    last = 0
    interrupted = advanced = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(last + 1)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert proc.stdout.readline().strip() == b"ready", proc.stderr.read().decode(errors="replace")
            time.sleep(rng.uniform(0.0, 4 * one_save))
        finally:
            proc.kill()  # SIGKILL (POSIX) / TerminateProcess (Windows): no clean-up runs
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode != 0, "the child must have been killed, not have finished"

        ws = load_worksheet(path)  # parses and validates: a partial file would fail here
        n = number(ws)
        assert n >= last, f"the file went back from version {last} to {n}"
        assert same_content(ws, version(n)), f"version {n} on disk differs from what was written"
        bak = load_worksheet(backup_path(path))
        assert number(bak) in (n - 1, n) and same_content(bak, version(number(bak)))

        leftovers = list(tmp_path.glob(".*.tmp"))
        interrupted += bool(leftovers)  # the kill fell in the middle of writing a file
        for tmp in leftovers:
            tmp.unlink()
        advanced += n > last
        last = n

    print(f"rounds {ROUNDS}: {interrupted} kills while a file was written, {advanced} rounds saved a new version; "
          f"one save took {one_save:.2f} s")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["swot.bak.json", "swot.json"]
    # The test only means something if kills really landed while a file was being written
    # (about a quarter of them do: the rest of a save is reading and checking the old file),
    # and if saves also completed between kills.
    assert interrupted >= 5, f"only {interrupted} of {ROUNDS} kills fell while a file was written"
    assert advanced >= ROUNDS // 4, f"only {advanced} of {ROUNDS} rounds completed a save"
