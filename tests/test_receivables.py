"""Lecture 4: receivables ageing and overdue alerts on nine hand-made receivables (review date 2025-12-31).

| deal | customer | delivered  | terms | paid       | 万元 | due        | overdue | bucket          |
|------|----------|------------|------:|------------|-----:|------------|--------:|-----------------|
| R1   | X        | 2025-12-01 |    60 |            |   10 | 2026-01-30 |     -30 | 未到期          |
| R2   | X        | 2025-10-01 |    60 |            |   20 | 2025-11-30 |      31 | 逾期 31–90 天   |
| R3   | X        | 2025-09-01 |    30 |            |   30 | 2025-10-01 |      91 | 逾期 91–180 天  |
| R4   | Y        | 2025-03-01 |    90 |            |   40 | 2025-05-30 |     215 | 逾期 180 天以上 |
| R5   | Z        | 2025-11-15 |    30 |            |    5 | 2025-12-15 |      16 | 逾期 1–30 天    |
| R6   | Y        | 2025-10-01 |    60 | 2025-11-20 |    7 | (paid: not a receivable)        |
| R7   | Y        | 2025-12-20 |     — |            |    8 | —          |       — | 账期未填写      |
| R8   | W        | 2025-11-30 |    31 |            |    2 | 2025-12-31 |       0 | 未到期 (due today) |
| R9   | Z        | 2025-11-01 |    30 |            |    3 | 2025-12-01 |      30 | 逾期 1–30 天 (bound) |
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import DataError
from helpers.analysis.receivables import ageing_summary, overdue_alerts, payment_behaviour, receivables_ageing

ROWS = [("R1", "X", "2025-12-01", 60, None, 10), ("R2", "X", "2025-10-01", 60, None, 20),
        ("R3", "X", "2025-09-01", 30, None, 30), ("R4", "Y", "2025-03-01", 90, None, 40),
        ("R5", "Z", "2025-11-15", 30, None, 5), ("R6", "Y", "2025-10-01", 60, "2025-11-20", 7),
        ("R7", "Y", "2025-12-20", None, None, 8), ("R8", "W", "2025-11-30", 31, None, 2),
        ("R9", "Z", "2025-11-01", 30, None, 3)]
AS_OF = "2025-12-31"


def receivables() -> pd.DataFrame:
    df = pd.DataFrame(ROWS, columns=["opportunity_id", "customer_id", "date_delivered", "payment_terms_days",
                                     "date_paid", "wan"])
    df["created_date"], df["date_signed"] = "2025-01-02", "2025-02-01"
    df["expected_amount"] = df.pop("wan") * 1e4
    return df


def test_ageing_buckets_with_inclusive_bounds():
    a = receivables_ageing(receivables(), as_of=AS_OF).set_index("商机编号")
    assert "R6" not in a.index and len(a) == 8
    want = {"R1": (-30, "未到期"), "R2": (31, "逾期 31–90 天"), "R3": (91, "逾期 91–180 天"),
            "R4": (215, "逾期 180 天以上"), "R5": (16, "逾期 1–30 天"), "R8": (0, "未到期"), "R9": (30, "逾期 1–30 天")}
    for deal, (days, bucket) in want.items():
        assert (a.loc[deal, "逾期（天）"], a.loc[deal, "账龄档"]) == (days, bucket), deal
    assert a.loc["R7", "账龄档"] == "账期未填写" and a.attrs["missing_terms"] == ["R7"]
    assert a.loc["R1", "到期日"] == pd.Timestamp("2026-01-30")


def test_summary_keeps_every_bucket_and_totals():
    s = ageing_summary(receivables_ageing(receivables(), as_of=AS_OF))
    assert s["笔数"].tolist() == [2, 2, 1, 1, 1, 1, 8]
    assert s["金额（万元）"].tolist() == [12, 8, 20, 30, 40, 8, 118]
    assert s.attrs["overdue"] == 98 and s.attrs["over_90"] == 70
    assert "逾期超过 90 天的 2 笔、70.0 万元，来自 2 家客户" in s.attrs["headline"]
    empty = ageing_summary(receivables_ageing(receivables().query("opportunity_id == 'R6'"), as_of=AS_OF))
    assert empty.loc["合计", "笔数"] == 0


def test_alerts_fire_on_the_worst_item_per_customer():
    visits = pd.DataFrame({"visit_date": ["2025-12-10", "2025-10-01"], "customer_id": ["Y", "X"],
                           "purpose": ["回款催收", "回款催收"]})
    alerts = overdue_alerts(receivables_ageing(receivables(), as_of=AS_OF), visits=visits).set_index("客户编号")
    assert alerts["预警级别"].to_dict() == {"Y": "红色", "X": "红色", "Z": "黄色", "W": "提醒"}
    assert list(alerts.index) == ["X", "Y", "Z", "W"]  # by level, then overdue amount (X 50, Y 40 万元)
    assert alerts.loc["X", "最长逾期（天）"] == 91 and alerts.loc["Z", "最长逾期（天）"] == 30
    assert alerts.loc["Y", "近30天有催收拜访"] and not alerts.loc["X", "近30天有催收拜访"]  # X's visit is too old
    assert alerts.loc["X", "负责人"] == "销售经理" and alerts.loc["Z", "负责人"] == "负责销售"


def test_red_alert_start_and_orders_placed_since():
    """X turned red on 2025-12-31 (R3 due 10-01 + 91 days); Y on 2025-08-29 (R4 due 05-30 + 91).
    Y ordered on 08-28 (before), 09-10 and 11-01 (after: 2 orders, 5 万元); X's order on 12-31 counts."""
    orders = pd.DataFrame({"customer_id": ["Y", "Y", "Y", "X", "Z"], "amount": [1e4, 2e4, 3e4, 4e4, 9e4],
                           "order_date": ["2025-08-28", "2025-09-10", "2025-11-01", "2025-12-31", "2025-12-01"]})
    alerts = overdue_alerts(receivables_ageing(receivables(), as_of=AS_OF), orders=orders).set_index("客户编号")
    assert alerts.loc["Y", "红色预警起始日"] == pd.Timestamp("2025-08-29")
    assert alerts.loc["X", "红色预警起始日"] == pd.Timestamp("2025-12-31")
    assert alerts.loc["Y", "此后订单数"] == 2 and alerts.loc["Y", "此后订单金额（万元）"] == 5
    assert alerts.loc["X", "此后订单数"] == 1 and pd.isna(alerts.loc["Z", "此后订单数"])  # Z is not red
    assert "Y在 2025-08-29 之后仍下了 2 笔订单、5.0 万元" in alerts.attrs["headline"]
    quiet = overdue_alerts(receivables_ageing(receivables(), as_of=AS_OF), orders=orders.iloc[:1])
    assert "红色预警的客户在预警之后都没有新订单" in quiet.attrs["headline"]


