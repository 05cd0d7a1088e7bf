"""What the tags app tells the apps above it. Tags know nothing of works: the works app
listens here and recomputes the filters of the works these tags are on."""

from django.dispatch import Signal

# Sent after the commit of a wrangling change, with ``tag_ids``: every tag whose filters
# (its canonical or the meta tags above it) may have changed.
tags_rewrangled = Signal()
