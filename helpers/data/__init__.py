"""Data: the fictional case companies, the real CDNOW data, and users' own files.

* :mod:`~helpers.data.schema` -- the one description of every case table and column;
* :mod:`~helpers.data.cases` -- ``load_case``, ``list_cases``, ``load_cdnow``;
* :mod:`~helpers.data.read` -- ``read_table``: a CSV or Excel file as users bring it;
* :mod:`~helpers.data.columns` -- ``require_columns``: find, convert and check columns;
* :mod:`~helpers.data.parse` -- parsing one value: dates, amounts, ids;
* :mod:`~helpers.data.transactions` -- checking a transaction log (customer, date, amount).

Nothing here draws or builds widgets; errors are :class:`helpers.errors.DataError`.
"""
