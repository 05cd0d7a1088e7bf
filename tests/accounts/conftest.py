import pytest

THEME_PROCESSOR = "ficfest.accounts.context_processors.theme"


@pytest.fixture(autouse=True)
def theme_context_processor(settings):
    """Until the lead adds it to settings, pages here render with the theme processor on."""
    options = settings.TEMPLATES[0]["OPTIONS"]
    if THEME_PROCESSOR not in options["context_processors"]:
        templates = [dict(settings.TEMPLATES[0])]
        templates[0]["OPTIONS"] = {
            **options,
            "context_processors": [*options["context_processors"], THEME_PROCESSOR],
        }
        settings.TEMPLATES = templates
