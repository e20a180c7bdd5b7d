"""Querysets compiled to SQL once per process, then run again with new values.

Django builds and compiles a queryset anew on every call: 0.3 ms for the simplest one, 3 ms for
a task read through its visibility rule. On the paths every request or every submission takes
(the signed-in user, the task a unit reports on) that was most of the request's time, more than
PostgreSQL's. A CompiledQuery keeps the queryset as the single statement of the rule and skips
the rebuilding: the first call for a given *shape* builds the queryset with stand-in values,
compiles it and notes where each stand-in landed among the SQL parameters; every later call runs
the same SQL with its own values in those places (and PostgreSQL, binding them server-side,
reuses its prepared plan too).

What a build function may do. It takes keyword arguments that are ids (ints), lists of ids or
texts compared as they are (a session key), and returns a `values_list()` queryset. The SQL may
depend on the lengths of the lists (each length is its own shape) but never on the values: no
`if unit_id:`. That is checked when a shape is first compiled, by compiling it twice with
different stand-ins and comparing the SQL (a text the ORM rewrites, as `contains` does, fails
the same check).
Anything else the SQL depends on (a user's role, say) belongs in the caller's choice of query.
Rows come back as the queryset's values_list() gives them (Django 5.2 selects the columns in the
order they are asked for), database converters applied.
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from itertools import count
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

# Far outside any id a table will hold; two bases (one odd, one even) for the double compile.
_STAND_IN_BASES = (-(2**61), -(2**60) - 1)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    # Per SQL parameter: (name, index in its list or None, None) where a value goes, or
    # (None, None, constant).
    slots: tuple
    query: object  # the compiled Query, for the converters of its columns
    expressions: tuple  # the selected columns, for their converters
    width: int | None  # the columns to keep when the SQL selects more (for its ordering)
    empty: bool = False  # an empty list made the WHERE match nothing: no SQL is run
    # Per connection (one per thread): a compiler of the query and its columns' converters.
    converting: WeakKeyDictionary = dataclass_field(
        default_factory=WeakKeyDictionary, compare=False
    )

    def converted(self, rows: list, connection) -> list:
        found = self.converting.get(connection)
        if found is None:
            compiler = self.query.get_compiler(connection=connection)
            found = self.converting[connection] = (
                compiler,
                compiler.get_converters(self.expressions),
            )
        compiler, converters = found
        if not converters:
            return rows
        return [tuple(row) for row in compiler.apply_converters(rows, converters)]


class CompiledQuery:
    """A queryset's SQL, compiled once per shape of its arguments (see the module's text)."""

    def __init__(self, build: Callable[..., QuerySet], name: str = "") -> None:
        self.build = build
        self.name = name or getattr(build, "__qualname__", "query")
        self._shapes: dict[tuple, _Compiled] = {}

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        values = {
            name: sorted(value) if isinstance(value, set | frozenset) else value
            for name, value in values.items()
        }
        shape = (using, *((name, _kind(value)) for name, value in sorted(values.items())))
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
        return compiled.converted(rows, connection)

    def _compile(self, using: str, shape: tuple) -> _Compiled:
        first, second = (self._compile_with(using, shape, base) for base in _STAND_IN_BASES)
        if first.sql != second.sql or first.slots != second.slots:
            raise ImproperlyConfigured(
                f"{self.name}: its SQL depends on the values it is given, not only on their "
                "shape; it cannot be compiled once."
            )
        return first

    def _compile_with(self, using: str, shape: tuple, base: int) -> _Compiled:
        stand_ins: dict[int | str, tuple] = {}
        arguments = {}
        numbers = count()
        for name, kind in shape:
            if kind == "id":
                arguments[name] = _stand_in(stand_ins, base - next(numbers), (name, None, None))
            elif kind == "text":
                text = f"\x00stand-in{base - next(numbers)}"
                arguments[name] = _stand_in(stand_ins, text, (name, None, None))
            else:
                arguments[name] = [
                    _stand_in(stand_ins, base - next(numbers), (name, index, None))
                    for index in range(kind)
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
            stand_ins.get(param, (None, None, param))
            if type(param) in (int, str)
            else (None, None, param)
            for param in params
        )
        # The slots hold where a stand-in landed, not its value: two compiles with different
        # stand-ins give equal slots only when the values did not change the SQL's shape.
        expressions = tuple(column[0] for column in compiler.select[: compiler.col_count])
        return _Compiled(sql, slots, query, expressions, width)


def _kind(value) -> str | int:
    """What the SQL's shape may depend on: "id", "text", or the length of a list of ids."""
    if isinstance(value, list | tuple):
        if all(type(item) is int for item in value):
            return len(value)
    elif type(value) is int:
        return "id"
    elif type(value) is str:
        return "text"
    raise TypeError(f"a compiled query takes ids, lists of ids or texts, not {value!r}")


def _stand_in(stand_ins: dict, value, slot: tuple):
    stand_ins[value] = slot
    return value


