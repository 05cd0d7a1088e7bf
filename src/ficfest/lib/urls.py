from django.conf import settings


def absolute(path: str) -> str:
    """A path as a full address, for what leaves the site without a request (emails, feeds,
    exports, import reports)."""
    return f"{settings.SITE_URL}{path}"
