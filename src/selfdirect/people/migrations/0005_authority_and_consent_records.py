"""Authority to act gets its kind, scope, evidence (reference and the date it was seen), review date and who recorded
it; consent becomes a record of its own (ConsentInformation, the versioned information given; Consent, each person's
agreement to a purpose and its withdrawal). The rows already held are moved across by 0006; Person.research_consent
goes in 0007."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KINDS = [
    ("lpa_health_welfare", "Lasting power of attorney for health and welfare"),
    ("lpa_property_finance", "Lasting power of attorney for property and financial affairs"),
    ("lpa_type_not_recorded", "Lasting power of attorney (which kind was not recorded)"),
    ("epa", "Registered enduring power of attorney (property and affairs only)"),
    ("deputy", "Deputy appointed by the Court of Protection"),
    ("nominated_person", "Nominated person receiving direct payments for an adult with capacity"),
    ("authorised_person", "Authorised person receiving direct payments for an adult without capacity"),
    ("appointee", "DWP appointee (benefits only)"),
    ("consent", "Consent of the person, who has capacity"),
]
SCOPES = [
    ("welfare", "Personal welfare: the care record, the support plan and reviews"),
    ("property", "Property and financial affairs: the budget, the money and charging"),
    ("direct_payments", "The direct payment: the budget and the support plan it pays for"),
    ("benefits", "Benefits: the financial assessment and charges only"),
    ("welfare_and_property", "Welfare and money: the care record, plan, reviews, budget, money and charging"),
    ("not_recorded", "Not recorded yet: review the authority to record what it covers"),
]
PURPOSES = [
    ("research", "Research using their pseudonymised data"),
    ("sharing", "Sharing their information beyond the care team"),
    ("plan_examples", "Anonymised examples from their plan shown to others"),
]


def _both(operation, **kwargs):
    return [operation(model_name=name, **kwargs) for name in ("representative", "historicalrepresentative")]


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_carer_sign_in_and_ending_authority"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *_both(migrations.RenameField, old_name="legal_basis", new_name="kind"),
        *_both(migrations.AlterField, name="kind",
               field=models.CharField(choices=KINDS, max_length=30, verbose_name="Kind of authority")),
        *_both(migrations.RenameField, old_name="evidence", new_name="evidence_reference"),
        *_both(migrations.AlterField, name="evidence_reference",
               field=models.CharField(blank=True, max_length=300, verbose_name="Evidence seen: its reference")),
        *_both(migrations.AddField, name="scope",
               field=models.CharField(choices=SCOPES, default="not_recorded", max_length=30,
                                      verbose_name="What it covers"),
               preserve_default=False),
        *_both(migrations.AddField, name="evidence_seen_on",
               field=models.DateField(blank=True, null=True, verbose_name="Date the evidence was seen")),
        *_both(migrations.AddField, name="review_on",
               field=models.DateField(blank=True, null=True, verbose_name="Review the authority by")),
        *_both(migrations.AddField, name="recorded_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(
            model_name="representative", name="recorded_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL)),
        migrations.AddField(
            model_name="historicalrepresentative", name="recorded_by",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL)),
        migrations.CreateModel(
            name="ConsentInformation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("purpose", models.CharField(choices=PURPOSES, max_length=30)),
                ("version", models.PositiveIntegerField()),
                ("text", models.TextField()),
                ("easy_read_text", models.TextField(verbose_name="Easy read version")),
                ("published_at", models.DateTimeField(auto_now_add=True)),
                ("published_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                   related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["purpose", "-version"],
                "constraints": [models.UniqueConstraint(fields=("purpose", "version"),
                                                        name="one_version_number_a_purpose")],
            },
        ),
        migrations.CreateModel(
            name="Consent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("purpose", models.CharField(choices=PURPOSES, max_length=30)),
                ("given_on", models.DateField()),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="How it was given")),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
                ("withdrawn_on", models.DateField(blank=True, null=True)),
                ("withdrawal_note", models.CharField(blank=True, max_length=500, verbose_name="How it was withdrawn")),
                ("withdrawal_recorded_at", models.DateTimeField(blank=True, null=True)),
                ("information", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="consents",
                                                  to="people.consentinformation")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="consents",
                                             to="people.person")),
                ("recorded_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                  related_name="+", to=settings.AUTH_USER_MODEL)),
                ("withdrawal_recorded_by", models.ForeignKey(blank=True, null=True,
                                                             on_delete=django.db.models.deletion.SET_NULL,
                                                             related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["person", "purpose", "-given_on", "-id"],
                "indexes": [models.Index(fields=["purpose", "given_on"], name="consent_purpose_given")],
                "constraints": [models.UniqueConstraint(condition=models.Q(("withdrawn_on__isnull", True)),
                                                        fields=("person", "purpose"),
                                                        name="one_open_consent_a_purpose")],
            },
        ),
    ]
