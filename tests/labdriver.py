"""Drive the course's JupyterLab in Debian chromium as a trainee would: open, Run All, look, touch.

Used by ``tests/test_lab_*.py``. One JupyterLab per test module (started with the course's
own launcher, :func:`helpers.course.lab.serve_lab`, so the Chinese font, locale and settings
are the course's); one browser page per notebook, which refuses every request that would
leave 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
#: Debian's chromium and the flags every browser test (and benchmarks/bench_browser.py) starts it with.
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("COURSE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "lab"
VIEWPORT = {"width": 1366, "height": 768}  # a typical classroom laptop

#: Text that must never be shown where a widget should be.
WIDGET_AS_TEXT = re.compile(r"\b(VBox|HBox|IntSlider|FloatSlider|Dropdown|Button|Output|HTML|Tab)\(|"
                            r"Error displaying widget|【交互控件】|model not found")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Characters drawn as colour emoji (boxes on a machine without an emoji font): use ✓ ✗ ● ⚠ or words instead.
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2705\u274C\u274E\u2B1B\u2B1C\u2B50\u2B55\u23E9-\u23F3\u231A\u231B\uFE0F]")

# Settings the *tests* need (not course settings): render every cell, so that every output is in
# the page, and never ask about news (the course environment turns it off too; this makes the
# test independent of that while still checking, below, that no pop-up appears).
TEST_USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def write_test_settings(config_dir: Path) -> None:
    """Put the test-only JupyterLab user settings into a (temporary) configuration folder."""
    for rel, value in TEST_USER_SETTINGS.items():
        path = config_dir / "lab" / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


def lab_url(base: str, token: str, notebook: Path) -> str:
    """The notebook in a fresh workspace of its own (so no other notebook is restored beside it)."""
    rel = notebook.relative_to(ROOT).as_posix()
    workspace = "t" + format(abs(hash(rel)), "x")[:10]
    return f"{base}lab/workspaces/{workspace}/tree/{quote(rel)}?reset&token={token}"


def new_guarded_page(browser, external: list[str]):
    """A page of 1366x768 that aborts (and records) any request leaving 127.0.0.1."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", guard)
    return context, context.new_page()


_CURRENT = "window.jupyterapp.shell.currentWidget"