def test_alerts_can_leave_out_customers_without_an_alert():
    df = receivables()
    ageing = receivables_ageing(df[df["opportunity_id"].isin(["R1", "R2"]) | (df["customer_id"] == "W")],
                                as_of=AS_OF)
    every = overdue_alerts(ageing, soon_days=0)
    assert every["预警级别"].tolist() == ["橙色", "提醒"]
    df = df[df["opportunity_id"].isin(["R2", "R1"])]
    both = receivables_ageing(pd.concat([df, receivables().query("opportunity_id == 'R1'")
                                         .assign(opportunity_id="R10", customer_id="V")]), as_of=AS_OF)
    shown = overdue_alerts(both, include_none=False)
    assert shown["客户编号"].tolist() == ["X"] and shown.index.tolist() == [1]
    assert "2 家有未回款应收的客户中" in shown.attrs["headline"]  # the headline counts V too


def test_orange_and_nothing_due_soon():
    df = receivables()
    df = df[df["opportunity_id"].isin(["R2", "R1"])]
    alerts = overdue_alerts(receivables_ageing(df, as_of=AS_OF))
    assert alerts["预警级别"].tolist() == ["橙色"]
    only_r1 = overdue_alerts(receivables_ageing(df[df["opportunity_id"] == "R1"], as_of=AS_OF))
    assert only_r1["预警级别"].tolist() == ["无"]  # due in 30 days: beyond the 15-day reminder


def test_terms_or_due_date_required_and_default_terms():
    df = receivables().drop(columns="payment_terms_days")
    with pytest.raises(DataError, match="缺少账期或到期日列"):
        receivables_ageing(df, as_of=AS_OF)
    a = receivables_ageing(df, as_of=AS_OF, default_terms=30).set_index("商机编号")
    assert a.loc["R4", "逾期（天）"] == 275
    due = receivables().drop(columns="payment_terms_days").assign(到期日="2025-12-01")
    assert receivables_ageing(due, as_of=AS_OF)["逾期（天）"].eq(30).all()


def test_delivery_after_review_date_names_the_row():
    df = receivables()
    df.loc[3, "date_delivered"] = "2026-01-05"
    with pytest.raises(DataError, match="第 4 行"):
        receivables_ageing(df, as_of=AS_OF)


def test_chinese_headers():
    df = receivables().rename(columns={
        "opportunity_id": "商机编号", "customer_id": "客户编号", "date_delivered": "交付日期",
        "payment_terms_days": "账期", "date_paid": "回款日期", "created_date": "创建日期", "date_signed": "签约日期",
        "expected_amount": "预计金额"})
    assert ageing_summary(receivables_ageing(df, as_of=AS_OF)).loc["合计", "金额（万元）"] == 118


def test_payment_behaviour_on_time_share():
    df = receivables()
    b = payment_behaviour(df, year=2025)
    assert b.loc["合计", "回款笔数"] == 1 and b.loc["合计", "按期占比"] == 1.0  # R6: 50 days on 60-day terms
    assert b.loc["合计", "晚于到期日中位数（天）"] == -10 and b.loc["合计", "样本少"]
    assert "到期日当天或之前到账（与账龄同一口径" in b.attrs["headline"]


def test_payment_one_day_late_is_not_on_time_unless_a_grace_is_given():
    """Like the ageing (one day late = overdue): R6 paid on day 61 of 60-day terms is late."""
    df = receivables()
    df.loc[5, "date_paid"] = "2025-12-01"  # delivered 10-01, 61 days
    assert payment_behaviour(df, year=2025).loc["合计", "按期占比"] == 0.0
    assert payment_behaviour(df, year=2025, grace_days=7).loc["合计", "按期占比"] == 1.0
