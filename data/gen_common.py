"""Shared pieces of the case-data generator: the seed, random streams, calendar, names.

Every table draws from its own stream (:func:`rng_for`), so changing one table leaves the
others byte-identical. All people and companies are invented (虚构).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

SEED = 20250601


Row = Sequence[Any]


B2B_START, B2B_END = dt.date(2023, 1, 1), dt.date(2025, 12, 31)


B2C_START, B2C_END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)


#: Chinese New Year (春节) dates.
CNY = {2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29)}


YEARS = (2023, 2024, 2025)


def day_range(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def rng_for(part: int) -> np.random.Generator:
    """An independent random stream per part, so changing one table leaves the others alone."""
    return np.random.default_rng([SEED, part])


def pick(rng: np.random.Generator, values: Sequence[Any], p: Sequence[float] | None = None) -> Any:
    if p is not None:
        w = np.asarray(p, dtype=float)
        return values[int(rng.choice(len(values), p=w / w.sum()))]
    return values[int(rng.integers(len(values)))]


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁"
            "沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武")


GIVEN = ("子涵", "浩然", "思远", "雨桐", "晨阳", "嘉怡", "宇航", "欣妍", "俊杰", "梓萱", "明轩", "若溪",
         "志强", "海燕", "建华", "丽娟", "文博", "雅琪", "立新", "春梅", "国栋", "晓东", "静怡", "振宇",
         "卫东", "秀英", "家豪", "一鸣", "书瑶", "天佑", "启明", "梦琪")


def _person(rng: np.random.Generator, used: set[str]) -> str:
    for _ in range(200):
        name = pick(rng, SURNAMES) + pick(rng, GIVEN)
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("ran out of names")


def _rand_date(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers((end - start).days + 1)))
