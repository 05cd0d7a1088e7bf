from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm

from ficfest.accounts.models import Pseud, User
from ficfest.lib.timefields import TimeZoneField


class PseudInline(admin.TabularInline):
    model = Pseud
    extra = 0


class UserAdminForm(UserChangeForm):
    time_zone = TimeZoneField(required=False, site_default=True)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    inlines = [PseudInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Preferences", {"fields": ("show_adult_content", "time_zone")}),
    )


@admin.register(Pseud)
class PseudAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "is_default", "created_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
