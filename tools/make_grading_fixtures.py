"""Regenerate the grading fixtures: write tests/fixtures/submissions/ from the L01 exercise,
as trainees would fill it in.
"""
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/submissions"
BLANK = "...  # 请在这里填写"

def fill(name, answers, breaks=None):
    nb = nbformat.read(ROOT / "exercises/L01_练习.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source.replace('姓名 = ""', f'姓名 = "{name}"')
        lines = src.split("\n")
        for var, expr in answers.items():
            lines = [f"{var} = {expr}" if ln == f"{var} = {BLANK}" else ln for ln in lines]
        src = "\n".join(lines)
        cell.source = src
    return nb

GOOD_A = {  # the solution's way
    "回收率": 'survey["responded"].mean()',
    "分组回收率": 'survey.groupby("customer_group", observed=True)["responded"].mean()',
    "交期好评率": '(survey["q_delivery"].dropna() >= 4).mean()',
    "贬损者比例": '(分数 <= 6).mean()',
    "NPS": '(推荐者比例 - 贬损者比例) * 100',
    "第5题答案": '"C"',
    "编码": '["交期与供货", "价格与商务"]',
}
GOOD_B = {  # other correct ways a trainee might write
    "回收率": 'survey["responded"].sum() / len(survey)',
    "分组回收率": 'survey.groupby("customer_group", observed=True)[["responded"]].mean()',
    "交期好评率": 'survey["q_delivery"].isin([4, 5]).sum() / survey["q_delivery"].notna().sum()',
    "贬损者比例": '分数.between(0, 6).mean()',
    "NPS": '100 * 推荐者比例 - 100 * 贬损者比例',
    "第5题答案": '"c"',
    "编码": '["价格与商务", "交期与供货"]',
}
PARTIAL = {  # q1, q2 right; q3 wrong denominator; the rest untouched
    "回收率": 'survey["responded"].mean()',
    "分组回收率": 'survey.groupby("customer_group", observed=True)["responded"].mean()',
    "交期好评率": '(survey["q_delivery"] >= 4).sum() / len(survey)',
}
RAISES = {  # q1 raises KeyError (typo), q2 right, q5 and q6 right, q3-q4 blank
    "回收率": 'survey["respond"].mean()',
    "分组回收率": 'survey.groupby("customer_group", observed=True)["responded"].mean()',
    "第5题答案": '"C"',
    "编码": '["交期与供货", "价格与商务"]',
}
nbformat.write(fill("张三", GOOD_A), OUT / "张三_L01.ipynb")
nbformat.write(fill("李四", GOOD_B), OUT / "李四_L01.ipynb")
nbformat.write(fill("王五", PARTIAL), OUT / "王五_L01.ipynb")
nbformat.write(fill("", RAISES), OUT / "赵六_L01.ipynb")   # forgot to write a name: the file name is used
(OUT / "孙七_L01.ipynb").write_bytes(b"")
(OUT / "周八_L01.docx").write_bytes("这是一份 Word 文档，不是笔记本。".encode())