def open_notebook(page, url: str, timeout: float = 180_000) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle; mark its panel ``data-under-test``."""
    page.goto(url, timeout=timeout)
    page.wait_for_function(
        f"""() => {{ const w = window.jupyterapp && {_CURRENT};
                     return w && w.sessionContext && w.sessionContext.session
                            && w.sessionContext.session.kernel
                            && w.sessionContext.session.kernel.status === 'idle'; }}""", timeout=timeout)
    page.evaluate(f"() => {_CURRENT}.node.setAttribute('data-under-test', '1')")


#: The notebook under test (other panels may exist in the page).
PANEL = "[data-under-test]"


def run_all(page, timeout: float = 600_000) -> float:
    """Run → Run All Cells; wait until every code cell has run and the kernel is idle. Returns seconds."""
    start = time.monotonic()
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        f"""() => {{ const w = {_CURRENT}; const k = w.sessionContext.session.kernel;
                     const cells = [...w.content.model.cells];
                     const code = cells.filter(c => c.type === 'code');
                     const failed = code.some(c => [...Array(c.outputs.length).keys()].some(
                                      j => c.outputs.get(j).type === 'error'));
                     const done = failed || code.every(c => c.executionCount !== null);
                     const busy = [...document.querySelectorAll('.jp-InputPrompt')]
                                    .some(e => e.textContent.includes('*'));
                     return done && !busy && k.status === 'idle'; }}""", timeout=timeout, polling=500)
    page.wait_for_timeout(1500)  # let widget views and images finish rendering
    return time.monotonic() - start


def output_problems(page) -> list[str]:
    """Error outputs and stderr streams of the notebook, read from its model."""
    return page.evaluate(
        f"""() => {{ const w = {_CURRENT}; const out = [];
                     [...w.content.model.cells].forEach((c, i) => {{
                       if (c.type !== 'code') return;
                       for (let j = 0; j < c.outputs.length; j++) {{
                         const o = c.outputs.get(j).toJSON();
                         if (o.output_type === 'error') out.push(`cell ${{i}}: ${{o.ename}}: ${{o.evalue}}`);
                         if (o.output_type === 'stream' && o.name === 'stderr')
                           out.push(`cell ${{i}}: stderr: ${{String(o.text).slice(0, 300)}}`);
                       }} }});
                     return out; }}""")


def widget_cells(page) -> list[int]:
    """Indexes of the cells whose outputs contain a widget (from the model)."""
    return page.evaluate(
        f"""() => {{ const w = {_CURRENT}; const out = [];
                     [...w.content.model.cells].forEach((c, i) => {{
                       if (c.type !== 'code') return;
                       for (let j = 0; j < c.outputs.length; j++) {{
                         const d = c.outputs.get(j).toJSON().data || {{}};
                         if (d['application/vnd.jupyter.widget-view+json']) {{ out.push(i); break; }}
                       }} }});
                     return out; }}""")


def cell_output(page, index: int):
    return page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index).locator(".jp-Cell-outputArea")


@dataclass
class WidgetCheck:
    cell: int
    rendered: bool
    control: str = ""
    changed: bool = False
    notes: list[str] = field(default_factory=list)


def _snapshot(area) -> str:
    return area.evaluate("(e) => e.innerText + '|' + [...e.querySelectorAll('img, svg')]"
                         ".map(i => (i.src || i.outerHTML).length + (i.src || i.outerHTML).slice(-80)).join(',')")


def _interactions(area):
    """Candidate interactions in the widget output ``area``, most telling first."""
    out = []
    for select in area.locator("select:visible").all():
        values = [o.get_attribute("value") for o in select.locator("option").all()]
        current = select.input_value()
        other = next((v for v in values if v != current), None)
        if other is not None:
            out.append((f"dropdown → {other}", lambda s=select, v=other: s.select_option(value=v)))
            break  # one dropdown; then the other kinds of control
    for handle in area.locator(".widget-slider .noUi-handle:visible").all()[:1]:
        def slide(h=handle):
            h.focus()
            for _ in range(3):
                h.press("ArrowRight")
        out.append(("slider → right", slide))
    for box in area.locator("input[type=text]:visible, textarea:visible").all()[:1]:
        def type_in(b=box):
            b.fill("浏览器测试条目")
            b.press("Enter")
        out.append(("text → typed + Enter", type_in))
    for button in area.locator("button:visible").all()[:1]:
        out.append((f"button → {button.inner_text()[:12]}", button.click))
    return out


def touch_widget(page, index: int, timeout: float = 20_000) -> WidgetCheck:
    """Check that the widget output of cell ``index`` is a live widget, and that one interaction changes it."""
    area = cell_output(page, index)
    rendered = area.locator(".jupyter-widgets, .widget-box, .widget-inline-hbox").count() > 0
    check = WidgetCheck(index, rendered)
    if not rendered:
        return check
    area.scroll_into_view_if_needed()
    for name, act in _interactions(area)[:4]:
        before = _snapshot(area)
        act()
        check.control = name
        deadline = time.monotonic() + timeout / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(300)
            if _snapshot(area) != before:
                check.changed = True
                return check
        check.notes.append(f"{name}: no change")
    if not check.control:
        check.notes.append("no control found")
    return check


def cjk_fonts(page, selector: str) -> list[list[str]] | None:
    """The fonts Chromium really used for the first visible element matching ``selector`` that contains
    Chinese text: a list of font family names, or None if there is no such element."""
    mark = page.evaluate(
        """(sel) => { const vis = e => { const r = e.getBoundingClientRect();
                                         return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight; };
                      const el = [...document.querySelectorAll(sel)]
                                   .find(e => vis(e) && /[\\u4e00-\\u9fff]/.test(e.textContent));
                      if (!el) return false; el.setAttribute('data-font-probe', '1'); return true; }""", selector)
    if not mark:
        return None
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        page.evaluate("() => document.querySelectorAll('[data-font-probe]')"
                      ".forEach(e => e.removeAttribute('data-font-probe'))")
        cdp.detach()
    return [f["familyName"] for f in fonts]


#: Fonts that can draw Chinese (the bundled one, and the usual system ones).
CJK_FAMILIES = ("Course Sans SC", "Noto Sans CJK", "Noto Serif CJK", "Source Han", "WenQuanYi", "Microsoft YaHei",
                "PingFang", "SimSun", "SimHei", "Hiragino")


def full_screenshot(page, path: Path, part_height: int = 8000) -> list[Path]:
    """Screenshots of the whole notebook: the viewport grows to the notebook's height, and a notebook
    taller than ``part_height`` is saved in parts (``name.png``, ``name-2.png``, …) by scrolling its panel."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(path.stem + "*.png"):
        old.unlink()
    height = page.evaluate(
        """() => Math.max(innerHeight, ...[...document.querySelectorAll(
                   '[data-under-test] .jp-WindowedPanel-outer, [data-under-test] .jp-Notebook')]
                   .map(e => e.scrollHeight))""")
    view = int(min(max(height + 200, 768), part_height))
    page.set_viewport_size({"width": VIEWPORT["width"], "height": view})
    page.wait_for_timeout(800)
    shots, offset, n = [], 0, 1
    while True:
        page.evaluate("""(y) => document.querySelectorAll('[data-under-test] .jp-WindowedPanel-outer')
                              .forEach(e => { e.scrollTop = y; })""", offset)
        page.wait_for_timeout(300)
        target = path if n == 1 else path.with_name(f"{path.stem}-{n}.png")
        page.screenshot(path=str(target))
        shots.append(target)
        offset += view - 200
        n += 1
        if offset >= height - 200 or n > 20:
            break
    page.set_viewport_size(VIEWPORT)
    return shots


