from django.contrib import admin

from ficfest.works.models import (
    Chapter,
    Creatorship,
    FanmixTrack,
    Series,
    SeriesWork,
    Work,
    WorkImage,
)


class ChapterInline(admin.StackedInline):
    model = Chapter
    extra = 0
    fields = ["position", "title", "text_format", "text", "word_count"]
    readonly_fields = ["word_count"]


class CreatorshipInline(admin.TabularInline):
    model = Creatorship
    extra = 0
    raw_id_fields = ["pseud", "invited_by"]


class WorkImageInline(admin.TabularInline):
    model = WorkImage
    extra = 0


class FanmixTrackInline(admin.TabularInline):
    model = FanmixTrack
    extra = 0


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ["title", "rating", "status", "published_at", "restricted", "word_count"]
    list_filter = ["status", "rating", "restricted", "language"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["poster", "tags"]
    readonly_fields = ["word_count", "chapter_count", "created_at", "updated_at"]
    inlines = [CreatorshipInline, ChapterInline, WorkImageInline, FanmixTrackInline]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["work", "position", "title", "word_count"]
    raw_id_fields = ["work"]
    search_fields = ["title", "work__title"]


@admin.register(Creatorship)
class CreatorshipAdmin(admin.ModelAdmin):
    list_display = ["work", "pseud", "accepted", "created_at"]
    list_filter = ["accepted"]
    raw_id_fields = ["work", "pseud", "invited_by"]


class SeriesWorkInline(admin.TabularInline):
    model = SeriesWork
    extra = 0
    raw_id_fields = ["work"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "complete", "created_at"]
    raw_id_fields = ["owner"]
    inlines = [SeriesWorkInline]
