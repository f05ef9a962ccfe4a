"""The bad-input corpus (issue 12, items 6-9): every file users bring, with its expected result.

tests/fixtures/tables/ holds the files (make_corpus.py there wrote them) and expected.json
the result of each: the values ``read_table`` (then ``require_columns`` with ``spec``)
gives, or the words of the DataError. Nothing else than a DataError may ever come out of
``read_table`` and ``require_columns`` -- also for paths, sizes and numbers nobody planned for.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.data.columns import require_columns
from helpers.data.read import read_table
from helpers.data.xlsx import _xlsx_rows, xlsx_engine
from helpers.errors import DataError

CORPUS = Path(__file__).resolve().parent / "fixtures" / "tables"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def plain(frame: pd.DataFrame) -> dict[str, list]:
    """Column -> values as JSON would hold them (dates as ISO text, missing as None)."""
    out = {}
    for column in frame.columns:
        values = []
        for v in frame[column]:
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
                values.append(None)
            elif isinstance(v, (pd.Timestamp, dt.datetime)):
                values.append(pd.Timestamp(v).isoformat())
            elif isinstance(v, np.generic):
                values.append(v.item())
            else:
                values.append(v)
        out[str(column)] = values
    return out


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(EXPECTED) >= 40
    names = " ".join(EXPECTED)
    for kind in ("gbk", "gb18030", "utf8", "utf8_bom", "utf16", "big5", "title_rows", "merged_two_row",
                 "several_sheets", "formula", "date_serials", "chinese_dates", "wan", "bracket", "refunds",
                 "duplicated_ids", "blank_ids", "missing_column", "empty", "header_only", "html_posing", "zip_posing"):
        assert kind in names, kind
    assert {p.name for p in CORPUS.iterdir()} >= set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    want = EXPECTED[name]
    try:
        frame = read_table(CORPUS / name, **want.get("kwargs", {}))
        if "spec" in want:
            frame = require_columns(frame, want["spec"])
    except DataError as err:
        assert "error" in want, f"{name}: unexpected DataError\n{err}"
        for word in want["error"]:
            assert word in str(err), f"{name}: {word!r} not in\n{err}"
        assert name in str(err) or err.source, "the message names the file"
        assert "[EN]" in str(err) and err.fix_zh
        if "row" in want:
            assert err.row == want["row"], (name, err.row)
        return
    assert "error" not in want, f"{name}: expected a DataError with {want['error']}, got a table"
    assert plain(frame) == want["values"], name
    if "header_row" in want:
        assert frame.attrs["header_row"] == want["header_row"]


@pytest.mark.skipif(xlsx_engine() != "calamine", reason="python-calamine is not installed")
@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.endswith(".xlsx") and "error" not in EXPECTED[n]))
def test_calamine_and_openpyxl_give_the_same_cells(name):
    data = (CORPUS / name).read_bytes()
    sheet = EXPECTED[name].get("kwargs", {}).get("sheet")
    assert _xlsx_rows(data, name, sheet, engine="calamine") == _xlsx_rows(data, name, sheet, engine="openpyxl")


# ---------------------------------------------------------------------------------------
# only DataError, whatever the input
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("make", ["nul", "too_long", "loop", "dangling", "fifo_free_dir"])
def test_odd_paths_give_a_data_error(tmp_path, make):
    if make == "nul":
        path = str(tmp_path / "a\x00b.csv")
    elif make == "too_long":
        path = tmp_path / ("长" * 200 + ".csv")
    elif make == "loop":
        (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
        (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
        path = tmp_path / "a.csv"
    elif make == "dangling":
        (tmp_path / "x.csv").symlink_to(tmp_path / "nowhere.csv")
        path = tmp_path / "x.csv"
    else:
        path = tmp_path / "sub" / ("d" * 300) / "x.csv"
    with pytest.raises(DataError) as caught:
        read_table(path)
    assert "[EN]" in str(caught.value)


def test_a_cell_longer_than_csv_modules_limit_is_a_cell():
    long = "长" * 200_000
    frame = read_table(f"客户,备注\r\nA,{long}\r\nB,短\r\n".encode("gbk"), name="long.csv")
    assert frame["备注"].tolist() == [long, "短"]
    quoted = read_table(f'客户,备注\r\nA,"{long}\r\n第二行"\r\n'.encode(), name="long.csv")
    assert len(quoted.loc[0, "备注"]) == 200_005


@pytest.mark.parametrize("value", [12345678901234567890, -(10**25), 2**63, float("inf"), "9" * 400, [1, 2], {"a": 1},
                                   b"bytes", object()])
@pytest.mark.parametrize("kind", ["id", "text", "number", "integer", "date", "category"])
def test_require_columns_only_ever_raises_data_error(value, kind):
    frame = pd.DataFrame({"值": pd.Series([value, "1"], dtype=object)})
    try:
        require_columns(frame, {"v": {"type": kind, "column": "值"}})
    except DataError:
        pass


@pytest.mark.parametrize("df, spec", [("not a frame", {"a": "id"}), (pd.DataFrame({"a": [1]}), ["a"]),
                                      (pd.DataFrame({"a": [1]}), {"a": {"type": "number", "min": "zero"}}),
                                      (pd.DataFrame({"a": [1]}), {"a": {"type": "date", "format": 5}})])
def test_require_columns_refuses_bad_arguments_with_a_data_error(df, spec):
    with pytest.raises(DataError):
        require_columns(df, spec)


# ---------------------------------------------------------------------------------------
# a very large file, made at test time
# ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_very_large_gbk_file_reads_correctly(tmp_path):
    rows = 300_000
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"订单编号": [f"O{i:07d}" for i in range(rows)],
                          "区域": rng.choice(["华东", "华南", "西北"], rows),
                          "金额": np.round(rng.gamma(2, 500, rows), 2), "数量": rng.integers(1, 20, rows)})
    path = tmp_path / "大文件.csv"
    frame.to_csv(path, index=False, encoding="gbk")
    start = time.perf_counter()
    back = read_table(path)
    assert time.perf_counter() - start < 60
    assert back.shape == frame.shape and back["金额"].tolist() == frame["金额"].tolist()
    assert back["订单编号"].iloc[-1] == f"O{rows - 1:07d}" and back["数量"].dtype.kind == "i"
    with open(path, "ab") as handle:  # one UTF-8 row at the very end is still found and named
        handle.write("O9999999,北京,1,1\r\n".encode())
    with pytest.raises(DataError) as caught:
        read_table(path)
    assert caught.value.row == rows + 2 and "北京" in str(caught.value)
    os.remove(path)
