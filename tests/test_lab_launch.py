"""JupyterLab as the course opens it: its own configuration folder, the Chinese web font, loopback only."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from helpers.course.lab import CJK_RANGES, custom_css, lab_command, prepare_config, serve_lab
from helpers.style import FONT_PATH


def test_command_listens_on_loopback_and_loads_the_custom_css():
    cmd = lab_command(8901, token="abc", open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--LabApp.custom_css=True" in cmd
    assert "--IdentityProvider.token=abc" in cmd and "--ServerApp.open_browser=False" in cmd
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in cmd


def test_css_limits_the_bundled_font_to_chinese_and_puts_it_first():
    css = custom_css()
    assert css.count("@font-face") == 2 and css.count(CJK_RANGES) == 2
    for variable in ("--jp-ui-font-family", "--jp-content-font-family", "--jp-widgets-font-family"):
        line = next(x for x in css.splitlines() if x.strip().startswith(variable))
        assert line.split(":", 1)[1].strip().startswith('"Course Sans SC"'), line


def test_config_folder_is_written_once_and_refreshed_when_damaged(tmp_path):
    folder = prepare_config(tmp_path / "cfg")
    font = folder / "custom" / FONT_PATH.name
    stamp = font.stat().st_mtime_ns
    prepare_config(folder)
    assert font.stat().st_mtime_ns == stamp, "an up-to-date font is not copied again"
    font.write_bytes(b"broken")
    (folder / "custom" / "custom.css").write_text("/* edited */", encoding="utf-8")
    prepare_config(folder)
    assert font.stat().st_size == FONT_PATH.stat().st_size
    assert (folder / "custom" / "custom.css").read_text(encoding="utf-8") == custom_css()


def test_the_running_server_serves_the_css_and_the_font(tmp_path):
    """What the browser fetches: /custom/custom.css and the font next to it (no browser needed)."""
    with serve_lab(env={"COURSE_WORK_DIR": str(tmp_path)}, log=tmp_path / "lab.log") as (base, token):
        css = urllib.request.urlopen(f"{base}custom/custom.css?token={token}", timeout=30).read().decode()
        assert "Course Sans SC" in css
        font = urllib.request.urlopen(f"{base}custom/{FONT_PATH.name}?token={token}", timeout=30).read()
        assert len(font) == FONT_PATH.stat().st_size
        page = urllib.request.urlopen(f"{base}lab?token={token}", timeout=30).read().decode()
        assert "custom/custom.css" in page
    assert not Path(tmp_path / "lab.log").read_text(encoding="utf-8", errors="replace").count("Traceback")