def start_lab(tmp_path_factory):
    """A context manager: the course's JupyterLab with a throw-away configuration and work folder."""
    from helpers.course.lab import prepare_config, serve_lab

    tmp = tmp_path_factory.mktemp("lab")
    config = prepare_config(tmp / "config")
    write_test_settings(config)
    work = tmp / "我的成果"
    work.mkdir()
    return serve_lab(ROOT, env={"COURSE_WORK_DIR": str(work), "MPLBACKEND": ""}, log=tmp / "lab.log",
                     config=config)


def check_notebook(browser, lab: tuple[str, str], notebook: Path) -> dict:
    """Open ``notebook``, Run All, and assert what a trainee must see. Returns measurements."""
    base, token = lab
    external: list[str] = []
    context, page = new_guarded_page(browser, external)
    shot = ARTIFACTS / (notebook.relative_to(ROOT).with_suffix(".png").as_posix().replace("/", "__"))
    try:
        open_notebook(page, lab_url(base, token, notebook))
        body = page.inner_text("body")
        assert "Jupyter news" not in body and "Jupyter 新闻" not in body, "the news pop-up is shown"
        menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "文件" in menus, f"JupyterLab's menus are not in Chinese: {menus[:6]}"
        seconds = run_all(page)
        problems = output_problems(page)
        assert not problems, f"{notebook.name}: error or stderr outputs:\n" + "\n".join(problems)
        text = "\n".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
        shown = WIDGET_AS_TEXT.search(text)
        assert not shown, (f"{notebook.name}: a widget is shown as text: "
                           f"{text[max(0, shown.start() - 80):shown.end() + 80]!r}")
        checks = [touch_widget(page, i) for i in widget_cells(page)]
        for c in checks:
            assert c.rendered, f"{notebook.name}: the widget of cell {c.cell} is not rendered"
            assert c.changed, f"{notebook.name}: cell {c.cell}: {c.control or c.notes} changed nothing"
        page.evaluate(f"""async () => {{ const n = {_CURRENT}.content; n.activeCellIndex = 0;
                                        const o = n.node.closest('.jp-WindowedPanel-outer') || n.node;
                                        o.scrollTop = 0; n.node.scrollTop = 0;
                                        if (n.scrollToItem) await n.scrollToItem(0, 'start'); }}""")
        page.wait_for_timeout(500)
        for selector in (f"{PANEL} .jp-RenderedMarkdown h1, {PANEL} .jp-RenderedMarkdown h2", ".lm-MenuBar-itemLabel"):
            fonts = cjk_fonts(page, selector)
            assert fonts is not None, f"{notebook.name}: no Chinese text in view for {selector}"
            assert any(f.startswith(CJK_FAMILIES) for f in fonts), \
                f"{notebook.name}: Chinese in {selector} is not drawn with a CJK font: {fonts}"
        if checks:  # form controls do not inherit the page font: a dropdown must not show boxes
            cell_output(page, checks[0].cell).scroll_into_view_if_needed()
            fonts = cjk_fonts(page, f"{PANEL} .jupyter-widgets select, {PANEL} .jupyter-widgets button")
            if fonts is not None:
                assert any(f.startswith(CJK_FAMILIES) for f in fonts), \
                    f"{notebook.name}: Chinese in a dropdown or button is not drawn with a CJK font: {fonts}"
        emoji = EMOJI.search(page.inner_text(PANEL))
        assert not emoji, f"{notebook.name}: an emoji ({emoji.group(0)!r}) shows as a box where no emoji font exists"
        full_screenshot(page, shot)
    except Exception:
        full_screenshot(page, shot.with_name(shot.stem + "-FAILED.png"))
        raise
    finally:
        context.close()
    assert external == [], f"{notebook.name}: requests left 127.0.0.1: {external[:5]}"
    return {"seconds": seconds, "widgets": len(checks), "screenshot": shot}
