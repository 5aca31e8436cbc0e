"""Working with many rows at once."""


def fetch_rows(queryset) -> list[tuple]:
    """A values_list queryset's rows as the database cursor gives them (plain fields only, so the columns come in the
    order asked for)."""
    from django.db import connections

    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def delete_rows(model, **where) -> None:
    """Delete the model's rows (those matching `where`) with one statement: no per-row signals, no history rows, no
    cascade. Only for rows nothing else refers to, or deleted in an order the foreign keys allow (a council of 100,000
    people would otherwise take minutes to clear)."""
    queryset = model.objects.filter(**where)
    queryset._raw_delete(queryset.db)
