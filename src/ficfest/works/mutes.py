"""The reader's muted tags and creators: the preferences page and the mute/unmute buttons.

The writes are the tags' and accounts' services; the pages live with the works because whether
a reader may even learn that a tag exists depends on the works they can see (a tag carried only
by drafts or unrevealed works is not named to them, as its tag page is not shown)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficfest.accounts import services as accounts
from ficfest.accounts.auth import AnyUser, current_user
from ficfest.accounts.models import User
from ficfest.accounts.selectors import NAME_MAX, creator_named, creators_muted_by
from ficfest.lib.forms import add_service_errors
from ficfest.tags import mutes
from ficfest.tags.models import TAG_NAME_MAX, Tag, TagMute, TagType
from ficfest.works.models import Work, WorkQuerySet

# Forms: what the reader types, checked against what exists and what they may know of.


def tags_known_to(user: AnyUser, tags: QuerySet[Tag]) -> QuerySet[Tag]:
    """The tags a reader may be told exist: canonical ones (a wrangler made them public), those
    on works they can see, and those they muted themselves."""
    # EXISTS per candidate: the candidates are few (one name, or one id), the works many.
    carried = Work.objects.visible_to(user).filter(tags=OuterRef("pk"))
    known: Q = Q(canonical=True) | Q(Exists(carried))
    if user.is_authenticated:
        known |= Q(Exists(TagMute.objects.filter(user=user, tag=OuterRef("pk"))))
    return tags.filter(known)


class TagMuteForm(forms.Form):
    name = forms.CharField(
        label="Tag",
        max_length=TAG_NAME_MAX * 2,
        help_text="As it is written on works; a synonym mutes the tag it is filed under.",
        widget=forms.TextInput(attrs={"data-tag-autocomplete": "", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "Any type"), *TagType.choices],
        help_text="Only needed when tags of several types share the name.",
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean(self) -> dict:
        data = super().clean() or {}
        if "name" in data:
            try:
                named = mutes.tags_named(data["name"], data.get("type", ""))
                data["tag"] = mutes.one_tag(list(tags_known_to(self.user, named)), data["name"])
            except ValidationError as error:
                self.add_error("name", error)
        return data


class CreatorMuteForm(forms.Form):
    name = forms.CharField(
        label="Creator",
        max_length=NAME_MAX,
        help_text="A username or a pseud name; “pseud (username)” when several creators share "
        "a pseud name.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self) -> User:
        return creator_named(self.cleaned_data["name"])


# The page


@login_required
def mute_preferences(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Two forms share the page; a hidden "form" field says which one was sent.
    sent = request.POST.get("form") if request.method == "POST" else None
    # Prefixes: the two forms' fields must not share ids on one page.
    tag_form = TagMuteForm(request.POST if sent == "tag" else None, user=user, prefix="tag")
    creator_form = CreatorMuteForm(request.POST if sent == "creator" else None, prefix="creator")
    for form, kind in ((tag_form, "tag"), (creator_form, "creator")):
        if form.is_bound and form.is_valid() and _muted(request, form, kind):
            return redirect("mute_preferences")
    context = {
        "tag_form": tag_form,
        "creator_form": creator_form,
        "tag_mutes": mutes.tags_muted_by(user),
        "creator_mutes": creators_muted_by(user),
        "tag_max": mutes.TAG_MUTES_MAX,
        "creator_max": accounts.CREATOR_MUTES_MAX,
    }
    return render(request, "tags/mutes.html", context)


def _muted(request: HttpRequest, form: forms.Form, kind: str) -> bool:
    """Mute what a valid form names; a refusal (the limit, oneself) goes back to the form."""
    try:
        if kind == "tag":
            _tag_mute(request, form.cleaned_data["tag"])
        else:
            _creator_mute(request, form.cleaned_data["name"])
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


# The buttons: POST, back to where the reader was, with a message that can undo.


def _back(request: HttpRequest) -> str:
    """Back where the reader was, but never to another site (an open redirect)."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else reverse("mute_preferences")


def _undo(request: HttpRequest, text: str, action: str, url: str) -> None:
    """A message with a button that takes the change back (a form: it works without JS)."""
    messages.success(
        request,
        format_html(
            '{} <form method="post" action="{}" class="undo"><input type="hidden" '
            'name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="action" '
            'value="{}"><input type="hidden" name="next" value="{}"><button type="submit" '
            'class="linkish">Undo</button></form>',
            text,
            url,
            get_token(request),
            action,
            _back(request),
        ),
    )


def _tag_mute(request: HttpRequest, tag: Tag) -> None:
    mute = mutes.tag_mute(user=current_user(request), tag=tag)
    filed = f" (filed under “{mute.tag.name}”)" if mute.tag_id != tag.pk else ""
    text = f"Works tagged “{tag.name}”{filed} are now hidden from your listings."
    _undo(request, text, "unmute", reverse("tag_mute", args=[tag.pk]))


def _creator_mute(request: HttpRequest, creator: User) -> None:
    accounts.creator_mute(user=current_user(request), muted=creator)
    text = f"Works by {creator.username} are now hidden from your listings."
    _undo(request, text, "unmute", reverse("creator_mute", args=[creator.username]))


@login_required
@require_POST
def tag_mute(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    tag = get_object_or_404(tags_known_to(user, Tag.objects.select_related("merger")), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "mute":
            _tag_mute(request, tag)
        elif action == "unmute":
            if mutes.tag_unmute(user=user, tag=tag):
                text = f"Works tagged “{tag.name}” are shown in your listings again."
                _undo(request, text, "mute", reverse("tag_mute", args=[tag.pk]))
        else:
            messages.error(request, "Choose whether to mute or unmute.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request))


@login_required
@require_POST
def creator_mute(request: HttpRequest, username: str) -> HttpResponse:
    user = current_user(request)
    creator = get_object_or_404(User, username=username, is_active=True)
    action = request.POST.get("action")
    try:
        if action == "mute":
            _creator_mute(request, creator)
        elif action == "unmute":
            if accounts.creator_unmute(user=user, muted=creator):
                text = f"Works by {creator.username} are shown in your listings again."
                _undo(request, text, "mute", reverse("creator_mute", args=[creator.username]))
        else:
            messages.error(request, "Choose whether to mute or unmute.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_back(request))


def unmuted_here(works: WorkQuerySet, request: HttpRequest) -> WorkQuerySet:
    """These works without the reader's muted ones, unless this page was asked for with
    ``muted=show`` (the listings' parameter to see them on one page)."""
    if request.GET.get("muted") == "show":
        return works
    return works.unmuted_for(request.user)
