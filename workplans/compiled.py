"""Querysets compiled to SQL once per process, then run again with new values.

Django builds and compiles a queryset anew on every call: 0.3 ms for the simplest one, 3 ms for
a task read through its visibility rule. On the paths every request or every submission takes
(the signed-in user, the task a unit reports on) that was most of the request's time, more than
PostgreSQL's. A CompiledQuery keeps the queryset as the single statement of the rule and skips
the rebuilding: the first call for a given *shape* builds the queryset with stand-in values,
compiles it and notes where each stand-in landed among the SQL parameters; every later call runs
the same SQL with its own values in those places (and PostgreSQL, binding them server-side,
reuses its prepared plan too).

What a build function may do. It takes keyword arguments that are ids (ints) or lists of ids,
and returns a `values_list()` queryset. The SQL may depend on the lengths of the lists (each
length is its own shape) but never on the values: no `if unit_id:`. That is checked when a shape
is first compiled, by compiling it twice with different stand-ins and comparing the SQL.
Anything else the SQL depends on (a user's role, say) belongs in the caller's choice of query.
Rows come back as the queryset's values_list() gives them (Django 5.2 selects the columns in the
order they are asked for), database converters applied.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import count

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Far outside any id a table will hold; two bases (one odd, one even) for the double compile.
_STAND_IN_BASES = (-(2**61), -(2**60) - 1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per SQL parameter: (name, index or None, None) for a value, or a constant's
    # (None, None, constant)
    query: object  # the compiled Query, for the converters of its columns
    expressions: tuple  # the selected columns, for their converters
    width: int | None  # the columns to keep when the SQL selects more (for its ordering)
    empty: bool = False  # an empty list made the WHERE match nothing: no SQL is run


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet], name: str = "") -> None:
        self.build = build
        self.name = name or getattr(build, "__qualname__", "query")
        self._shapes: dict[tuple, _Compiled] = {}

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        values = {
            name: sorted(value) if isinstance(value, set | frozenset) else value
            for name, value in values.items()
        }
        shape = (using, *((name, _length(value)) for name, value in sorted(values.items())))
        compiled = self._shapes.get(shape)
        if compiled is None:
            compiled = self._shapes[shape] = self._compile(using, shape[1:])
        if compiled.empty:
            return []
        params = [
            constant if name is None else values[name] if index is None else values[name][index]
            for name, index, constant in compiled.slots
        ]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.width is not None:
            rows = [row[: compiled.width] for row in rows]
        compiler = compiled.query.get_compiler(connection=connection)
        converters = compiler.get_converters(compiled.expressions)
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _compile(self, using: str, shape: tuple) -> _Compiled:
        first, second = (self._compile_with(using, shape, base) for base in _STAND_IN_BASES)
        if first.sql != second.sql or first.slots != second.slots:
            raise ImproperlyConfigured(
                f"{self.name}: its SQL depends on the values it is given, not only on their "
                "shape; it cannot be compiled once."
            )
        return first

    def _compile_with(self, using: str, shape: tuple, base: int) -> _Compiled:
        stand_ins: dict[int, tuple] = {}
        arguments = {}
        numbers = count()
        for name, length in shape:
            if length is None:
                arguments[name] = _stand_in(stand_ins, base - next(numbers), (name, None, None))
            else:
                arguments[name] = [
                    _stand_in(stand_ins, base - next(numbers), (name, index, None))
                    for index in range(length)
                ]
        queryset = self.build(**arguments)
        query = queryset.query
        compiler = query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled("", (), query, (), None, empty=True)
        width = compiler.col_count if compiler.has_extra_select else None
        slots = tuple(
            stand_ins.get(param, (None, None, param)) if type(param) is int else (None, None, param)
            for param in params
        )
        # The slots hold where a stand-in landed, not its value: two compiles with different
        # stand-ins give equal slots only when the values did not change the SQL's shape.
        expressions = tuple(column[0] for column in compiler.select[: compiler.col_count])
        return _Compiled(sql, slots, query, expressions, width)


def _length(value) -> int | None:
    if isinstance(value, list | tuple | set | frozenset):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    raise TypeError(f"a compiled query takes ids or lists of ids, not {value!r}")


def _stand_in(stand_ins: dict, number: int, slot: tuple) -> int:
    stand_ins[number] = slot
    return number


def loaded(model: type[Model], fields: list[str], row: tuple, start: int = 0, using=None):
    """An instance of `model` from `row[start:start + len(fields)]`, as a queryset loads it
    (fields are attnames; the instance is marked as coming from the database)."""
    values = row[start : start + len(fields)]
    return model.from_db(using or DEFAULT_DB_ALIAS, fields, values)


@cache
def attnames(model: type[Model]) -> list[str]:
    """The concrete fields' attnames of a model, in the order from_db expects them."""
    return [field.attname for field in model._meta.concrete_fields]


def prefetched(instance: Model, name: str, objects: list) -> None:
    """Store `objects` as the instance's prefetched `name` relation (what prefetch_related
    leaves), so that instance.<name>.all() reads them without a query."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
