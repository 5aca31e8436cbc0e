"""On PostgreSQL, the audit trail's purge permit is a database role, not a setting (issue 15, review finding 4;
decision 0009). Migration 0003's triggers let UPDATE, DELETE and TRUNCATE through when the transaction-local setting
selfdirect.audit_purge was on, and any sign-in could set that with plain SQL. Now they let them through only when
`current_user` is the NOLOGIN role selfdirect_audit_purger, which it is only inside the two SECURITY DEFINER functions
that role owns:

- audit_auditevent_purge(...) removes the oldest events, up to an id, and writes in the same call the checkpoint event
  audit.actions.purge worked out, which must name the hash of the last event removed and follow the newest event.
  Selfdirect's own database role is given EXECUTE on it (docs/security.md gives the GRANT statements).
- audit_auditevent_empty() removes every event and leaves no checkpoint (`flush`, the demo's rebuild). No role is given
  EXECUTE on it: only the role that ran this migration and superusers can call it, so Selfdirect's own role cannot
  empty the trail without leaving a checkpoint.

UPDATE, DELETE and TRUNCATE of audit_auditevent are revoked from PUBLIC and from every role but the table's owner (and
the purger, which keeps DELETE). ASVS 4.0.3 V7.3.3 (security logs protected from unauthorised modification) and
V4.1.3 (least privilege). SQLite has no roles: it keeps 0003's permit table (decision 0009 says what that means).

A role is cluster-wide, shared by every database on it (the test suite migrates several at once), so the role is made
only when missing, and a concurrent maker winning the race is not an error. When it is missing, migrating needs
CREATEROLE: without it the migration stops and says what a database administrator must run (decision 0009 says why it
does not carry on without). Migrating back puts 0003's setting-based triggers back and leaves the role."""

import importlib

from django.db import migrations

PURGER = "selfdirect_audit_purger"

# audit.actions.CHAIN_LOCK, the advisory lock every writer of the hash chain takes (a migration imports no app code
# that may change after it).
CHAIN_LOCK = 7_311_520_915

MESSAGE = "The audit trail is append-only: only audit.actions.purge may change or remove its events"

MAKE_THE_ROLE = """Selfdirect's audit trail needs a PostgreSQL role named {role} (NOLOGIN) to own its purge routine, and
the role migrating, {user}, may not create roles (it has no CREATEROLE). Either run `selfdirect migrate` once as a role
that has CREATEROLE, or have the database's administrator run, once for the cluster,

    CREATE ROLE {role} NOLOGIN;
    GRANT {role} TO {user};

and migrate again. docs/security.md ("The audit trail") says which database roles Selfdirect runs under."""

