"""A read the ORM compiles once per process, run with each call's own values.

Compiling a query (joins, subqueries, SQL text) costs more CPU than running a small indexed
read, and on paths every calendar app polls that is most of the request. `CompiledRead`
builds the queryset once per database alias with placeholder values, keeps only the SQL text
and the column converters, and binds the real values on each call: no rows, tokens or
results are remembered, and no server-side prepared statement is made (PgBouncer-safe).
"""

from django.db import connections, router


class CompiledRead:
    """`build(**placeholders)` returns a `values_list()` queryset of `model`; each placeholder is
    a value of its field's type that no real call uses (e.g. -1 for an id), so it can be found
    among the compiled parameters and swapped for the call's value."""

    def __init__(self, model, build, **placeholders):
        self.model, self.build, self.placeholders = model, build, placeholders
        self._compiled = {}

    def _compile(self, alias):
        compiler = self.build(**self.placeholders).query.get_compiler(alias)
        sql, params = compiler.as_sql()
        names = {value: name for name, value in self.placeholders.items()}
        # (name, None) where a call's value goes; (None, value) for a constant of the query.
        slots = [(names[param], None) if param in names else (None, param) for param in params]
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return compiler, sql, slots, converters

    def first(self, **values):
        """The first row for `values` (a tuple, with the ORM's converters applied), or None."""
        alias = router.db_for_read(self.model)
        if alias not in self._compiled:
            self._compiled[alias] = self._compile(alias)
        compiler, sql, slots, converters = self._compiled[alias]
        params = [values[name] if name is not None else constant for name, constant in slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None or not converters:
            return row
        # e.g. SQLite hands timestamps over as text; converters read only the alias's settings.
        return next(iter(compiler.apply_converters([row], converters)))
