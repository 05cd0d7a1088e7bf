from django.urls import URLPattern, URLResolver

# The e-reader catalogs (OPDS), beside the downloads their entries point at.
urlpatterns: list[URLPattern | URLResolver] = []
