from django.conf import settings
from django.conf.urls.static import static
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
    path("", include("ficfest.works.urls")),
    path("", include("ficfest.communities.urls")),
    path("", include("ficfest.exchanges.urls")),
    path("", include("ficfest.importer.urls")),
    # Uploaded images and vids, served by Django only in DEBUG (empty otherwise: the web
    # server in front serves MEDIA_ROOT in production).
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
