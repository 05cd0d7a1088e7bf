from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ficfest.accounts.models import Pseud, User


class PseudInline(admin.TabularInline):
    model = Pseud
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [PseudInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Preferences", {"fields": ("show_adult_content",)}),
    )


@admin.register(Pseud)
class PseudAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "is_default", "created_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