def loaded(model: type[Model], fields, row: tuple, start: int = 0, using=None):
    """An instance of `model` from `row[start:start + len(fields)]`, as a queryset loads it
    (fields are attnames; the instance is marked as coming from the database)."""
    values = row[start : start + len(fields)]
    return model.from_db(using or DEFAULT_DB_ALIAS, fields, values)


@cache
def attnames(model: type[Model]) -> tuple[str, ...]:
    """The concrete fields' attnames of a model, in the order from_db expects them."""
    return tuple(field.attname for field in model._meta.concrete_fields)


def prefetched(instance: Model, name: str, model: type[Model], objects: list) -> None:
    """Store `objects` (of `model`) as the instance's prefetched `name` relation, as
    prefetch_related leaves it, so that instance.<name>.all() reads them without a query."""
    queryset = QuerySet(model=model)
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


# Writes on the same paths: SQL built once per model from its fields, values prepared by the
# fields as Model.save prepares them (auto_now and auto_now_add set by pre_save). Model.save's
# signals are not sent: a caller that keeps history writes it with history_insert().


def _updated(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@cache
def _update_sql(model: type[Model], using: str) -> str:
    quote = connections[using].ops.quote_name
    table = quote(model._meta.db_table)
    sets = ", ".join(f"{quote(f.column)} = %s" for f in _updated(model))
    return f"UPDATE {table} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"


def _inserted(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]


@cache
def _insert_sql(model: type[Model], using: str, rows: int, returning: bool) -> str:
    quote = connections[using].ops.quote_name
    columns = _inserted(model)
    names = ", ".join(quote(f.column) for f in columns)
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * rows)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES {values}"
    if returning:
        sql += f" ON CONFLICT DO NOTHING RETURNING {quote(model._meta.pk.column)}"
    return sql


def _prepared(instance: Model, fields, connection, *, add: bool) -> list:
    return [field.get_db_prep_save(field.pre_save(instance, add), connection) for field in fields]


def row_update(instance: Model, using: str = DEFAULT_DB_ALIAS) -> int:
    """UPDATE every column of a saved instance; the number of rows changed (0 or 1)."""
    connection = connections[using]
    model = type(instance)
    sql = _update_sql(model, using)
    params = _prepared(instance, _updated(model), connection, add=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, instance.pk])
        return cursor.rowcount


def row_insert_unless_taken(instance: Model, using: str = DEFAULT_DB_ALIAS) -> bool:
    """INSERT a new instance (its pk set from the database) unless a unique constraint already
    holds such a row: then nothing is written and False is returned. No error is raised, so
    the caller's transaction stays usable without a savepoint."""
    connection = connections[using]
    model = type(instance)
    sql = _insert_sql(model, using, 1, True)
    with connection.cursor() as cursor:
        cursor.execute(sql, _prepared(instance, _inserted(model), connection, add=True))
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, using
    return True


@cache
def _upsert_sql(model: type[Model], using: str, rows: int, unique: tuple, update: tuple) -> str:
    quote = connections[using].ops.quote_name
    columns = {f.name: f.column for f in model._meta.concrete_fields}
    conflict = ", ".join(quote(columns[name]) for name in unique)
    sets = ", ".join(f"{quote(columns[n])} = EXCLUDED.{quote(columns[n])}" for n in update)
    insert = _insert_sql(model, using, rows, False)
    return (
        f"{insert} ON CONFLICT ({conflict}) DO UPDATE SET {sets} "
        f"RETURNING {quote(model._meta.pk.column)}"
    )


def rows_upsert(instances: list, *, unique: tuple, update: tuple, using=DEFAULT_DB_ALIAS):
    """INSERT the instances, or UPDATE the `update` fields of the rows already holding their
    `unique` fields; each instance gets its row's pk (as bulk_create(update_conflicts=True))."""
    if not instances:
        return
    connection = connections[using]
    model = type(instances[0])
    sql = _upsert_sql(model, using, len(instances), unique, update)
    fields = _inserted(model)
    params = [p for obj in instances for p in _prepared(obj, fields, connection, add=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
            instance.pk = pk
            instance._state.adding, instance._state.db = False, using


@cache
def _history_model(model: type[Model]) -> type[Model]:
    return model.history.model  # the manager's descriptor builds a class on every access


def history_insert(changes: list[tuple[Model, str]], *, user, when, using=DEFAULT_DB_ALIAS):
    """django-simple-history's records of instances just written without Model.save, each
    with its kind ("+" created, "~" changed), as its post_save would write them (every tracked
    field, the date, the user), in one INSERT."""
    if not changes:
        return
    history = _history_model(type(changes[0][0]))
    connection = connections[using]
    fields = _inserted(history)
    own = {
        "history_date": when,
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": None,
    }
    params = []
    for instance, kind in changes:
        values = {**own, "history_type": kind}
        params.extend(
            field.get_db_prep_save(
                values[field.attname]
                if field.attname in values
                else getattr(instance, field.attname),
                connection,
            )
            for field in fields
        )
    sql = _insert_sql(history, using, len(changes), False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
