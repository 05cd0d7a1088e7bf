from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve


def healthz(request: HttpRequest) -> HttpResponse:
    """The framework floor for benchmarks and load balancers: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


# A request Django refuses to read (too many parameters...) gets a page in the site's layout.
handler400 = "ficfest.lib.errors.bad_request"

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("ficfest.accounts.urls")),
    path("", include("ficfest.tags.urls")),
    path("", include("ficfest.works.urls")),
    path("", include("ficfest.communities.urls")),
    path("", include("ficfest.exchanges.urls")),
    path("", include("ficfest.importer.urls")),
    path("", include("ficfest.search.urls")),
    path("", include("ficfest.downloads.urls")),
    path("", include("ficfest.downloads.opds_urls")),
    path("", include("ficfest.social.urls")),
]

if not settings.PRODUCTION:
    # Uploaded images and vids, served by Django in local mode (make run, DEBUG or not). In
    # production nginx serves MEDIA_ROOT and this route does not exist.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    )
