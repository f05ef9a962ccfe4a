"""What a trainee feels: slider released -> new chart painted, in Chromium, through Voilà.

The table's "full widget update" row times the Python side only. This script serves a small
notebook with lecture 2's segmentation widget on synthetic customers (Voilà on 127.0.0.1,
the course's own template), opens it in Debian's chromium with Playwright, and moves the
"R 近" slider with the keyboard, as a trainee can. Each move is timed in the page from the
key press until the headline has changed and the browser has painted the next frame
(two ``requestAnimationFrame`` callbacks after the change), so the widget message, the kernel's
update, the return message and the drawing are all inside it. Usage::

    .venv/bin/python benchmarks/bench_browser.py --customers 100000 --moves 20

``run_all.py`` calls :func:`slider_rows`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from labdriver import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - the browser tests' own launch settings

# The page side of one move: arm a watcher, then Python presses the key.
ARM = """() => {
  const head = () => (document.querySelector('.seg-headline') || {}).textContent;
  const before = head();
  window.__moved = new Promise(resolve => {
    let t0 = null;
    document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
    const obs = new MutationObserver(() => {
      if (t0 === null || head() === before) return;
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(null); }, 15000);  // the headline did not change
  });
}"""


def _notebook(customers: int) -> dict:
    code = "\n".join([
        "import sys",
        f"sys.path.insert(0, {str(HERE)!r})",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "import helpers",
        "helpers.setup()",
        "import bench_segments",
        "from helpers.widgets.segmentation import SegmentWidget",
        f"SegmentWidget(bench_segments.synthetic_transactions({customers}), 'customer_id', 'date', 'amount')",
    ])
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "bench", "metadata": {},
                       "outputs": [], "source": code}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}


def slider_moves(customers: int, moves: int) -> list[float]:
    """Seconds from key press to painted update, one per slider move (first move excluded: warm-up)."""
    from playwright.sync_api import sync_playwright

    from helpers.course.present import serve

    with tempfile.TemporaryDirectory() as tmp:
        nb = Path(tmp) / "bench_slider.ipynb"
        nb.write_text(json.dumps(_notebook(customers)), encoding="utf-8")
        with serve(nb, log=Path(tmp) / "voila.log") as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url, timeout=300_000)
                page.locator(".seg-headline").wait_for(timeout=300_000)
                handle = page.locator(".widget-slider", has_text="R 近").locator(".noUi-handle").first
                handle.focus()
                times = []
                for i in range(moves + 1):
                    page.evaluate(ARM)
                    handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                    ms = page.evaluate("() => window.__moved")
                    if ms is None:
                        raise RuntimeError("the headline did not change after a slider move")
                    if i:
                        times.append(ms / 1000)
            finally:
                browser.close()
    return times


def slider_rows(customers: int, moves: int, python_update: float | None) -> list:
    """Rows for run_all's table; ``python_update`` is the Python-side update (seconds) as the baseline."""
    from run_all import Row

    if not Path(CHROMIUM).exists():
        return [Row("segmentation: slider -> painted chart in Chromium (Voilà)", f"{customers:,} customers",
                    float("nan"), "—", None, note=f"not measured: no browser at {CHROMIUM}")]
    times = slider_moves(customers, moves)
    med = statistics.median(times)
    p95 = sorted(times)[max(0, int(round(0.95 * len(times))) - 1)]
    return [Row("segmentation: slider released -> chart painted (Chromium, Voilà)", f"{customers:,} customers",
                med, "the Python update alone", python_update, target="≤ 0.5 s felt (our budget)",
                met=med <= 0.5 if customers >= 100_000 else None,
                note=f"p95 {p95 * 1000:.0f} ms over {len(times)} moves")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args(argv)
    times = slider_moves(args.customers, args.moves)
    print(f"{args.customers:,} customers, {len(times)} moves: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
