"""A URL configuration with one page that fails, for the error page's test (handler500 as the project's)."""

from django.urls import path

from selfdirect.urls import handler500  # noqa: F401  (the project's error page, looked up here by Django)


def broken(request):
    raise RuntimeError("a fault in a page")


urlpatterns = [path("broken/", broken)]
