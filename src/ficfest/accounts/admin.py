from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Field
from django.http import HttpRequest

from ficfest.accounts.auth_forms import AdminLoginForm
from ficfest.accounts.models import Pseud, User
from ficfest.lib.timefields import TimeZoneField

# The admin's log-in counts attempts with the site's (ficfest.accounts.throttle).
admin.site.login_form = AdminLoginForm


class PseudInline(admin.TabularInline):
    model = Pseud
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [PseudInline]
    list_filter = [*DjangoUserAdmin.list_filter, "is_wrangler"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Preferences", {"fields": ("show_adult_content", "time_zone")}),
        ("Roles", {"fields": ("is_wrangler",)}),
    )

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "time_zone":  # a list to choose from, not a name to type
            return TimeZoneField(label="Show times in", required=False, site_default=True)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Pseud)
class PseudAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "is_default", "created_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
