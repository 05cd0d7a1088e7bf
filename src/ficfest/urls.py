from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> HttpResponse:
    """The framework floor for benchmarks and load balancers: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("ficfest.accounts.urls")),
    path("", include("ficfest.tags.urls")),
    path("", include("ficfest.works.urls")),
    path("", include("ficfest.communities.urls")),
    path("", include("ficfest.exchanges.urls")),
]
