"""Chinese in every chart, on a machine with no Chinese system font (as CI is).

The chart tests run in a child Python with a fresh, empty MPLCONFIGDIR, so matplotlib
builds its font cache from scratch, as on a trainee's new laptop. Any missing-glyph or
findfont warning (from ``warnings`` or from matplotlib's loggers) fails them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from helpers import style

ROOT = Path(__file__).resolve().parent.parent
FONTS = (style.FONT_PATH, style.FONT_BOLD_PATH)
CACHE_NOTICE = "Matplotlib is building the font cache"

# Runs in the child. Prints one JSON object: what was rendered, and every warning seen.
CHART_SCRIPT = textwrap.dedent(
    r'''
    import json, logging, sys, warnings

    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages = []
        def emit(self, record):
            self.messages.append(f"{record.name}: {record.getMessage()}")

    # After the import, so matplotlib's notice that it is building the fresh font cache is
    # not counted. "matplotlib" is the parent of the "matplotlib.font_manager" logger.
    logs = Collect()
    logging.getLogger("matplotlib").addHandler(logs)
    seen = warnings.catch_warnings(record=True).__enter__()  # kept until the end
    warnings.simplefilter("always")

    mode = sys.argv[1]
    out = sys.argv[2]
    import helpers
    import seaborn as sns
    import pandas as pd
    if mode == "plain":
        info = helpers.setup(theme=None)
    elif mode == "seaborn":
        info = helpers.setup()
    else:  # setup, then a different theme through the wrapper
        helpers.setup()
        info = helpers.set_theme(style="darkgrid", context="talk")

    def chart():
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 4))
        months = ["一月", "二月", "三月", "四月"]
        ax1.plot(months, [-3.5, 1.2, 4.0, -0.5], marker="o", label="净利润（万元）")
        ax1.plot(months, [2, 3, 1, 5], label="客户数量")
        ax1.set_title("月度经营概况：华东区")
        ax1.set_xlabel("月份")
        ax1.set_ylabel("金额／人数")
        ax1.legend(title="指标")
        data = pd.DataFrame({"客户类型": ["大客户", "潜力客户", "普通客户"] * 2,
                             "渠道": ["线上"] * 3 + ["线下"] * 3,
                             "销售额": [120, 80, 30, 90, 60, 45]})
        sns.barplot(data, x="客户类型", y="销售额", hue="渠道", ax=ax2)
        ax2.set_title("客户细分（segmentation）①②③")
        fig.suptitle("青岚工控 2024 年销售分析 — 增长 −5.2%", fontweight="bold")
        return fig

    result = {"info": info, "outputs": {}}
    fig = chart()
    for name, fonttype in {"chart.png": 3, "chart_type3.pdf": 3, "chart_type42.pdf": 42}.items():
        with matplotlib.rc_context({"pdf.fonttype": fonttype}):
            fig.savefig(f"{out}/{name}")
        result["outputs"][name] = f"{out}/{name}"
    plt.close(fig)

    props = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    result["findfont"] = font_manager.findfont(props, fallback_to_default=False)
    result["findfont_bold"] = font_manager.findfont(
        font_manager.FontProperties(family=matplotlib.rcParams["font.family"], weight="bold"),
        fallback_to_default=False)
    result["findfont_sans"] = font_manager.findfont(
        font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)

    def bitmap(text):
        fig = plt.figure(figsize=(0.6, 0.6), dpi=100)
        fig.text(0.5, 0.5, text, fontsize=28, ha="center", va="center")
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())[..., :3].min(axis=2)
        plt.close(fig)
        return pixels

    result["ink"] = int((bitmap("中") < 128).sum())
    result["zhong_vs_guo"] = bool((bitmap("中") != bitmap("国")).any())
    # What the same characters look like without a Chinese font: the .notdef box.
    result["warnings"] = [str(w.message) for w in seen] + logs.messages
    del seen[:]
    logs.messages.clear()
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        tofu_zhong, tofu_guo = bitmap("中"), bitmap("国")
    result["tofu_warned"] = any("missing" in str(w.message) for w in seen) or any(
        "missing" in m for m in logs.messages)
    result["tofu_same"] = bool((tofu_zhong == tofu_guo).all())
    result["zhong_vs_tofu"] = bool((bitmap("中") != tofu_zhong).any())
    print(json.dumps(result, ensure_ascii=False))
    '''
)


def run_child(mode: str, out: Path) -> dict:
    """Run CHART_SCRIPT in a fresh interpreter with an empty matplotlib config folder."""
    config = out / "mplconfig"
    config.mkdir()
    env = {**os.environ, "MPLCONFIGDIR": str(config), "MPLBACKEND": "Agg",
           "PYTHONWARNINGS": "always", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", CHART_SCRIPT, mode, str(out)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert list(config.iterdir()), "matplotlib did not build a fresh font cache"
    stderr = [line for line in proc.stderr.splitlines() if CACHE_NOTICE not in line]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["stderr"] = stderr
    return result


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["plain", "seaborn", "set_theme"])
def test_chart_renders_chinese_in_fresh_matplotlib(mode, tmp_path):
    result = run_child(mode, tmp_path)

    assert result["warnings"] == [], "warnings while drawing Chinese:\n" + "\n".join(result["warnings"])
    assert not any(re.search(r"Glyph|findfont|font", line) for line in result["stderr"]), result["stderr"]
    assert result["info"]["font_family"] == style.FONT_FAMILY
    assert result["info"]["unicode_minus"] is True

    # matplotlib resolves the configured family (and the generic sans-serif) to our files.
    assert Path(result["findfont"]) == style.FONT_PATH
    assert Path(result["findfont_bold"]) == style.FONT_BOLD_PATH
    assert Path(result["findfont_sans"]) == style.FONT_PATH

    # The check below would notice tofu: without a Chinese font, 中 and 国 are the same box.
    assert result["tofu_warned"] and result["tofu_same"]
    assert result["ink"] > 50
    assert result["zhong_vs_guo"], "中 and 国 render alike: the .notdef box, not Chinese"
    assert result["zhong_vs_tofu"], "中 renders as the .notdef box"

    png = Path(result["outputs"]["chart.png"]).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    for name in ("chart_type3.pdf", "chart_type42.pdf"):
        pdf = Path(result["outputs"][name]).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert b"CourseSansSC-Regular" in pdf, f"{name} does not embed the bundled font"
        assert b"CourseSansSC-Bold" in pdf, f"{name} does not embed the bold face (suptitle)"
        assert b"DejaVu" not in pdf, f"{name} fell back to DejaVu Sans for some text"
    type42 = Path(result["outputs"]["chart_type42.pdf"]).read_bytes()
    assert b"/CIDFontType2" in type42 and b"/FontFile2" in type42  # TrueType outlines


def test_import_helpers_changes_no_global_setting(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        import helpers, helpers.style
        helpers.setup, helpers.set_theme  # the lazy attributes resolve...
        heavy = sorted(m for m in ("matplotlib", "seaborn", "pandas", "IPython") if m in sys.modules)
        assert not heavy, f"importing helpers imported {heavy}"
        import matplotlib
        before = dict(matplotlib.rcParams)
        import importlib
        importlib.reload(helpers.style)
        assert dict(matplotlib.rcParams) == before
        print("ok")
        """
    )
    env = {**os.environ, "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_setup_twice_is_harmless_and_restorable():
    import matplotlib
    import pandas as pd
    from matplotlib import font_manager

    before = list(matplotlib.rcParams["font.family"])  # another test in this process may have set it up
    with matplotlib.rc_context(), pd.option_context("display.unicode.east_asian_width", False):
        matplotlib.rcParams["font.family"] = ["serif"]
        first = style.setup()
        entries = len(font_manager.fontManager.ttflist)
        second = style.setup()
        assert first == second
        assert len(font_manager.fontManager.ttflist) == entries  # fonts added only once
        assert matplotlib.rcParams["font.family"] == second["families"]
        assert matplotlib.rcParams["font.sans-serif"][: len(second["families"])] == second["families"]
        assert pd.get_option("display.unicode.east_asian_width") is True
    assert list(matplotlib.rcParams["font.family"]) == before  # restored by the rc context


def test_raw_seaborn_theme_drops_the_font_and_the_wrapper_keeps_it():
    import matplotlib
    import pandas as pd
    import seaborn as sns

    with matplotlib.rc_context(), pd.option_context("display.unicode.east_asian_width", False):
        style.setup(theme=None)
        sns.set_theme()  # the trap the wrapper exists for
        assert style.FONT_FAMILY not in matplotlib.rcParams["font.family"]
        style.set_theme(style="white")
        assert matplotlib.rcParams["font.family"][0] == style.FONT_FAMILY
        assert matplotlib.rcParams["font.sans-serif"][0] == style.FONT_FAMILY


def test_system_cjk_fonts_are_listed_only_when_installed():
    families = style.font_families({"Microsoft YaHei", "SimHei", "Arial"})
    assert families == [style.FONT_FAMILY, "Microsoft YaHei", "SimHei", "DejaVu Sans"]


# --- the font files themselves ------------------------------------------------------------

def is_cjk(ch: str) -> bool:
    """Ideographs, CJK punctuation and full-width forms: what a Chinese label is made of."""
    cp = ord(ch)
    return (0x3000 <= cp <= 0x303F or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF)


def project_texts() -> list[Path]:
    """Notebooks, data CSVs and helper sources: where chart text comes from."""
    paths = [p for folder in ("notebooks", "exercises", "solutions")
             for p in (ROOT / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    paths += sorted((ROOT / "data").rglob("*.csv"))
    paths += sorted((ROOT / "helpers").rglob("*.py"))
    return paths


def needed_characters(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":  # data values become tick labels and legends: all of them count
        return {ch for ch in text if ord(ch) > 0x7E and unicodedata.category(ch)[0] not in "CZ"}
    return {ch for ch in text if is_cjk(ch)}


@pytest.mark.parametrize("font_path", FONTS, ids=lambda p: p.stem)
def test_bundled_font_covers_every_chinese_character_of_the_project(font_path):
    cmap = TTFont(font_path, lazy=True).getBestCmap()
    missing: dict[str, list[str]] = {}
    for path in project_texts():
        for ch in sorted(needed_characters(path)):
            if ord(ch) not in cmap:
                missing.setdefault(ch, []).append(str(path.relative_to(ROOT)))
    report = "\n".join(f"  {ch} (U+{ord(ch):04X}) in {', '.join(files[:3])}"
                       for ch, files in sorted(missing.items()))
    assert not missing, (
        f"{font_path.name} lacks {len(missing)} character(s) used by the project; rebuild it "
        f"with tools/build_font.py (see helpers/fonts/SOURCE.md):\n{report}")


def test_bundled_font_covers_the_basics():
    wanted = "0123456789−%‰℃×÷√°①⑩●○■□▲△★☆，。、；：？！“”‘’（）《》【】—…·￥"
    gb2312 = set()
    for lead in range(0xB0, 0xF8):  # the 6,763 hanzi of GB2312 (rows 16-87)
        for trail in range(0xA1, 0xFF):
            try:
                gb2312.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(gb2312) == 6763
    for font_path in FONTS:
        cmap = TTFont(font_path, lazy=True).getBestCmap()
        lacking = [ch for ch in wanted + "".join(sorted(gb2312)) if ord(ch) not in cmap]
        assert not lacking, f"{font_path.name} lacks {''.join(lacking[:50])}"


@pytest.mark.parametrize("font_path", FONTS, ids=lambda p: p.stem)
def test_font_file_is_a_renamed_truetype_subset(font_path):
    assert font_path.stat().st_size < 5_000_000  # the repository flags files over 5 MB
    font = TTFont(font_path, lazy=True)
    assert "glyf" in font and "CFF " not in font  # embeddable as Type 3 and Type 42
    names = font["name"]
    assert names.getDebugName(1) == style.FONT_FAMILY
    for name_id in (1, 3, 4, 6, 16):
        value = names.getDebugName(name_id) or ""
        # "Source" is a Reserved Font Name of the upstream design; "Noto" a trademark.
        assert "Source" not in value and "Noto" not in value, (name_id, value)
    assert font["OS/2"].fsType == 0  # installable embedding: PDFs may carry it


def test_licence_and_source_note_sit_next_to_the_font():
    folder = style.FONT_PATH.parent
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Adobe" in licence and "Noto Sans CJK SC" in licence
    assert "Reserved Font Name" in licence
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for needed in ("fonts-noto-cjk", "NotoSansCJK-Regular.ttc", "2.004", "SIL Open Font License",
                   "tools/build_font.py"):
        assert needed in source, needed
    for font_path in FONTS:  # the note names the exact files it describes
        digest = hashlib.sha256(font_path.read_bytes()).hexdigest()
        assert f"`{font_path.name}`" in source
        assert digest in source, f"SOURCE.md does not list the SHA-256 of {font_path.name}"
    # Everything in the folder ships in the wheel (pyproject: package-data "fonts/*").
    assert all(p.is_file() for p in folder.iterdir())


# --- the notebook path ------------------------------------------------------------------------

@pytest.mark.slow
def test_notebook_kernel_shows_chinese_chart_and_plain_data_errors(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    cells = [
        "import helpers\ninfo = helpers.setup()",
        ("import seaborn as sns, pandas as pd\n"
         "df = pd.DataFrame({'客户类型': ['大客户', '潜力客户', '普通客户'], '客户数': [12, -3, 40]})\n"
         "ax = sns.barplot(df, x='客户类型', y='客户数')\n"
         "ax.set_title('客户分类（classification）');"),
        ("from helpers.errors import DataError\n"
         "raise DataError('缺少列“金额”', \"column 'amount' is missing\", fix_zh='请加入“金额”列',"
         " fix_en='add the column', source='orders.csv')"),
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    config = tmp_path / "mplconfig"
    config.mkdir()
    env = {**os.environ, "MPLCONFIGDIR": str(config)}
    env.pop("MPLBACKEND", None)  # the kernel's own inline backend, as in Jupyter
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute(env=env)  # passed on to the kernel manager

    setup_out, chart_out, error_out = (cell.outputs for cell in nb.cells)
    streams = [o.text for o in setup_out + chart_out if o.output_type == "stream"]
    streams = [s for s in streams if CACHE_NOTICE not in s]
    assert streams == [], streams
    assert not any(o.output_type == "error" for o in setup_out + chart_out)
    assert any("image/png" in o.get("data", {}) for o in chart_out)

    errors = [o for o in error_out if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "DataError"
    shown = "\n".join(errors[0].traceback)
    assert "缺少列“金额”" in shown and "怎么办：请加入“金额”列" in shown and "[EN]" in shown
    assert "Traceback" not in shown and "Cell In" not in shown and "errors.py" not in shown