ASK = """Selfdirect's audit trail hands its purge routine to the PostgreSQL role {role}, and the role migrating, {user},
may not arrange that itself. Have the database's administrator run

    {run}

and migrate again. docs/security.md ("The audit trail") says which database roles Selfdirect runs under."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row(cursor, sql: str, params=None):
    cursor.execute(sql, params)
    return cursor.fetchone()


def ensure_purger(cursor, role: str = PURGER) -> None:
    """Make the NOLOGIN role that owns the purge functions unless it exists (a concurrent maker winning the race is not
    an error). Stops, saying what to run, when it is missing and the migrating role may not create roles."""
    found = _row(cursor, "SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [role])
    if found is None:
        user, may_create = _row(cursor, "SELECT current_user, rolsuper OR rolcreaterole FROM pg_roles "
                                        "WHERE rolname = current_user")
        if not may_create:
            raise RuntimeError(MAKE_THE_ROLE.format(role=role, user=user))
        cursor.execute(f"""DO $$ BEGIN CREATE ROLE {_ident(role)} NOLOGIN;
                           EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$""")
        found = _row(cursor, "SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [role])
    can_login, superuser = found
    if can_login or superuser:
        raise RuntimeError(f"The PostgreSQL role {role} owns the audit trail's purge routine, so it must not sign in or "
                           f"be a superuser: run `ALTER ROLE {role} NOLOGIN NOSUPERUSER;` and migrate again")


def _trigger_functions(role: str) -> list[str]:
    allowed = f"current_user = '{role}'"
    return [
        f"""CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {allowed} THEN  -- only inside the purge functions, which run as their owner
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
        f"""CREATE OR REPLACE FUNCTION audit_auditevent_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {allowed} OR NOT EXISTS (SELECT 1 FROM audit_auditevent) THEN
                    RETURN NULL;
                END IF;
                RAISE EXCEPTION '{MESSAGE} (TRUNCATE refused)' USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
    ]


def _purge_functions(table: str) -> list[str]:
    """The two ways events leave the trail on PostgreSQL. SECURITY DEFINER with a fixed search_path (names are
    qualified, pg_temp last), so that a caller's own objects cannot stand in for the table."""
    definer = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp"
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_purge(
                p_up_to_id bigint, p_purged_to_hash varchar, p_at timestamptz, p_actor_id bigint, p_what varchar,
                p_why varchar, p_channel varchar, p_address varchar, p_session varchar, p_previous_hash varchar,
                p_row_hash varchar, OUT removed bigint, OUT checkpoint_id bigint) {definer} AS $$
            DECLARE
                last_removed varchar;
                newest varchar;
            BEGIN
                PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
                IF coalesce(btrim(p_why), '') = '' THEN
                    RAISE EXCEPTION 'Say why the events are removed' USING ERRCODE = 'invalid_parameter_value';
                END IF;
                SELECT row_hash INTO last_removed FROM {table} WHERE id = p_up_to_id;
                IF last_removed IS NULL OR last_removed <> p_purged_to_hash THEN
                    RAISE EXCEPTION 'The checkpoint must hold the hash of the last event removed'
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                SELECT row_hash INTO newest FROM {table} ORDER BY id DESC LIMIT 1;
                IF p_previous_hash IS DISTINCT FROM newest THEN
                    RAISE EXCEPTION 'The checkpoint must follow the newest event'
                        USING ERRCODE = 'invalid_parameter_value';
                END IF;
                DELETE FROM {table} WHERE id <= p_up_to_id;
                GET DIAGNOSTICS removed = ROW_COUNT;
                INSERT INTO {table} (at, actor_id, action, person_id, what, why, channel, address, session,
                                     previous_hash, row_hash, purged_to_hash)
                VALUES (p_at, p_actor_id, 'checkpoint', NULL, p_what, p_why, p_channel, p_address, p_session,
                        p_previous_hash, p_row_hash, p_purged_to_hash)
                RETURNING id INTO checkpoint_id;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {table}_empty(OUT removed bigint) {definer} AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
                DELETE FROM {table};
                GET DIAGNOSTICS removed = ROW_COUNT;
            END $$""",
    ]


PURGE_SIGNATURE = ("(bigint, varchar, timestamptz, bigint, varchar, varchar, varchar, varchar, varchar, varchar, "
                   "varchar)")


def postgresql_forward(cursor, role: str = PURGER) -> None:
    ensure_purger(cursor, role)
    purger = _ident(role)
    schema, user, superuser = _row(cursor, """
        SELECT n.nspname, current_user, r.rolsuper
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.rolname = current_user
        WHERE c.oid = 'audit_auditevent'::regclass""")
    table = f"{_ident(schema)}.audit_auditevent"
    purge, empty = f"{table}_purge{PURGE_SIGNATURE}", f"{table}_empty()"

    for statement in _trigger_functions(role) + _purge_functions(table):
        cursor.execute(statement)
    cursor.execute(f"REVOKE ALL ON FUNCTION {purge} FROM PUBLIC")
    cursor.execute(f"REVOKE ALL ON FUNCTION {empty} FROM PUBLIC")

    # The purger may read, remove and write the checkpoint, nothing more.
    cursor.execute(f"REVOKE ALL ON {table} FROM {purger}")
    cursor.execute(f"GRANT SELECT, INSERT, DELETE ON {table} TO {purger}")
    sequence = _row(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [table])[0]
    if sequence:
        cursor.execute(f"GRANT USAGE ON SEQUENCE {sequence} TO {purger}")
    if not _row(cursor, "SELECT has_schema_privilege(%s, %s, 'USAGE')", [role, schema])[0]:
        cursor.execute(f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {purger}")

    # Hand the functions to the purger. Unless a superuser, the migrating role must be a member of the new owner, and
    # the new owner must be allowed to create in the schema. It keeps that (pg_restore, run by the tables' owner, hands
    # the functions to it again); only its members, who own the tables anyway, and superusers can act as it outside
    # the two functions, whose code is fixed.
    if not superuser and not _row(cursor, "SELECT pg_has_role(current_user, %s, 'MEMBER')", [role])[0]:
        if not _row(cursor, "SELECT pg_has_role(current_user, %s, 'MEMBER WITH ADMIN OPTION') OR rolcreaterole "
                            "FROM pg_roles WHERE rolname = current_user", [role])[0]:
            raise RuntimeError(ASK.format(role=role, user=user, run=f"GRANT {role} TO {user};"))
        cursor.execute(f"""DO $$ BEGIN GRANT {purger} TO CURRENT_USER;
                           EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$""")
    if not _row(cursor, "SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])[0]:
        if not superuser and not _row(cursor, "SELECT has_schema_privilege(current_user, %s, "
                                              "'CREATE WITH GRANT OPTION')", [schema])[0]:
            raise RuntimeError(ASK.format(role=role, user=user, run=f"GRANT CREATE ON SCHEMA {schema} TO {role};"))
        cursor.execute(f"GRANT CREATE ON SCHEMA {_ident(schema)} TO {purger}")
    cursor.execute(f"ALTER FUNCTION {purge} OWNER TO {purger}")
    cursor.execute(f"ALTER FUNCTION {empty} OWNER TO {purger}")

    # No one but the owner may change or remove events directly: not PUBLIC, not Selfdirect's role if a council gave it
    # more than SELECT and INSERT (a table's owner always may, and can drop the triggers: decision 0009).
    cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
    cursor.execute("""
        SELECT DISTINCT pg_get_userbyid(a.grantee)
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = %s::regclass AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND a.grantee <> 0
          AND a.grantee <> c.relowner AND pg_get_userbyid(a.grantee) <> %s""", [table, role])
    for (grantee,) in cursor.fetchall():
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {_ident(grantee)}")


def postgresql_backward(cursor) -> None:
    before = importlib.import_module("selfdirect.audit.migrations.0003_append_only")
    for statement in before.POSTGRESQL_FORWARD[:2]:  # 0003's trigger functions (the triggers themselves stay)
        cursor.execute(statement)
    cursor.execute(f"DROP FUNCTION IF EXISTS audit_auditevent_purge{PURGE_SIGNATURE}")
    cursor.execute("DROP FUNCTION IF EXISTS audit_auditevent_empty()")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            postgresql_forward(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            postgresql_backward(cursor)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_append_only"),
    ]

    operations = [migrations.RunPython(forward, backward)]
