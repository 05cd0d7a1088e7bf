from django.urls import path

from ficfest.social.views import (
    announcements,
    blocks,
    bookmarks,
    comments,
    inbox,
    kudos,
    reports,
    subscriptions,
)

urlpatterns = [
    path("works/<int:pk>/comments/", comments.comment_new, name="comment_new"),
    path("works/<int:pk>/kudos/", kudos.kudos_give, name="kudos_give"),
    path("comments/<int:pk>/", comments.comment_detail, name="comment"),
    path("comments/<int:pk>/reply/", comments.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/edit/", comments.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/moderate/", comments.comment_moderate, name="comment_moderate"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/mark/", inbox.inbox_mark, name="inbox_mark"),
    path("inbox/settings/", inbox.inbox_settings, name="inbox_settings"),
    path("blocks/", blocks.blocks, name="blocks"),
    path("works/<int:pk>/bookmark/", bookmarks.bookmark_work, name="bookmark_work"),
    path("works/<int:pk>/later/", bookmarks.mark_later, name="mark_later"),
    path("bookmarks/new/", bookmarks.bookmark_link, name="bookmark_link"),
    path("bookmarks/<int:pk>/delete/", bookmarks.bookmark_delete, name="bookmark_delete"),
    path("users/<str:username>/bookmarks/", bookmarks.user_bookmarks, name="user_bookmarks"),
    path("history/", bookmarks.history, name="history"),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscriptions/", subscriptions.subscription_list, name="subscriptions"),
    path(
        "c/<slug:slug>/news/new/",
        announcements.announcement_new,
        name="announcement_new",
    ),
    path("news/<int:pk>/", announcements.announcement_detail, name="announcement"),
    path(
        "news/<int:pk>/comments/",
        comments.announcement_comment_new,
        name="announcement_comment_new",
    ),
    path("prompts/<int:pk>/comments/", comments.prompt_comment_new, name="prompt_comment_new"),
    path("report/", reports.report_new, name="report_new"),
    path("reports/", reports.report_queue, name="report_queue"),
    path("reports/<int:pk>/", reports.report_resolve, name="report_resolve"),
]
