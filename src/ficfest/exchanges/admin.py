from django.contrib import admin

from ficfest.exchanges.models import Assignment, SignUp


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ["pseud", "challenge", "pinch_hitter", "created_at"]
    list_filter = ["challenge", "pinch_hitter"]
    raw_id_fields = ["user", "pseud"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["challenge", "giver", "recipient", "status", "pinch_hit", "due_at"]
    list_filter = ["status", "challenge"]
    raw_id_fields = ["giver", "recipient", "work"]
