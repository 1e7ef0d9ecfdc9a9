"""Bulk writes for the ledger import: new records as plain drafts, written with one prepared
statement run for many rows (`executemany`).

A 100,000-row ledger makes 200,000 records (cases and parties). Building each as a model instance
and inserting it through `bulk_create` costs more than all the reading and checking together:
Django's model __init__ fills every default, and on SQLite `bulk_create` splits inserts into
statements of 999 parameters (22 cases each). A draft is a plain object with the model's
attribute names and `_meta`, so the checks, `derive()` and the due-date services read it as
they read a case; the writes send each row's values once, adapted as Django adapts them.

On PostgreSQL new rows go in with COPY, one stream for all of them (`fazhi.core.bulk`, whose
`insert_rows` also loads bench/bench_disputes.py's million rows).

Ids of new cases are taken before the insert, so that their parties can name them: on
PostgreSQL from the table's sequence, on SQLite after the highest id ever given (the import's
transaction holds SQLite's write lock from its start: `transaction_mode` IMMEDIATE).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import connection, models
from django.utils import timezone

from fazhi.core.bulk import execute_many, insert_rows

_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)


class Draft:
    """A record not yet written: the model's attributes as plain values (no descriptors)."""

    _meta: ClassVar[Any]
    model: ClassVar[type[models.Model]]
    defaults: ClassVar[dict[str, Any]]

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(self.defaults)
        self.__dict__.update(values)

    if TYPE_CHECKING:  # a draft has the model's attributes

        def __getattr__(self, name: str) -> Any: ...

    @classmethod
    def loaded(cls, names: Sequence[str], values: Sequence[Any]) -> Draft:
        """A stored row read with `values_list(*names)` (every concrete field)."""
        draft = cls.__new__(cls)
        draft.__dict__.update(zip(names, values, strict=True))
        return draft

    @property
    def pk(self) -> Any:
        return self.__dict__.get("id")

    @classmethod
    def of(cls, model: type[models.Model], **methods: Any) -> type[Draft]:
        """A draft class for `model`, borrowing the given methods (derive, get_*_display …)."""
        now = timezone.now()
        defaults: dict[str, Any] = {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                defaults[field.attname] = now
            elif field.primary_key:
                defaults[field.attname] = None
            else:
                defaults[field.attname] = field.get_default()
        attrs = {"_meta": model._meta, "model": model, "defaults": defaults, **methods}
        return type(f"{model.__name__}Draft", (cls,), attrs)


def set_fk(obj: Any, name: str, target: Any) -> None:
    """Point `obj`'s foreign key `name` at `target`, on a draft or on a model instance."""
    setattr(obj, name, target)
    if isinstance(obj, Draft):
        setattr(obj, f"{name}_id", None if target is None else target.pk)


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How Django would adapt a value of `field` for the database (None: as it is); the
    adapted values are remembered, since a ledger repeats its dates."""
    ops = connection.ops
    internal = field.get_internal_type()
    if internal in _PLAIN:
        return None
    base: Callable[[Any], Any]
    if internal == "DateField":
        base = ops.adapt_datefield_value
    elif internal == "DateTimeField":
        base = ops.adapt_datetimefield_value
    elif internal == "DecimalField":
        digits, places = field.max_digits, field.decimal_places  # type: ignore[attr-defined]
        base = functools.partial(ops.adapt_decimalfield_value, max_digits=digits,
                                 decimal_places=places)  # fmt: skip
    else:
        base = functools.partial(field.get_db_prep_save, connection=connection)
    seen: dict[Any, Any] = {}

    def adapt(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = found = base(value)
            return found

    return adapt


def _rows(objs: Iterable[Any], fields: Sequence[models.Field[Any, Any]]) -> list[list[Any]]:
    """Each object's values of `fields`, in order, adapted for the database."""
    take = operator.itemgetter(*[f.attname for f in fields])
    adapted = [(i, a) for i, f in enumerate(fields) if (a := _adapter(f)) is not None]
    single = len(fields) == 1
    rows = []
    for obj in objs:
        found = take(obj.__dict__)
        row = [found] if single else list(found)
        for i, adapt in adapted:
            if row[i] is not None:
                row[i] = adapt(row[i])
        rows.append(row)
    return rows


def take_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys of `model`'s table, never given before."""
    if not count:
        return []
    table = model._meta.db_table
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT MAX(id) FROM {qn(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def insert(model: type[models.Model], objs: Sequence[Any], *, with_ids: bool) -> None:
    """INSERT `objs` (drafts or instances) into `model`'s table; ids included when `with_ids`."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    insert_rows(model, fields, _rows(objs, fields))


def update(model: type[models.Model], objs: Sequence[Any], names: Iterable[str]) -> None:
    """UPDATE the fields `names` of `objs` (by id) to their values in hand."""
    if not objs:
        return
    wanted = set(names)
    concrete = [f for f in model._meta.concrete_fields if f.name in wanted]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in concrete)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    rows = _rows(objs, concrete)
    for row, obj in zip(rows, objs, strict=True):
        row.append(obj.pk)
    execute_many(sql, rows)
