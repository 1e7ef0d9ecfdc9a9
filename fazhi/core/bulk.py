"""Plain bulk INSERTs for rows whose values are already what the columns hold.

`bulk_create` builds and prepares every value through its model field, which for hundreds of
thousands of rows costs more than the work that made them. These writers send the rows as they
are: on PostgreSQL with COPY (one stream for all rows; psycopg adapts each value; executemany
would run one statement a row there), elsewhere in `executemany` batches (SQLite runs in
process). Used by the disputes ledger import and the indicators' assessment runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


def execute_many(sql: str, rows: Iterable[Sequence[Any]], *, batch: int = BATCH) -> int:
    """Run `sql` once per row, `batch` rows to each `executemany`; how many rows."""
    count, pending = 0, iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(pending, batch)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def copy_rows(sql: str, rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL's `COPY … FROM STDIN`: one stream for all rows (psycopg adapts each value);
    how many rows."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def insert_rows(
    model: type[models.Model],
    fields: Sequence[models.Field[Any, Any]],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = BATCH,
) -> int:
    """INSERT `rows` (each the values of `fields`, as the database takes them) into `model`'s
    table: with COPY on PostgreSQL, else in `executemany` batches; how many rows."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    if connection.vendor == "postgresql":
        return copy_rows(f"COPY {table} ({columns}) FROM STDIN", rows)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    return execute_many(sql, rows, batch=batch)
