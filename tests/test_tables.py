"""helpers.data (read_table, require_columns): reading users' own CSV / Excel files and checking their columns."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data.columns import COLUMN_SYNONYMS, require_columns
from helpers.data.parse import _norm
from helpers.data.read import read_table
from helpers.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "tables"

HEADER = ["客户编号", "下单日期", "金额", "区域", "备注"]
ROWS = [
    ["C001", "2024-03-05", 1234.5, "华东", "老客户，常购"],
    ["C002", "2024-03-06", 88, "华南", "说：“好”"],
    ["C003", "2024-03-07", 0.5, "西北", "多行\n备注"],
]
EXPECTED = {
    "客户编号": ["C001", "C002", "C003"],
    "下单日期": ["2024-03-05", "2024-03-06", "2024-03-07"],
    "金额": [1234.5, 88.0, 0.5],
    "区域": ["华东", "华南", "西北"],
    "备注": ["老客户，常购", "说：“好”", "多行\n备注"],
}


def csv_bytes(rows: list[list], encoding: str, delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Every way a user's file arrives: the bytes as Excel (or a CRM export) writes them.
FORMATS = {
    "utf-8": lambda: csv_bytes([HEADER, *ROWS], "utf-8"),
    "utf-8-bom": lambda: csv_bytes([HEADER, *ROWS], "utf-8-sig"),
    "gbk": lambda: csv_bytes([HEADER, *ROWS], "gbk"),
    "gb18030": lambda: csv_bytes([HEADER, *ROWS], "gb18030"),
    "utf-16-tab": lambda: csv_bytes([HEADER, *ROWS], "utf-16", delimiter="\t"),  # Excel "Unicode text"
    "semicolon": lambda: csv_bytes([HEADER, *ROWS], "utf-8", delimiter=";"),
    "xlsx": lambda: xlsx_bytes({"订单": [HEADER, *ROWS]}),
}


def values(frame: pd.DataFrame) -> dict[str, list]:
    """Column -> values, with missing values as None (compare values, not dtypes)."""
    return {str(c): [None if pd.isna(v) else v for v in frame[c]] for c in frame.columns}


def assert_helpful(err: DataError, file_name: str, *keywords: str) -> None:
    """The message names the file and the problem, and has a Chinese fix and an English part."""
    message = str(err)
    assert file_name in message
    for keyword in keywords:
        assert keyword in message, f"{keyword!r} not in:\n{message}"
    assert re.search(r"[\u4e00-\u9fff]", err.zh) and re.search(r"[\u4e00-\u9fff]", err.fix_zh)
    assert err.en and err.fix_en and re.search(r"[A-Za-z]{3}", err.fix_en)
    assert "[EN]" in message and "怎么办" in message and "How to fix" in message
    assert "Traceback" not in message and "pandas" not in message


# ---------------------------------------------------------------------------------------
# read_table: good files, three ways of delivery
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("delivery", ["path", "str-path", "bytes", "upload", "file-object"])
def test_every_format_and_delivery_gives_the_same_table(fmt, delivery, tmp_path):
    data = FORMATS[fmt]()
    file_name = f"我的订单_{fmt}." + ("xlsx" if fmt == "xlsx" else "csv")
    path = tmp_path / file_name
    path.write_bytes(data)
    source = {
        "path": path,
        "str-path": str(path),
        "bytes": data,
        "upload": ({"name": file_name, "type": "", "size": len(data), "content": memoryview(data),
                    "last_modified": 0},),
        "file-object": io.BytesIO(data),
    }[delivery]
    name = file_name if delivery == "file-object" else None
    frame = read_table(source, name=name)
    assert values(frame) == EXPECTED
    assert list(frame.index) == [0, 1, 2]
    assert frame.attrs["header_row"] == 1
    if delivery in ("path", "str-path", "upload"):
        assert frame.attrs["source"] == file_name


def test_gb18030_keeps_characters_outside_gbk(tmp_path):
    rows = [["客户", "备注"], ["𠀀记商行", "报价 €12"], ["王喆", "正常"]]
    path = tmp_path / "gb18030.csv"
    path.write_bytes(csv_bytes(rows, "gb18030"))
    with pytest.raises(UnicodeEncodeError):
        "𠀀".encode("gbk")  # really outside GBK
    assert values(read_table(path)) == {"客户": ["𠀀记商行", "王喆"], "备注": ["报价 €12", "正常"]}


def test_windows_gbk_euro_byte_is_read_as_euro():
    # Windows code page 936 writes '€' as the single byte 0x80 (not valid GB18030)
    data = "产品,价格\n阀门,".encode("gbk") + b"\x80" + "5\n".encode("gbk")
    assert values(read_table(data, name="价格.csv")) == {"产品": ["阀门"], "价格": ["€5"]}


def test_header_names_are_cleaned():
    data = "\ufeff 客户编号 ,\u3000金额\u200b,\"订单\n日期\"\nC1,5,2024-01-01\n".encode("utf-8-sig")
    assert list(read_table(data, name="x.csv").columns) == ["客户编号", "金额", "订单 日期"]


def test_title_rows_and_blank_rows_are_skipped_and_remembered():
    rows = [["2024年订单明细"], [], HEADER[:3], ROWS[0][:3], ["", "", ""], ROWS[1][:3], [], []]
    frame = read_table(csv_bytes(rows, "utf-8"), name="明细.csv")
    assert values(frame)["客户编号"] == ["C001", "C002"]
    assert frame.attrs["header_row"] == 3
    assert frame.attrs["skipped_rows"] == (5, 7, 8)


def test_excel_sep_hint_line_is_honoured():
    frame = read_table(b"sep=;\r\na;b\r\n1,5;2\r\n", name="eu.csv")
    assert values(frame) == {"a": ["1,5"], "b": [2]}


def test_codes_with_leading_zeros_and_long_numbers_stay_text():
    data = b"code,order_no,qty\n00123,123456789012345678,1\n00456,223456789012345678,2\n"
    frame = read_table(data, name="x.csv")
    assert values(frame) == {"code": ["00123", "00456"],
                             "order_no": ["123456789012345678", "223456789012345678"], "qty": [1, 2]}


def test_blank_and_na_cells_are_missing():
    frame = read_table(b"a,b\n1,#N/A\n,x\n3,  \n", name="x.csv")
    assert values(frame) == {"a": [1.0, None, 3.0], "b": [None, "x", None]}


def test_xlsx_sheet_by_name_position_and_loose_name():
    data = xlsx_bytes({"说明": [["本文件包含两张表"], ["第二行说明", ""]], "Orders 2024": [["客户", "金额"], ["A", 5]]})
    for sheet in ("Orders 2024", 1, "orders2024"):
        frame = read_table(data, name="book.xlsx", sheet=sheet)
        assert values(frame) == {"客户": ["A"], "金额": [5]}
        assert frame.attrs["sheet"] == "Orders 2024"


def test_xlsx_values_keep_their_types_and_trailing_empty_columns_are_dropped():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "金额", None])
    sheet.append([pd.Timestamp("2024-03-05").to_pydatetime(), 12, None])
    sheet["F2"].font = openpyxl.styles.Font(bold=True)  # a styled but empty cell far right
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_table(buffer.getvalue(), name="t.xlsx")
    assert list(frame.columns) == ["日期", "金额"]
    assert frame.loc[0, "日期"] == pd.Timestamp("2024-03-05") and frame.loc[0, "金额"] == 12


# ---------------------------------------------------------------------------------------
# read_table: malformed input, each with its own explanation
# ---------------------------------------------------------------------------------------

def test_file_not_found_suggests_similar_names(tmp_path):
    (tmp_path / "订单2024.csv").write_bytes(b"a,b\n1,2\n")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / "订单2042.csv")
    assert_helpful(caught.value, "订单2042.csv", "找不到文件", "not found", "订单2024.csv")


def test_folder_instead_of_file(tmp_path):
    folder = tmp_path / "数据"
    folder.mkdir()
    (folder / "客户.xlsx").write_bytes(b"")
    with pytest.raises(DataError) as caught:
        read_table(folder)
    assert_helpful(caught.value, "数据", "文件夹", "folder", "客户.xlsx")


def test_empty_file(tmp_path):
    (tmp_path / "空.csv").write_bytes(b"")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / "空.csv")
    assert_helpful(caught.value, "空.csv", "0 字节", "empty")


def test_only_blank_lines():
    with pytest.raises(DataError) as caught:
        read_table(b" \r\n,,\r\n\r\n", name="blank.csv")
    assert_helpful(caught.value, "blank.csv", "空白", "blank")


def test_header_only():
    with pytest.raises(DataError) as caught:
        read_table("客户编号,金额\r\n".encode("gbk"), name="只有表头.csv")
    assert_helpful(caught.value, "只有表头.csv", "没有数据行", "no data rows")


@pytest.mark.parametrize(("data", "what"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"\x00\x01\x02\x03binary\x00\x00stuff", "二进制"),
])
def test_not_a_table(data, what):
    with pytest.raises(DataError) as caught:
        read_table(data, name="客户名单.csv")
    assert_helpful(caught.value, "客户名单.csv", what, "not")


def test_zip_that_is_not_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("orders.csv", "a,b\n1,2\n")
    with pytest.raises(DataError) as caught:
        read_table(buffer.getvalue(), name="导出.xlsx")
    assert_helpful(caught.value, "导出.xlsx", "zip", "解压", "orders.csv", "unzip")


def test_old_xls_is_explained(tmp_path):
    path = tmp_path / "旧客户表.xls"
    path.write_bytes((FIXTURES / "old_format.xls").read_bytes())  # written by xlwt (Excel 97-2003)
    with pytest.raises(DataError) as caught:
        read_table(path)
    assert_helpful(caught.value, "旧客户表.xls", ".xls", "97-2003", "CSV UTF-8（逗号分隔）", "xlsx")


def test_password_protected_xlsx(tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes((FIXTURES / "encrypted.xlsx").read_bytes())  # encrypted by msoffcrypto-tool, password 1234
    with pytest.raises(DataError) as caught:
        read_table(path)
    assert_helpful(caught.value, "加密.xlsx", "密码", "password")


def test_html_saved_as_xls():
    page = "<html><head><meta charset='utf-8'></head><body><table><tr><td>客户</td></tr></table></body></html>"
    with pytest.raises(DataError) as caught:
        read_table(page.encode("utf-8"), name="CRM导出.xls")
    assert_helpful(caught.value, "CRM导出.xls", "HTML", "CRM", "另存为", "web page")


def test_undecodable_text_names_encodings_tried():
    data = "name,city\nJosé,Köln\n".encode("cp1252") + b"\xff\xfe\xfd,x\n"
    with pytest.raises(DataError) as caught:
        read_table(data, name="latin.csv")
    assert_helpful(caught.value, "latin.csv", "UTF-8", "GB18030", "CSV UTF-8（逗号分隔）", "encoding")


def test_big5_is_not_silently_garbled():
    data = "客戶編號,客戶名稱,金額\nA1,張三貿易,100\nA2,臺灣機械,200\n".encode("big5")
    data.decode("gb18030")  # decodes without error -- but into nonsense
    with pytest.raises(DataError) as caught:
        read_table(data, name="繁体.csv")
    assert_helpful(caught.value, "繁体.csv", "乱码", "Big5", "CSV UTF-8（逗号分隔）", "encoding")


def test_row_with_more_fields_than_header_is_named():
    data = "客户,金额\r\nA,100\r\nB,1,234\r\n".encode()
    with pytest.raises(DataError) as caught:
        read_table(data, name="多了一列.csv")
    assert_helpful(caught.value, "多了一列.csv", "第 3 行", "row 3", "逗号")
    assert caught.value.row == 3


def test_duplicate_column_names():
    with pytest.raises(DataError) as caught:
        read_table("客户,金额, 金额 \nA,1,2\n".encode(), name="重复.csv")
    assert_helpful(caught.value, "重复.csv", "“金额”", "两次", "B 列和 C 列", "twice")


def test_blank_column_name_with_data():
    with pytest.raises(DataError) as caught:
        read_table("客户,,金额\nA,备注,1\n".encode(), name="空列名.csv")
    assert_helpful(caught.value, "空列名.csv", "B 列", "没有列名", "column B")


def test_full_width_comma_header():
    with pytest.raises(DataError) as caught:
        read_table("客户，金额\nA，1\n".encode(), name="中文逗号.csv")
    assert_helpful(caught.value, "中文逗号.csv", "中文逗号", "full-width")


def test_unbalanced_quote_names_the_row():
    data = b'a,b\n1,2\n3,"open\n4,5\n'
    with pytest.raises(DataError) as caught:
        read_table(data, name="quote.csv")
    assert_helpful(caught.value, "quote.csv", "引号", "第 3 行", "quotes")


def test_missing_sheet_lists_the_sheets():
    data = xlsx_bytes({"订单": [["a", "b"], [1, 2]], "客户": [["c"], [3]]})
    with pytest.raises(DataError) as caught:
        read_table(data, name="book.xlsx", sheet="销售")
    assert_helpful(caught.value, "book.xlsx", "销售", "“订单”、“客户”", "sheets")


def test_empty_sheet():
    data = xlsx_bytes({"空表": [], "订单": [["a", "b"], [1, 2]]})
    with pytest.raises(DataError) as caught:
        read_table(data, name="book.xlsx")
    assert_helpful(caught.value, "book.xlsx", "“空表”是空的", "订单", "empty")


def test_xlsx_blank_header_with_data_names_the_column_letter():
    data = xlsx_bytes({"表1": [["客户", "金额"], ["A", 1, "多出来的值"]]})
    with pytest.raises(DataError) as caught:
        read_table(data, name="book.xlsx")
    assert_helpful(caught.value, "book.xlsx", "C 列", "表1", "column C")


def test_damaged_xlsx():
    data = xlsx_bytes({"表1": [["a"], [1]]})
    with pytest.raises(DataError) as caught:
        read_table(data[: len(data) // 2], name="半截.xlsx")
    assert_helpful(caught.value, "半截.xlsx", "损坏", "damaged")


@pytest.mark.parametrize(("value", "keyword"),
                         [((), "还没有选择文件"), ([{"name": "a.csv", "content": b"a\n1"}] * 2, "2 个文件")])
def test_upload_with_no_or_several_files(value, keyword):
    with pytest.raises(DataError) as caught:
        read_table(value)
    assert keyword in str(caught.value) and "[EN]" in str(caught.value)


def test_ipywidgets_7_upload_value_is_accepted_too():
    value = {"客户.csv": {"metadata": {"name": "客户.csv"}, "content": "客户,金额\nA,1\n".encode("gbk")}}
    frame = read_table(value)
    assert values(frame) == {"客户": ["A"], "金额": [1]} and frame.attrs["source"] == "客户.csv"


def test_word_document_is_explained():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(DataError) as caught:
        read_table(buffer.getvalue(), name="报告.docx")
    assert_helpful(caught.value, "报告.docx", "Word", "Word document")


# ---------------------------------------------------------------------------------------
# read_table: property
# ---------------------------------------------------------------------------------------

# Common Chinese characters (GB2312 level 1): real business text, which is what the
# "implausible GB18030" check expects; plus punctuation that needs CSV quoting.
COMMON_HANZI = [bytes([hi, lo]).decode("gb2312") for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
                if (hi, lo) < (0xD7, 0xFA)]
TEXT = st.text(st.sampled_from(COMMON_HANZI + list("，、。（）“”,\"\n ab")), min_size=1, max_size=12).filter(
    lambda s: s == s.strip())
NAMES = st.lists(st.text(st.sampled_from(COMMON_HANZI), min_size=1, max_size=6), min_size=3, max_size=3, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=NAMES, rows=st.lists(st.tuples(TEXT, st.floats(-1e9, 1e9, allow_nan=False), st.integers(-10**9, 10**9)),
                                  min_size=1, max_size=15),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
def test_any_chinese_table_written_as_csv_reads_back_equal(names, rows, encoding):
    original = pd.DataFrame(rows, columns=names)
    data = original.to_csv(index=False).encode(encoding)
    frame = read_table(data, name="prop.csv")
    assert values(frame) == values(original)


# ---------------------------------------------------------------------------------------
# require_columns
# ---------------------------------------------------------------------------------------

SPEC = {"customer_id": "id", "date": "date", "amount": {"type": "number", "min": 0},
        "region": {"type": "text", "required": False}}


def test_synonym_lists_do_not_overlap_and_contain_the_canonical_name():
    owner: dict[str, str] = {}
    for canonical, names in COLUMN_SYNONYMS.items():
        assert _norm(canonical) in {_norm(n) for n in names}
        for name in names:
            assert owner.setdefault(_norm(name), canonical) == canonical, (
                f"{name} is in {owner[_norm(name)]} and {canonical}")


@pytest.mark.parametrize("header", ["客户编号", "客户ID", "客户 id", "Customer ID", "CustomerID", "customer_id",
                                    "ＣＵＳＴ＿ＩＤ", "cust-id", "会员ID", "客户代码"])
def test_customer_id_synonyms(header):
    out = require_columns(pd.DataFrame({header: ["A"], "日期": ["2024-1-2"], "实付金额": [5]}), SPEC)
    assert list(out.columns) == ["customer_id", "date", "amount"]
    assert values(out)["customer_id"] == ["A"]


def test_spec_columns_first_others_kept_input_not_mutated():
    raw = pd.DataFrame({"备注": ["x", "y"], "销售额": ["¥1,234.50", "88"], "下单日期": ["2024/3/5", "2024年3月6日"],
                        "会员编号": [1001.0, 1002.0], "大区": ["华东", "华北"]})
    before = raw.copy(deep=True)
    out = require_columns(raw, SPEC)
    pd.testing.assert_frame_equal(raw, before)
    assert list(out.columns) == ["customer_id", "date", "amount", "region", "备注"]
    assert values(out)["customer_id"] == ["1001", "1002"]
    assert values(out)["amount"] == [1234.5, 88.0]
    assert out is not raw and out["amount"] is not raw["销售额"]


@pytest.mark.parametrize(("text", "number"), [
    ("¥1,234.50", 1234.5), ("￥1,234.50", 1234.5), ("1,234元", 1234.0), ("（1,234）", -1234.0), ("(12.5)", -12.5),
    ("12.5%", 0.125), ("１２３", 123.0), ("1.2万", 12000.0), ("3亿", 3e8), ("-¥5", -5.0), (" 7 ", 7.0),
    ("1 234 567", 1234567.0), ("RMB 10", 10.0), (42, 42.0), (2.5, 2.5),
])
def test_number_coercion(text, number):
    out = require_columns(pd.DataFrame({"金额": [text]}), {"amount": "number"})
    assert out["amount"].tolist() == [pytest.approx(number)]


@pytest.mark.parametrize("text", ["2024/3/5", "2024-03-05", "2024-3-5", "2024年3月5日", "2024年03月05日", "20240305",
                                  20240305, "2024.3.5", 45356, pd.Timestamp("2024-03-05"), "2024/3/5 0:00"])
def test_date_coercion(text):
    out = require_columns(pd.DataFrame({"下单日期": [text]}), {"date": "date"})
    assert out["date"].tolist() == [pd.Timestamp("2024-03-05")]


def test_dates_with_time_and_excel_serial_from_xlsx():
    data = xlsx_bytes({"订单": [["客户编号", "日期", "数量"], ["C1", 45356.5, "3"], ["C2", "2024/3/6 14:30", 4]]})
    out = require_columns(read_table(data, name="o.xlsx"), {"customer_id": "id", "date": "date", "quantity": "integer"})
    assert out["date"].tolist() == [pd.Timestamp("2024-03-05 12:00"), pd.Timestamp("2024-03-06 14:30")]
    assert out["quantity"].tolist() == [3, 4]


def test_missing_column_lists_found_columns_and_synonyms():
    raw = pd.DataFrame({"客户编号": ["A"], "金额（元）": [1], "备注": ["x"]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"customer_id": "id", "date": "date"}, source="订单.csv")
    assert_helpful(caught.value, "订单.csv", "date", "下单日期", "order_date", "客户编号、金额（元）、备注",
                   "not found")


def test_missing_column_suggests_a_close_header():
    with pytest.raises(DataError) as caught:
        require_columns(pd.DataFrame({"订单日期时间": ["2024-01-01"]}), {"date": "date"}, source="x.csv")
    assert "是不是“订单日期时间”" in str(caught.value)


def test_bad_values_name_excel_rows_and_values():
    data = csv_bytes([["2024 年订单"], ["客户编号", "金额"], ["A", "12"], ["B", "十二"], [], ["C", "1,5"],
                      ["D", "5"]], "utf-8")
    frame = read_table(data, name="订单.csv")
    with pytest.raises(DataError) as caught:
        require_columns(frame, {"customer_id": "id", "amount": "number"})
    err = caught.value
    assert_helpful(err, "订单.csv", "“金额”", "不是数字", "第 4 行“十二”", "第 6 行“1,5”", "row 4 '十二'")
    assert err.column == "金额"


def test_many_bad_values_are_summarised():
    raw = pd.DataFrame({"金额": ["x"] * 3 + [str(i) for i in range(10)] + ["y"] * 7})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"amount": "number"}, source="x.csv")
    message = str(caught.value)
    assert "共 10 个" in message and "第 2 行“x”" in message and "第 16 行“y”" in message
    assert "第 17 行" not in message  # only the first five are shown


def test_ranges():
    raw = pd.DataFrame({"金额": [5, -1, 200], "日期": ["2024-01-01", "2023-12-31", "2024-06-01"]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"amount": {"type": "number", "min": 0, "max": 100},
                              "date": {"type": "date", "min": "2024-01-01"}}, source="r.csv")
    assert_helpful(caught.value, "r.csv", "3 处问题", "小于下限 0：第 3 行“-1”", "大于上限 100：第 4 行“200”",
                   "小于下限 2024-01-01：第 3 行“2023-12-31”")


def test_nulls_are_refused_unless_allowed():
    raw = pd.DataFrame({"客户编号": ["A", None, "  ", "D"], "区域": ["华东", None, "华南", "#N/A"]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"customer_id": "id"}, source="n.csv")
    assert_helpful(caught.value, "n.csv", "2 个空值", "第 3 行、第 4 行", "allow_null")
    out = require_columns(raw.iloc[[0, 3]], {"customer_id": "id", "region": {"type": "text", "allow_null": True}})
    assert values(out)["region"] == ["华东", None]


def test_ambiguous_columns_are_named_and_can_be_settled():
    raw = pd.DataFrame({"订单金额": [10, 20], "实付金额": [9, 18]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"amount": "number"}, source="a.csv")
    assert_helpful(caught.value, "a.csv", "订单金额", "实付金额", "column")
    out = require_columns(raw, {"amount": {"type": "number", "column": "实付金额"}})
    assert list(out.columns) == ["amount", "订单金额"] and out["amount"].tolist() == [9.0, 18.0]


def test_aliases_choices_category_and_unique():
    raw = pd.DataFrame({"成交价": ["1", "2"], "等级": ["a", "Ｂ"], "客户编号": ["C1", "C1"]})
    out = require_columns(raw, {"price": {"type": "number", "aliases": ["成交价"]},
                                "level": {"type": "category", "choices": ["A", "B", "C"]}})
    assert out["level"].tolist() == ["A", "B"] and list(out["level"].cat.categories) == ["A", "B", "C"]
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"level": {"type": "category", "choices": ["A", "C"]},
                              "customer_id": {"type": "id", "unique": True}}, source="c.csv")
    assert_helpful(caught.value, "c.csv", "不在允许的取值（A/C）中：第 3 行“Ｂ”", "重复出现：第 3 行“C1”")


def test_integer_type():
    out = require_columns(pd.DataFrame({"数量": ["3", 4.0, None]}),
                          {"quantity": {"type": "integer", "allow_null": True}})
    assert values(out)["quantity"] == [3, 4, None]
    with pytest.raises(DataError) as caught:
        require_columns(pd.DataFrame({"数量": ["3", "2.5"]}), {"quantity": "integer"}, source="q.csv")
    assert_helpful(caught.value, "q.csv", "不是整数", "第 3 行“2.5”")


def test_bad_dates_are_reported():
    raw = pd.DataFrame({"日期": ["2024-02-30", "下周一", "2024/3/5", 3]})
    with pytest.raises(DataError) as caught:
        require_columns(raw, {"date": "date"}, source="d.csv")
    assert_helpful(caught.value, "d.csv", "不是日期", "第 2 行“2024-02-30”", "第 3 行“下周一”", "第 5 行“3”")


def test_optional_missing_column_is_absent():
    out = require_columns(pd.DataFrame({"客户编号": ["A"], "日期": ["2024-01-01"], "金额": [1]}), SPEC)
    assert "region" not in out.columns


def test_bad_spec_is_explained():
    with pytest.raises(DataError, match="类型可选"):
        require_columns(pd.DataFrame({"a": [1]}), {"amount": "money"})
    with pytest.raises(DataError, match="minimum"):
        require_columns(pd.DataFrame({"a": [1]}), {"amount": {"type": "number", "minimum": 0}})
    with pytest.raises(DataError, match="min/max"):
        require_columns(pd.DataFrame({"a": [1]}), {"region": {"type": "text", "min": 0}})


def test_helpers_package_exports():
    import helpers

    assert helpers.read_table is read_table and helpers.require_columns is require_columns


def test_filtered_frame_keeps_excel_row_numbers():
    frame = read_table(b"id,amount\nA,1\nB,2\nC,x\n", name="f.csv")
    with pytest.raises(DataError) as caught:
        require_columns(frame[frame["id"] != "A"], {"customer_id": {"type": "id", "column": "id"}, "amount": "number"})
    assert "第 4 行“x”" in str(caught.value) and "f.csv" in str(caught.value)
