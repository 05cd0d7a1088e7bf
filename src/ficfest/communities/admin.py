from typing import Any

from django.contrib import admin
from django.db.models import Field
from django.http import HttpRequest

from ficfest.communities.models import (
    Challenge,
    Claim,
    Community,
    Fill,
    FormLimit,
    Membership,
    Period,
    PointRule,
    Poll,
    PollOption,
    Prompt,
    Vote,
)
from ficfest.lib.dates import site_time_zone
from ficfest.lib.timefields import TimeZoneField


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class FormLimitInline(admin.TabularInline):
    model = FormLimit
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "membership", "moderated", "overflow_of"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["required_tags"]
    inlines = [FormLimitInline, MembershipInline]

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "time_zone":  # a list to choose from, not a name to type
            return TimeZoneField(label="Time zone", initial=site_time_zone,
                                 help_text=db_field.help_text)  # fmt: skip
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


class PointRuleInline(admin.TabularInline):
    model = PointRule
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "anonymity", "reveal_at"]
    list_filter = ["kind", "anonymity"]
    search_fields = ["title", "community__name"]
    inlines = [PeriodInline, PointRuleInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["title", "challenge", "opens_at", "closes_at", "theme"]
    list_filter = ["challenge__community"]


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["text", "period", "release_at", "anonymous"]
    list_filter = ["period__challenge__community"]
    search_fields = ["text"]
    raw_id_fields = ["tags", "posted_by"]


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["period", "opens_at", "closes_at"]
    inlines = [PollOptionInline]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["poll", "option", "user", "created_at"]
    raw_id_fields = ["user"]


@admin.register(Fill)
class FillAdmin(admin.ModelAdmin):
    list_display = ["work", "challenge", "period", "status", "for_theme", "created_at"]
    list_filter = ["status", "challenge__community"]
    raw_id_fields = ["work", "prompts"]

    def get_readonly_fields(self, request: HttpRequest, obj: Fill | None = None) -> list[str]:
        # A fill stays with its work: moved to another, the first would keep the secrecy it
        # had from the fill (the signals only see the work a fill has now).
        return ["work"] if obj is not None else []


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["prompt", "user", "status", "due_at", "reminded_at"]
    list_filter = ["status"]
    raw_id_fields = ["prompt", "user", "pseud"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["community", "user", "role", "status"]
    list_filter = ["role", "status"]
    raw_id_fields = ["user"]
