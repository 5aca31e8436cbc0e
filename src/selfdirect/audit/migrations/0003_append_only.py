"""The audit trail is append-only in the database itself (ASVS 4.0.3 V7.3.3, V7.3.4; V8.3.x): a trigger refuses any
UPDATE or DELETE of an audit event (and, on PostgreSQL, TRUNCATE of a table that still holds events) unless the
transaction holds the purge routine's permit (audit.actions.purge): on SQLite a row in audit_purgepermit, on PostgreSQL
the transaction-local setting selfdirect.audit_purge (which any sign-in could set: migration 0004 replaces it with a
role). Other databases are not supported.

On SQLite, a later migration that alters the audit_auditevent table may rebuild it and so drop these triggers:
`selfdirect audit check` reports their absence, and tests/audit/test_append_only.py fails."""

from django.db import migrations

MESSAGE = "The audit trail is append-only: only audit.actions.purge may change or remove its events"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER audit_auditevent_no_{operation.lower()} BEFORE {operation} ON audit_auditevent
        WHEN NOT EXISTS (SELECT 1 FROM audit_purgepermit)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    for operation in ("UPDATE", "DELETE")
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_auditevent_no_update", "DROP TRIGGER IF EXISTS audit_auditevent_no_delete"]

POSTGRESQL_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('selfdirect.audit_purge', true), '') = 'on' THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('selfdirect.audit_purge', true), '') = 'on'
               OR NOT EXISTS (SELECT 1 FROM audit_auditevent) THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION '{MESSAGE} (TRUNCATE refused)' USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
    """CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change()""",
    """CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent
        FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_truncate()""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse_truncate()",
]

BY_VENDOR = {"sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD), "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD)}


def _run(schema_editor, which):
    vendor = schema_editor.connection.vendor
    if vendor not in BY_VENDOR:
        raise RuntimeError(f"Selfdirect's audit trail needs SQLite or PostgreSQL, not {vendor}")
    for statement in BY_VENDOR[vendor][which]:
        schema_editor.execute(statement, params=None)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def backward(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_chain_and_client"),
    ]

    operations = [migrations.RunPython(forward, backward)]
