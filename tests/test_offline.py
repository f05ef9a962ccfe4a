"""No network at run time: the helpers and the lecture notebooks run with outbound connections blocked.

A ``sitecustomize`` module put on the kernel's ``PYTHONPATH`` replaces ``socket.connect`` and
``socket.getaddrinfo``: a connection to anything but the loopback address (or a local Unix
socket) raises ``OSError`` and is written to a log. The notebooks must finish without an error
and the log must stay empty. A positive control checks that the guard really blocks.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import nbformat
import pytest

from helpers.course.grading import execute_notebook

ROOT = Path(__file__).resolve().parent.parent

GUARD = textwrap.dedent('''
    """Test guard: no connection may leave this machine (written by tests/test_offline.py)."""
    import ipaddress, os, socket

    _LOG = os.environ["COURSE_NETGUARD_LOG"]
    _connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def _local(host):
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False

    def _refuse(what):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(what + "\\n")
        raise OSError(f"network disabled by the offline test: {what}")

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"connect {address!r}")
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(f"connect_ex {address!r}")
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _local(host):
            _refuse(f"getaddrinfo {host!r}")
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
''')


@pytest.fixture
def guarded(tmp_path):
    """Environment for a kernel whose outbound connections are blocked, and the log of attempts."""
    site = tmp_path / "guard"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "attempts.log"
    log.write_text("", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = {"PYTHONPATH": str(site), "COURSE_NETGUARD_LOG": str(log), "COURSE_WORK_DIR": str(work)}
    return env, log


def _errors(nb) -> list[str]:
    return [f"{o.get('ename')}: {o.get('evalue')}" for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def test_the_guard_really_blocks(guarded, tmp_path):
    env, log = guarded
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import urllib.request\n"
        "try:\n    urllib.request.urlopen('http://example.com', timeout=5)\n    print('REACHED')\n"
        "except OSError as e:\n    print('BLOCKED', e)")])
    out = execute_notebook(nb, tmp_path, timeout=60, env=env)
    text = "".join(o.get("text", "") for o in out.cells[0].outputs)
    assert "BLOCKED" in text and "REACHED" not in text
    assert "example.com" in log.read_text(encoding="utf-8")


def test_helpers_work_offline(guarded, tmp_path):
    """Every case table, CDNOW, the Chinese charts and a worksheet export, with the network blocked."""
    env, log = guarded
    code = textwrap.dedent("""
        import helpers, json
        helpers.setup()
        sizes = {name: len(helpers.load_case(name)) for name in helpers.list_cases()["name"]}
        cdnow = helpers.load_cdnow()
        summary = helpers.rfm_summary(cdnow, "customer_id", "date", "amount")
        ws = helpers.swot_worksheet()
        print(json.dumps({"tables": len(sizes), "cdnow": len(summary)}))
    """)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    out = execute_notebook(nb, tmp_path, timeout=300, env=env)
    assert not _errors(out), _errors(out)
    printed = [o for o in out.cells[0].outputs if o.get("output_type") == "stream" and o.get("name") == "stdout"]
    result = json.loads(printed[-1]["text"].strip().splitlines()[-1])
    assert result["tables"] >= 14 and result["cdnow"] > 20_000
    assert log.read_text(encoding="utf-8") == "", "something tried to reach the network"


OFFLINE_NOTEBOOKS = [p for p in sorted((ROOT / "notebooks").glob("0[1-6]_*.ipynb"))
                     if p.name[:2] in ("01", "02", "05")]


@pytest.mark.slow
@pytest.mark.parametrize("path", OFFLINE_NOTEBOOKS, ids=lambda p: p.stem)
def test_lecture_notebook_runs_offline(guarded, path):
    env, log = guarded
    nb = nbformat.read(path, as_version=4)
    out = execute_notebook(nb, path.parent, timeout=600, env=env)
    assert not _errors(out), _errors(out)
    assert log.read_text(encoding="utf-8") == "", f"{path.name} tried to reach the network: {log.read_text()}"
