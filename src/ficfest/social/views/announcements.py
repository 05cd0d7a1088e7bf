from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficfest.accounts.auth import current_user
from ficfest.communities.models import Community
from ficfest.communities.permissions import require_moderator
from ficfest.social import comments, threads
from ficfest.social.announcements import announcement_post
from ficfest.social.forms import comment_form_for
from ficfest.social.models import Announcement
from ficfest.social.places import announcement_place


class AnnouncementForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="News", max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    comments_enabled = forms.BooleanField(label="Allow comments", required=False, initial=True)


@login_required
def announcement_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    require_moderator(request.user, community)
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = announcement_post(
                community=community, author=current_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(
                request, "Announcement posted; subscribers will find it in their inbox."
            )
            return redirect(announcement)
    return render(request, "social/announcement_form.html", {"form": form, "community": community})


def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(
        Announcement.objects.select_related("community", "author"), pk=pk
    )
    place = announcement_place(announcement, request.user)
    page, shown = threads.thread_page(place, request.user, request.GET.get("comments_page"))
    return render(request, "social/announcement_detail.html", {
        "announcement": announcement, "place": place, "page": page, "threads": shown,
        "count": page.paginator.count,
        "refusal": comments.comment_refusal(place, request.user),
        "form": comment_form_for(request.user),
    })  # fmt: skip
