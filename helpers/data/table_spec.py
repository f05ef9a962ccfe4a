"""How a case table is described: :class:`Column` and :class:`Table` (types only, no data).

The tables themselves are in :mod:`helpers.data.schema_b2b` (青岚工控) and
:mod:`helpers.data.schema_b2c` (山禾生活会员店); :mod:`helpers.data.schema` collects them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Column types used in the schema (``date`` is written ``YYYY-MM-DD``, ``datetime`` ``YYYY-MM-DD HH:MM:SS``).
TYPES = ("str", "int", "float", "date", "datetime", "category")


@dataclass(frozen=True)
class Column:
    """One column of a case table.

    Args:
        name: English snake_case name used in the CSV file.
        zh: Chinese name (shown with ``load_case(..., chinese=True)``).
        meaning: what the column means, in Chinese.
        type: one of ``str``, ``int``, ``float``, ``date``, ``datetime`` (to the second), ``category``.
        unit: unit of measure in Chinese (empty if none).
        categories: for ``category`` columns, the allowed values in display order.
        ordered: whether ``categories`` have a natural order (low to high / early to late).
        nullable: for ``int`` columns, whether values may be missing (loaded as ``Int64``).
        decimals: for ``float`` columns, decimals written by the generator.
    """

    name: str
    zh: str
    meaning: str
    type: str
    unit: str = ""
    categories: tuple[str, ...] = ()
    ordered: bool = False
    nullable: bool = False
    decimals: int = 2


@dataclass(frozen=True)
class Table:
    """One case table: names, description and columns.

    Args:
        name: English name, used as file name ``data/<name>.csv`` and by :func:`load_case`.
        zh: Chinese name.
        company: the (fictional) company the table belongs to.
        description: what one row is and what the table is for, in Chinese.
        columns: the columns in file order.

    >>> Table("t", "表", "公司", "说明", (Column("amount", "金额", "金额", "float", unit="元"),)).column("amount").unit
    '元'
    """

    name: str
    zh: str
    company: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        """The column called ``name`` (English); ``KeyError`` if there is none.

        Args:
            name: the English column name.

        Returns:
            The :class:`Column`.

        >>> stage = Column("stage", "阶段", "阶段", "category", ordered=True)
        >>> Table("t", "表", "公司", "说明", (stage,)).column("stage").ordered
        True
        """
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


_C = Column


def _cat(name: str, zh: str, meaning: str, values: tuple[str, ...], ordered: bool = False) -> Column:
    return Column(name, zh, meaning, "category", categories=values, ordered=ordered)


def _likert(name: str, zh: str, topic: str) -> Column:
    return Column(name, zh, f"对{topic}的满意度，1=很不满意 … 5=很满意；空=未作答", "int",
                  unit="分（1-5）", nullable=True)
