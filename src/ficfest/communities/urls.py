"""Community pages live under /c/<slug>/: communities, their challenges and periods, prompts
and claims, fills, masterlists and feeds."""

from django.urls import URLPattern, path, register_converter

from ficfest.communities.services.challenges import RESERVED_PERIOD_SLUGS
from ficfest.communities.views import (
    challenges,
    community,
    feeds,
    fills,
    listings,
    masterlists,
    prompts,
)


class PeriodSlugConverter:
    """A period's slug, never one of the words the challenge's own pages use at that level, so
    /…/<challenge>/signup/ and friends reach their views (some live in another urls module)."""

    regex = r"(?!(?:" + "|".join(sorted(RESERVED_PERIOD_SLUGS)) + r")/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PeriodSlugConverter, "period")

COMMUNITY = "c/<slug:slug>/"
CHALLENGE = COMMUNITY + "challenges/<slug:challenge>/"
PERIOD = CHALLENGE + "<period:period>/"

urlpatterns: list[URLPattern] = [
    # Communities and their members
    path("c/", community.community_list, name="community_list"),
    path("c/new/", community.community_new, name="community_new"),
    path(COMMUNITY, community.community_detail, name="community"),
    path(COMMUNITY + "edit/", community.community_edit, name="community_edit"),
    path(COMMUNITY + "join/", community.community_join, name="community_join"),
    path(COMMUNITY + "leave/", community.community_leave, name="community_leave"),
    path(COMMUNITY + "invitation/", community.community_invitation_answer,
         name="community_invitation_answer"),
    path(COMMUNITY + "members/", community.community_members, name="community_members"),
    path(COMMUNITY + "members/<int:pk>/", community.membership_action, name="membership_action"),
    path(COMMUNITY + "queue/", community.community_queue, name="community_queue"),
    path(COMMUNITY + "fills/<int:pk>/moderate/", community.fill_moderate, name="fill_moderate"),
    # Listings of works, with the archive's filters, and their feeds
    path(COMMUNITY + "works/", listings.community_works, name="community_works"),
    path(COMMUNITY + "works/feed/", listings.CommunityWorksFeed(), name="community_works_feed"),
    path(PERIOD + "works/", listings.period_works, name="period_works"),
    path(PERIOD + "works/feed/", listings.PeriodWorksFeed(), name="period_works_feed"),
    path(COMMUNITY + "prompts/<int:pk>/fills/", listings.prompt_fills, name="prompt_fills"),
    path(COMMUNITY + "prompts/<int:pk>/fills/feed/", listings.PromptFillsFeed(),
         name="prompt_fills_feed"),
    # Challenges and periods
    path(COMMUNITY + "challenges/new/", challenges.challenge_new, name="challenge_new"),
    path(CHALLENGE, challenges.challenge_detail, name="challenge"),
    path(CHALLENGE + "edit/", challenges.challenge_edit, name="challenge_edit"),
    path(CHALLENGE + "schedule/", challenges.challenge_schedule, name="challenge_schedule"),
    path(CHALLENGE + "periods/new/", challenges.period_new, name="period_new"),
    path(PERIOD, challenges.period_detail, name="period"),
    path(PERIOD + "edit/", challenges.period_edit, name="period_edit"),
    path(PERIOD + "poll/", challenges.poll_detail, name="poll"),
    # Prompts and claims
    path(PERIOD + "prompts/batch/", prompts.prompt_batch_new, name="prompt_batch_new"),
    path(PERIOD + "prompts/new/", prompts.prompt_new, name="prompt_new"),
    path(COMMUNITY + "prompts/<int:pk>/", prompts.prompt_detail, name="prompt"),
    path(COMMUNITY + "prompts/<int:pk>/claim/", prompts.claim_new, name="claim_new"),
    path(COMMUNITY + "claims/<int:pk>/release/", prompts.claim_release, name="claim_release"),
    path("claims/", prompts.my_claims, name="my_claims"),
    # Fills
    path("works/<int:pk>/fill/", fills.fill_new, name="fill_new"),
    path("works/<int:pk>/fill/<int:fill>/withdraw/", fills.fill_withdraw_view,
         name="fill_withdraw"),
    # Masterlists, stats and points
    path(PERIOD + "masterlist/", masterlists.masterlist, name="masterlist"),
    path(PERIOD + "masterlist.<str:fmt>", masterlists.masterlist_export, name="masterlist_export"),
    path(PERIOD + "stats/", masterlists.stats, name="stats"),
    path(PERIOD + "stats.<str:fmt>", masterlists.stats_export, name="stats_export"),
    path(COMMUNITY + "creators/", masterlists.community_creators, name="community_creators"),
    # Feeds
    path(COMMUNITY + "feed/", feeds.CommunityFeed(), name="feed_community"),
    path(COMMUNITY + "prompts/<int:pk>/feed/", feeds.PromptFeed(), name="feed_prompt"),
]  # fmt: skip
