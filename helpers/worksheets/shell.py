"""The widget shell every worksheet shares: file, title, autosave, status, picture, exports.

A worksheet's own module supplies the *body* -- the widgets that edit its content (the
four SWOT quadrants, the five forces) -- and this module wraps it:

* title and owner (姓名) fields;
* which worksheet file is open (several named worksheets per kind), and the folder;
* autosave one second after the last change (:class:`helpers.worksheets.Debouncer`),
  a 保存 button and a status line ``已保存 10:32:05 → path``;
* a warning when the file could not be read (then the backup is shown);
* the worksheet's picture, redrawn after each save;
* export buttons (Markdown, HTML, PNG, Excel, CSV, 我的课程成果) that show the written path.

Every widget carries a stable CSS class (``ws-save-button``, ``ws-status``, ...) so that
the browser tests can find it. The shell is plain wiring: all the logic is in
:mod:`helpers.worksheets.storage`, :mod:`helpers.worksheets.export` and the worksheet's model.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..data.safe_text import visible_text
from ..errors import friendly_message
from ..paths import work_dir
from ..widgets.common import html_text, problem_html, styled
from .autosave import Debouncer
from .model import Worksheet, check_text, kind_class
from .storage import list_worksheets, open_worksheet, save_worksheet

#: Export buttons: format -> (label, CSS class).
EXPORT_BUTTONS: dict[str, tuple[str, str]] = {
    "md": ("导出 Markdown", "ws-export-md"),
    "html": ("导出网页 HTML", "ws-export-html"),
    "png": ("导出图片 PNG", "ws-export-png"),
    "xlsx": ("导出 Excel", "ws-export-xlsx"),
    "csv": ("导出 CSV", "ws-export-csv"),
}



class WorksheetEditor:
    """The widget of one worksheet kind, around a body supplied by the kind's module.

    Args:
        kind: "swot", "five_forces", ...
        body_factory: called with this editor; returns an object with ``widget`` (the
            body's ipywidget) and ``refresh()`` (show ``editor.worksheet`` again). The body
            edits ``editor.worksheet`` under ``editor.lock`` and then calls
            :meth:`changed`.
        name: the worksheet to open (``None``: the default one).
        folder: the folder (default: the work folder).
        delay: seconds of quiet before autosave.

    Attributes:
        worksheet: the worksheet being edited.
        path: its file.
        widget: the whole widget (an ``ipywidgets.VBox``).
    """

    def __init__(self, kind: str, body_factory: Callable[[WorksheetEditor], Any], name: str | None = None,
                 folder: Path | str | None = None, delay: float = 1.0) -> None:
        import ipywidgets as w

        self.kind = kind
        self.cls = kind_class(kind)
        self.folder = Path(folder) if folder is not None else work_dir()
        self.lock = threading.RLock()
        self.loading = False
        self.dirty = False
        self._known: bytes | None = None
        self.worksheet: Worksheet = self.cls()
        self.path = self.folder / f"{kind}.json"
        self.debouncer = Debouncer(self._autosave, delay, on_error=self._show_error)

        full = w.Layout(width="98%")
        self.title = styled(w.Text(description="标题", placeholder=f"例如：{self.cls.label}——我的企业",
                                   layout=full), "ws-title")
        self.owner = styled(w.Text(description="姓名", placeholder="可不填", layout=w.Layout(width="40%")),
                            "ws-owner")
        self.title.observe(self._on_meta, names="value")
        self.owner.observe(self._on_meta, names="value")

        self.file = styled(w.Dropdown(description="工作表", options=[(self.cls.label, kind)], value=kind,
                                      layout=w.Layout(width="40%")), "ws-file")
        self.file.observe(self._on_file, names="value")
        self.new_name = styled(w.Text(placeholder="新工作表名称，如：华东区", layout=w.Layout(width="25%")),
                               "ws-new-name")
        self.new_button = styled(w.Button(description="新建 / 打开", tooltip="按名称新建或打开另一张工作表",
                                          layout=w.Layout(width="auto", min_width="110px")), "ws-new-button")
        self.new_button.on_click(lambda _: self._on_new())
        self.where = styled(w.HTML(), "ws-folder")
        self.message = styled(w.HTML(), "ws-message")

        self.body = body_factory(self)

        self.chart = styled(w.Image(format="png", layout=w.Layout(max_width="760px")), "ws-chart")
        self.save_button = styled(w.Button(description="保存", button_style="primary", icon="save",
                                           tooltip="立即保存（平时修改后 1 秒会自动保存）"), "ws-save-button")
        self.save_button.on_click(lambda _: self.save_now())
        self.status = styled(w.HTML(), "ws-status")
        exports = []
        for fmt, (label, css) in EXPORT_BUTTONS.items():
            button = styled(w.Button(description=label, layout=w.Layout(width="auto", min_width="120px")),
                            css, "ws-export-button")
            button.on_click(lambda _, fmt=fmt: self.export(fmt))
            exports.append(button)
        report = styled(w.Button(description="生成《我的课程成果》", button_style="success",
                                 tooltip="把文件夹里的所有工作表汇总成一个网页",
                                 layout=w.Layout(width="auto", min_width="190px")), "ws-export-report",
                        "ws-export-button")
        report.on_click(lambda _: self.export_report())
        exports.append(report)
        self.export_result = styled(w.HTML(), "ws-export-result")

        self.widget = styled(w.VBox([
            w.HBox([self.file, self.new_name, self.new_button]),
            self.where,
            self.message,
            self.title,
            self.owner,
            self.body.widget,
            w.HTML("<h3>图示</h3>"),
            self.chart,
            w.HBox([self.save_button, self.status]),
            w.HTML("<b>导出</b>（文件写到上面文件夹的“导出”子文件夹里）"),
            w.HBox(exports, layout=w.Layout(flex_flow="row wrap")),
            self.export_result,
        ], layout=w.Layout(width="100%")), "ws-worksheet", f"ws-kind-{kind}")
        self.open(name)

    # -- display --------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = (f"{self.cls.label}工作表（交互控件：在 JupyterLab 中运行本格，"
                              "或用 python course.py worksheet 打开）")
        return bundle

    # -- opening ----------------------------------------------------------------------------
    def _names(self) -> list[str]:
        names = {p.stem for p in list_worksheets(self.folder, self.kind)} | {self.path.stem, self.kind}
        return sorted(names, key=lambda n: (n != self.kind, n))

    def _label(self, stem: str) -> str:
        """What the file chooser shows for a worksheet file: its title, not the file name."""
        name = "默认" if stem == self.kind else stem.removeprefix(f"{self.kind}-")
        title = ""
        if stem == self.path.stem:
            title = self.worksheet.title
        else:
            try:
                title = str(json.loads((self.folder / f"{stem}.json").read_text(encoding="utf-8")).get("title") or "")
            except (OSError, ValueError, AttributeError):
                title = ""
        title = " ".join(visible_text(title, one_line=True).split())
        return f"{title}（{name}）" if title else f"{self.cls.label}（{name}）"

    def _options(self) -> list[tuple[str, str]]:
        """(label, file stem) pairs for the file chooser, default worksheet first."""
        return [(self._label(stem), stem) for stem in self._names()]

    def open(self, name: str | None = None) -> None:
        """Open worksheet ``name`` (saving the current one first if it has changes)."""
        self.debouncer.flush()
        opened = open_worksheet(self.kind, name, self.folder)
        with self.lock:
            self.worksheet = opened.worksheet
            self.path = opened.path
            self._known = opened.raw
            self.dirty = False
        self.loading = True
        try:
            self.title.value = self.worksheet.title
            self.owner.value = self.worksheet.owner
            self.file.options = self._options()
            self.file.value = self.path.stem
            self.body.refresh()
        finally:
            self.loading = False
        self.where.value = (f"<span style='color:#555'>文件夹（你的工作表都保存在这里）：<code>"
                            f"{html.escape(str(self.folder))}</code></span>")
        if opened.problem:
            restored = (f"已从备份 <code>{html.escape(opened.restored_from.name)}</code> 恢复内容。"
                        if opened.restored_from else "没有可用的备份，已从空白开始。")
            self.message.value = (
                "<div style='border:2px solid #ef6c00;background:#fff3e0;padding:6px 10px;white-space:pre-wrap'>"
                f"<b>⚠ 注意：原文件无法读取。</b>{restored}\n{html_text(opened.problem)}</div>")
        else:
            self.message.value = ""
        if opened.raw is None:
            self.status.value = ("新工作表，还没有保存。第一次修改后会自动保存到 "
                                 f"<code>{html.escape(str(self.path))}</code>")
        elif opened.problem:
            self.status.value = "尚未保存（保存时，无法读取的原文件会先被另存，不会丢失）"
        else:
            self.status.value = f"已打开 <code>{html.escape(str(self.path))}</code>"
        self.refresh_chart()

    def _on_file(self, change: dict) -> None:
        if not self.loading and change["new"] and change["new"] != self.path.stem:
            self.open(change["new"])

    def _on_new(self) -> None:
        name = self.new_name.value.strip()
        if not name:
            self.message.value = problem_html("请先在左边输入新工作表的名称")
            return
        self.new_name.value = ""
        self.open(name)

    def _on_meta(self, change: dict) -> None:
        key, zh = ("title", "标题") if change["owner"] is self.title else ("owner", "姓名")
        self.apply(lambda: setattr(self.worksheet, key, check_text(change["new"], zh, key)))

    # -- editing and saving ---------------------------------------------------------------
    def apply(self, action: Callable[[], Any], then: Callable[[], Any] | None = None) -> bool:
        """Run an edit of :attr:`worksheet` made in the widget, then schedule an autosave.

        The body calls this for every change the trainee makes. Nothing happens while a
        file is being shown (:attr:`loading`); an error is shown in the message line,
        never raised.

        Args:
            action: changes ``self.worksheet`` (run under :attr:`lock`).
            then: run after a successful ``action`` (e.g. redraw part of the body).

        Returns:
            Whether the action ran and worked.
        """
        if self.loading:
            return False
        try:
            with self.lock:
                action()
        except Exception as exc:  # noqa: BLE001 - shown, not raised
            self.message.value = problem_html(friendly_message(exc))
            return False
        if then is not None:
            then()
        self.changed()
        return True

    def changed(self) -> None:
        """Called by the body after it changed the worksheet: schedule an autosave."""
        if self.loading:
            return
        self.dirty = True
        self.status.value = "✏ 有改动，停顿 1 秒后自动保存……"
        self.debouncer.trigger()

    def _autosave(self) -> None:
        if self.dirty:
            self.save(auto=True)

    def save_now(self) -> bool:
        """Save at once (the 保存 button). Returns whether it worked."""
        self.debouncer.cancel()
        return self.save()

    def save(self, auto: bool = False) -> bool:
        """Save the worksheet and show the result in the status line.

        Args:
            auto: the save comes from autosave (only changes the wording).

        Returns:
            Whether the save worked.
        """
        with self.lock:
            try:
                result = save_worksheet(self.worksheet, self.path, expected=self._known)
            except Exception as exc:  # noqa: BLE001 - shown to the trainee, never raised in a thread
                self._show_error(exc)
                return False
            self._known = result.written
            self.dirty = False
        how = "自动保存" if auto else "已保存"
        line = html.escape(result.status()).replace("已保存", how, 1)
        self.status.value = f"<span style='color:#2e7d32'>✓ 成功：{line}</span>"
        if result.set_aside is not None:
            self.message.value = ""
        self._relabel()
        self.refresh_chart()
        return True

    def _relabel(self) -> None:
        """Show the current title in the file chooser after it was saved."""
        options = self._options()
        if [tuple(o) for o in self.file.options] != options:
            was, self.loading = self.loading, True
            try:
                self.file.options = options
                self.file.value = self.path.stem
            finally:
                self.loading = was

    def _show_error(self, exc: BaseException) -> None:
        self.status.value = (f"<div style='color:#c62828;white-space:pre-wrap'>✗ 保存失败："
                             f"{html_text(friendly_message(exc))}</div>")

    def flush(self) -> None:
        """Run a pending autosave now (before exporting, switching files, closing)."""
        self.debouncer.flush()

    # -- picture and exports --------------------------------------------------------------
    def _snapshot(self) -> Worksheet:
        with self.lock:
            return self.worksheet.copy()

    def refresh_chart(self) -> None:
        """Redraw the worksheet's picture."""
        from .export import figure_png

        snapshot = self._snapshot()
        try:
            self.chart.value = figure_png(snapshot, dpi=80)
        except Exception as exc:  # noqa: BLE001 - a picture problem must not stop the worksheet
            self.export_result.value = problem_html(f"图示画不出来：{friendly_message(exc)}")

    def _write(self, write: Callable[[], Path], failed: str, done: str) -> Path | None:
        """Save pending changes, run ``write`` and show the path it wrote (or why it failed)."""
        self.flush()
        try:
            path = write()
        except Exception as exc:  # noqa: BLE001
            self.export_result.value = problem_html(f"{failed}：{friendly_message(exc)}")
            return None
        self.export_result.value = (f"<span style='color:#2e7d32'>✓ 成功：{done}：<code>{html.escape(str(path))}"
                                    "</code></span>")
        return path

    def export(self, fmt: str) -> Path | None:
        """Export the worksheet as ``fmt`` ("md", "html", "png", "xlsx", "csv"); show the path."""
        from .export import export_worksheet

        return self._write(lambda: export_worksheet(self._snapshot(), fmt, folder=self.folder / "导出",
                                                    stem=self.path.stem), "导出失败", "已导出")

    def export_report(self) -> Path | None:
        """Write 我的课程成果.html from every worksheet in the folder; show the path."""
        from .export import export_report

        return self._write(lambda: export_report(self.folder), "生成失败", "已生成《我的课程成果》")
