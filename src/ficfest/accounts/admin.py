from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from ficfest.accounts.auth_forms import AdminLoginForm
from ficfest.accounts.models import Pseud, User

# The admin's log-in counts attempts with the site's (ficfest.accounts.throttle).
admin.site.login_form = AdminLoginForm


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
