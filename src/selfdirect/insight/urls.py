from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("cld/", views.cld_return, name="cld"),
    path("take-up/", views.take_up, name="take-up"),
    path("journey-times/", views.journey_times, name="journey-times"),
    path("choice-offered/", views.choice_offered, name="choice-offered"),
    path("money/", views.money, name="money"),
    path("outcomes/", views.outcomes, name="outcomes"),
    # a dashboard exported to Excel on the task worker (insight.jobs), and the workbook it wrote
    path("export/", views.export, name="export"),
    path("exports/<int:job_pk>/", views.export_file, name="export-file"),
]
