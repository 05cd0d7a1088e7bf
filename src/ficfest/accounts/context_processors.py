from django.http import HttpRequest

THEME_COOKIE = "theme"
THEME_CHOICES = [("auto", "Auto"), ("light", "Light"), ("dark", "Dark")]
THEMES = {value for value, _label in THEME_CHOICES}
DEFAULT_THEME = "auto"


def current_theme(request: HttpRequest) -> str:
    """The reader's theme; a cookie is input like any other, so unknown values mean auto."""
    chosen = request.COOKIES.get(THEME_COOKIE, DEFAULT_THEME)
    return chosen if chosen in THEMES else DEFAULT_THEME


def theme(request: HttpRequest) -> dict[str, object]:
    return {"theme_choices": THEME_CHOICES, "theme": current_theme(request)}
