"""青岚工控 (fictional B2B): the 2025 customer interviews (访谈纪要).

Who is interviewed matters: decision makers (决策层) talk about price, digitalisation and
competitors, the people on the shop floor (执行层) about delivery, technical support and
after-sales response. The mix of levels is balanced (about 30 / 40 / 30 %), so weighting the
notes by level (决策层 3, 管理层 2, 执行层 1, as lecture 1 does) visibly changes the ranking
of the themes. The generator asserts that (pattern 访谈加权).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from gen_common import Row, _rand_date, pick, rng_for

#: interviewee roles per level (a role belongs to exactly one level)
LEVEL_ROLES = {
    "执行层": (("技术工程师", 0.5), ("维修班长", 0.3), ("采购专员", 0.2)),
    "管理层": (("采购经理", 0.4), ("设备主管", 0.35), ("生产厂长", 0.25)),
    "决策层": (("总经理", 0.6), ("副总经理", 0.4)),
}

#: how many of the 52 interviews are with each level (30 / 40 / 30 %)
LEVEL_COUNTS = {"执行层": 16, "管理层": 20, "决策层": 16}

#: probability that an interviewee of a level brings up a theme
THEME_P = {
    "决策层": {"交期": 0.12, "价格": 0.80, "技术支持": 0.08, "产品质量": 0.25, "数字化": 0.55, "竞品": 0.55,
            "售后响应": 0.08},
    "管理层": {"交期": 0.40, "价格": 0.45, "技术支持": 0.30, "产品质量": 0.40, "数字化": 0.25, "竞品": 0.25,
            "售后响应": 0.30},
    "执行层": {"交期": 0.55, "价格": 0.08, "技术支持": 0.65, "产品质量": 0.30, "数字化": 0.10, "竞品": 0.06,
            "售后响应": 0.65},
}

#: the lecture's codebook category each theme is coded into (lecture 1, ``interviews.DEFAULT_CODEBOOK``)
THEME_CATEGORY = {"交期": "交期与供货", "价格": "价格与商务", "技术支持": "技术支持与服务",
                  "售后响应": "技术支持与服务", "产品质量": "产品质量", "数字化": "数字化服务", "竞品": "竞争对手"}

#: keywords of those categories (a copy of the lecture codebook, used only to check the notes)
CATEGORY_WORDS = {
    "交期与供货": ("交期", "交货", "到货", "要等", "等货", "缺货", "延迟", "供货"),
    "价格与商务": ("价格", "报价", "单价", "降本", "账期", "折扣", "贵", "成本"),
    "产品质量": ("质量", "故障", "不良", "返修", "稳定", "精度", "寿命"),
    "技术支持与服务": ("售后", "对接人", "工程师", "培训", "技术文档", "响应", "回复", "调试", "备件更换"),
    "数字化服务": ("远程运维", "远程诊断", "手机", "线上", "数字化", "接入"),
    "竞争对手": ("竞品", "进口品牌", "国产同行", "别家", "华拓", "想换", "对手"),
}

# Sentence templates per theme: "top" is how a general manager talks, "floor" how an engineer,
# a maintenance lead or a buyer talks; managers (管理层) use both. {p} product, {n} a number,
# {c} a competitor, {t} a time span, {q} a quarter or season.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "交期": {
        "top": ("交期老是变，会拖累我们对下游客户的承诺。",
                "明年我们要扩一条新线，你们的供货能力要提前规划。",
                "希望在我们附近设一个备件仓库，把交期压下来。",
                "交期承诺要准，哪怕长一点也行，最怕临时变卦。",
                "我们对下游大客户的交货是按小时算的，上游一断货我们就要被罚款。",
                "供货的保障比多给几个点的优惠更重要。"),
        "floor": ("旺季时{p}经常要等{n}周，排产计划只能一改再改。",
                  "上次到货比合同约定晚了{n}天，产线停了两个班。",
                  "{q}那批{p}拖了很久才到货，车间只好拆旧机器上的顶着用。",
                  "急单基本要等两周以上，我们现在只能多备库存。",
                  "今年你们的供货比去年顺，没再出现断货。",
                  "到货时间经常和销售说的对不上，仓库收货很被动。",
                  "交货前能不能提前通知一声，我们好安排叉车和人手。"),
    },
    "价格": {
        "top": ("今年集团要求采购成本再降{n}个点，{p}的价格必须重新谈。",
                "我们算的是整个使用周期的成本，单价高一点可以接受。",
                "账期是硬条件，超过六十天我们很难接受。",
                "你们的报价每年都在涨，这个说不过去。",
                "明年的框架协议，希望按采购量给阶梯折扣。",
                "你们的价格不上不下，这个位置不好说服董事会。",
                "降本是我们今年的头号任务，供应商也要一起想办法。"),
        "floor": ("采购部门每个月都在压单价，我们夹在中间很难做。",
                  "报价单写得太粗，我们向上汇报时说不清差价在哪里。",
                  "小批量订货的单价偏高，希望能和大单一样算。",
                  "价格还算合理，关键是别每年都涨。"),
    },
    "技术支持": {
        "top": ("新产线选型时，你们的应用工程师帮了很大忙。",
                "希望你们的工程师能参与我们明年的技改项目，早一点介入。",
                "我们缺的是懂工艺的工程师，你们如果能派人驻厂会很有帮助。"),
        "floor": ("调试阶段工程师很专业，问题当天就解决了。",
                  "希望工程师能给我们的维修班做一次系统培训。",
                  "技术文档写得太简略，现场的师傅看不懂。",
                  "{p}的参数设置比较复杂，需要工程师手把手教一遍。",
                  "换型的时候要重新调试，最好有工程师在现场待两天。",
                  "操作培训只讲了半天，新来的员工还是不会用。",
                  "工程师电话里讲不清楚，最后还是得上门才弄好。"),
    },
    "产品质量": {
        "top": ("质量是我们选供应商的第一条，这一点你们过关。",
                "我们的客户对精度要求越来越高，你们的产品要跟得上。",
                "去年那次批量不良给我们造成了不小的损失，希望别再出现。"),
        "floor": ("{p}用了{n}年基本没出过故障。",
                  "上季度有一批{p}不良率偏高，返修了好几次。",
                  "精度能满足要求，寿命还要再观察。",
                  "高温高湿的车间里，{p}偶尔会报警停机，怀疑是散热的质量问题。",
                  "换成你们的{p}以后，故障停机明显少了。",
                  "返修回来的{p}又坏了一次，返修质量要抓一抓。"),
    },
    "数字化": {
        "top": ("我们正在建数字化工厂，希望设备数据能接入我们的系统。",
                "设备接入网络以后能不能做预测性维护，这是我们明年的重点。",
                "董事会很关心数字化转型，供应商要能拿出远程运维的方案。",
                "如果有远程诊断，很多小问题不用等人上门，我们愿意为此付费。",
                "新厂房的规划里，所有关键设备都要能接入我们的数据平台。"),
        "floor": ("线上下单和查物流的功能太弱，还是靠打电话。",
                  "希望能在手机上看到设备运行状态和保养提醒。",
                  "远程诊断用过一次，挺方便，就是连接不太稳。"),
    },
    "竞品": {
        "top": ("竞品{c}的高层上个月来拜访过我们，谈的是三年的合作。",
                "集团总部在推统一采购，{c}这样的对手也在名单上。",
                "和进口品牌比，你们的方案灵活，但品牌说服力差一些。",
                "竞品{c}给了免费试用{t}的条件，管理层有人心动。",
                "别家也来谈过，但切换供应商的风险太大，我们暂时不考虑。",
                "我们不排斥国产同行，但要看到你们比对手强在哪里。",
                "你们要是再不把服务做上去，我们内部就有人想换了。"),
        "floor": ("竞品{c}的销售几乎每周都来，关系跑得很勤。",
                  "车间里同时有你们和{c}的设备，{c}这样的对手界面更顺手一些。",
                  "别家的备货比你们足，急用的时候我们会先找他们。"),
    },
    "售后响应": {
        "top": ("售后响应速度比去年快了，基本四小时内有答复。",
                "希望售后能有一个固定的对接人，不要每次都重新说明情况。",
                "售后体系要配得上我们的规模，出了问题要有人第一时间响应。"),
        "floor": ("设备坏了打电话，{t}才有人回复，太慢了。",
                  "夜班找不到售后的人，只能等到第二天。",
                  "备件更换流程太繁琐，要走好几道审批。",
                  "上次的质保纠纷拖了{t}才处理完，售后要给个明确答复。",
                  "报修以后没人回复进度，我们只能一遍遍打电话问。",
                  "售后工程师到现场很快，但带的备件经常不对。",
                  "周末报修基本没人响应，希望有值班电话。"),
    },
}

SLOTS = {"p": ("伺服驱动器", "变频器", "PLC", "传感器", "减速机", "编码器"),
         "n": ("三", "四", "五", "六", "八"),
         "c": ("启衡", "华拓", "远森", "启衡电气", "华拓自动化"),
         "t": ("一个月", "两个星期", "三天", "半年"),
         "q": ("春节前", "三季度", "上个月", "年中")}

OPENERS = ("", "", "", "客户表示：", "受访者提到，", "交流中对方说，", "对方开门见山：", "谈到合作，对方说：")
CLOSERS = ("", "", "", "", "希望下次来能带个具体的方案。", "这些意见请带回去给领导。", "总体上我们愿意继续合作。")


def _theme_check(sentence: str, theme: str) -> None:
    words = CATEGORY_WORDS[THEME_CATEGORY[theme]]
    assert any(w in sentence for w in words), f"访谈编码: sentence of {theme} has no codebook word: {sentence}"


def build_interviews(customers: list[dict[str, Any]], active_2024_25: list[str]) -> list[Row]:
    """52 interviews (30 key accounts, 22 general customers) in April-June 2025."""
    rng = rng_for(5)
    key_ids = [c["customer_id"] for c in customers
               if c["account_type"] == "重点客户" and c["customer_id"] in active_2024_25]
    other_ids = [c["customer_id"] for c in customers
                 if c["account_type"] == "一般客户" and c["customer_id"] in active_2024_25]
    chosen = sorted(rng.choice(key_ids, size=30, replace=False).tolist()
                    + rng.choice(other_ids, size=22, replace=False).tolist())
    levels = [lv for lv, n in LEVEL_COUNTS.items() for _ in range(n)]
    levels = [levels[int(k)] for k in rng.permutation(len(levels))]
    used: dict[str, int] = {}
    names = list(THEME_P["管理层"])
    rows: list[list[Any]] = []
    for cid, level in zip(chosen, levels):
        roles, role_p = zip(*LEVEL_ROLES[level])
        role = pick(rng, roles, role_p)
        hit = [t for t in names if rng.random() < THEME_P[level][t]]
        if len(hit) < 2:
            p = np.array([THEME_P[level][t] for t in names])
            extra = rng.choice(names, size=2, replace=False, p=p / p.sum()).tolist()
            hit = sorted(set(hit) | set(extra), key=names.index)[:2]
        if len(hit) > 3:
            keep = rng.choice(len(hit), size=3, replace=False)
            hit = [hit[int(k)] for k in sorted(keep)]
        voices = {"决策层": ("top",), "管理层": ("top", "floor"), "执行层": ("floor",)}[level]
        sentences = []
        for k in rng.permutation(len(hit)):
            theme = hit[int(k)]
            pool = [s for v in voices for s in TEMPLATES[theme][v]]
            fewest = min(used.get(s, 0) for s in pool)
            template = pick(rng, [s for s in pool if used.get(s, 0) == fewest])
            used[template] = used.get(template, 0) + 1
            sentence = template.format(**{key: pick(rng, vals) for key, vals in SLOTS.items()})
            _theme_check(sentence, theme)
            sentences.append(sentence)
        closer = pick(rng, CLOSERS) if len(sentences) < 4 else ""
        note = pick(rng, OPENERS) + "".join(sentences) + closer
        rows.append([None, cid, _rand_date(rng, dt.date(2025, 4, 7), dt.date(2025, 6, 27)), role, level, note,
                     tuple(sentences)])
    rows.sort(key=lambda r: (r[2], r[1]))
    for k, row in enumerate(rows):
        row[0] = f"I{k + 1:03d}"
    check_interviews(rows)
    return [tuple(r[:6]) for r in rows]


def check_interviews(rows: list[list[Any]]) -> None:
    """Pattern 访谈加权: a balanced level mix, and weighting by level changes the ranking of themes."""
    n = len(rows)
    assert 50 <= n <= 55, f"访谈数量: {n}"
    notes = [r[5] for r in rows]
    assert len(set(notes)) == n, "访谈纪要不重复"
    for r in rows:
        assert 2 <= r[5].count("。") <= 4, f"访谈纪要 2-4 句: {r[5]}"
    shares = {lv: sum(r[4] == lv for r in rows) / n for lv in LEVEL_COUNTS}
    assert all(0.25 <= s <= 0.45 for s in shares.values()), f"访谈层级构成: {shares}"
    weight = {"决策层": 3.0, "管理层": 2.0, "执行层": 1.0}
    cats = list(CATEGORY_WORDS)
    coded = [[any(w in r[5] for w in CATEGORY_WORDS[c]) for c in cats] for r in rows]
    plain = {c: sum(row[j] for row in coded) / n for j, c in enumerate(cats)}
    total = sum(weight[r[4]] for r in rows)
    weighted = {c: sum(weight[r[4]] * row[j] for r, row in zip(rows, coded)) / total for j, c in enumerate(cats)}
    top_plain = max(cats, key=lambda c: (plain[c], -cats.index(c)))
    top_weighted = max(cats, key=lambda c: (weighted[c], -cats.index(c)))
    assert top_plain != top_weighted, f"访谈加权: the top theme must change with weighting ({plain}, {weighted})"
    rank_p = sorted(cats, key=lambda c: -plain[c])
    rank_w = sorted(cats, key=lambda c: -weighted[c])
    moved = sum(abs(rank_p.index(c) - rank_w.index(c)) >= 2 for c in cats)
    assert moved >= 2, f"访谈加权: at least two themes move two places ({rank_p} vs {rank_w})"
    # level profiles differ: decision makers talk price more, shop floor talks delivery/support more
    by_level = {lv: [row for r, row in zip(rows, coded) if r[4] == lv] for lv in LEVEL_COUNTS}

    def rate(lv: str, cat: str) -> float:
        return sum(row[cats.index(cat)] for row in by_level[lv]) / len(by_level[lv])

    assert rate("决策层", "价格与商务") > rate("执行层", "价格与商务") + 0.3, "访谈主题: 决策层 talk price"
    assert rate("执行层", "技术支持与服务") > rate("决策层", "技术支持与服务") + 0.3, "访谈主题: 执行层 talk support"
    repeats: dict[str, int] = {}
    for r in rows:
        for sentence in r[6]:
            repeats[sentence] = repeats.get(sentence, 0) + 1
    assert max(repeats.values()) <= 3, f"访谈句子重复: {max(repeats.items(), key=lambda kv: kv[1])}"
