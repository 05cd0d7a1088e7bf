"""Community pages live under /c/<slug>/; each views module brings its own patterns."""

from ficfest.communities.views import challenges, community, feeds, fills, masterlists, prompts

urlpatterns = [
    *community.urlpatterns,
    *challenges.urlpatterns,
    *prompts.urlpatterns,
    *fills.urlpatterns,
    *masterlists.urlpatterns,
    *feeds.urlpatterns,
]
