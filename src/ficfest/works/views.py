from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.lib.dates import describe_here
from ficfest.works import editing, seams, selectors, services
from ficfest.works.forms import ChapterForm, WorkForm
from ficfest.works.listing import listing_for
from ficfest.works.models import Chapter, Creatorship, Form, Series, Status, Work
from ficfest.works.mutes import unmuted_here

T = TypeVar("T")


def home(request: HttpRequest) -> HttpResponse:
    listed = unmuted_here(selectors.works_listed_for(request.user), request)
    works = listed.for_listing()[: selectors.PAGE_SIZE]
    return render(request, "works/home.html", {"works": works})


def work_list(request: HttpRequest) -> HttpResponse:
    listing = listing_for(request, selectors.works_listed_for(request.user))
    context = listing.context(feed_url=reverse("works_feed"))
    return render(request, "works/work_list.html", context)


def _adult_notice(request: HttpRequest, work: Work) -> HttpResponse | None:
    """AO3's gate: Mature/Explicit/unwarned works ask once per session, or never by preference."""
    if request.GET.get("view_adult") == "true":
        request.session["adult_ok"] = True
    user: Any = request.user
    if (
        not work.is_adult
        or request.session.get("adult_ok")
        or getattr(user, "show_adult_content", False)
        or work.is_creator(user)
    ):
        return None
    return render(request, "works/adult_notice.html", {"work": work})


def _reading_context(request: HttpRequest, work: Work) -> dict[str, Any]:
    is_creator = work.is_creator(request.user)
    # A series names its owner: an anonymous work's series would name its creator.
    in_series = is_creator or not work.creators_are_hidden
    return {
        "work": work,
        "is_creator": is_creator,
        "series_items": work.series_items.select_related("series") if in_series else [],
        # Read only by the chapter-by-chapter page's menu, when it iterates it.
        "chapter_list": work.chapters.only("position", "title", "work_id"),
    }


def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = selectors.work_for_reader(user=request.user, pk=pk)
    if notice := _adult_notice(request, work):
        return notice
    context = _reading_context(request, work)
    if work.chapter_count > 1 and request.GET.get("view_full_work") != "true":
        chapter = selectors.chapter_of(work=work, position=1)
        context.update(_chapter_context(work, chapter))
        context["sections"] = _sections(request, work, chapter)
        return render(request, "works/chapter.html", context)
    context["chapters"] = work.chapters.all()
    context["sections"] = _sections(request, work, None)
    return render(request, "works/work.html", context)


def _sections(request: HttpRequest, work: Work, chapter: Chapter | None) -> list[str]:
    """What apps above works show under the text (social's kudos and comments), rendered here
    so this app never names them; already safe HTML."""
    return [
        render_to_string(section.template, dict(section.context), request=request)
        for section in seams.work_sections(request, work, chapter)
    ]


def _chapter_context(work: Work, chapter: Chapter) -> dict[str, Any]:
    return {
        "chapter": chapter,
        "previous": chapter.position - 1 if chapter.position > 1 else None,
        "next": chapter.position + 1 if chapter.position < work.chapter_count else None,
    }


def chapter_detail(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    work = selectors.work_for_reader(user=request.user, pk=pk)
    if notice := _adult_notice(request, work):
        return notice
    context = _reading_context(request, work)
    chapter = selectors.chapter_of(work=work, position=position)
    context.update(_chapter_context(work, chapter))
    context["sections"] = _sections(request, work, chapter)
    return render(request, "works/chapter.html", context)


def chapter_jump(request: HttpRequest, pk: int) -> HttpResponse:
    """The no-JavaScript chapter menu submits here."""
    work = selectors.work_for_reader(user=request.user, pk=pk)
    position = request.GET.get("position", "1")
    chapter = selectors.chapter_of(work=work, position=int(position) if position.isdigit() else 0)
    return redirect(chapter)


def _editable_work(request: HttpRequest, pk: int) -> Work:
    work = selectors.work_for_reader(user=request.user, pk=pk)
    if not work.is_creator(request.user):
        raise PermissionDenied("Only the work's creators can change it.")
    return work


def _chosen_series(request: HttpRequest, form: WorkForm) -> Series | None:
    if form.cleaned_data.get("new_series"):
        return services.series_create(
            owner=current_user(request), title=form.cleaned_data["new_series"]
        )
    series: Series | None = form.cleaned_data.get("series")
    return series


def _text_required(data: Any) -> bool:
    return ((data.get("form") if data else None) or Form.FIC) in services.TEXT_FORMS


@login_required
def work_new(request: HttpRequest) -> HttpResponse:
    # Where the work is posted for, e.g. ``?community=<slug>&prompt=<pk>`` for a fill.
    rules = seams.posting_rules()
    target = rules.target(request.GET, request.user)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = WorkForm(data, files, user=current_user(request), initial=rules.initial(target))
    chapter_form = ChapterForm(data, prefix="chapter", text_required=_text_required(data))
    key = editing.submission_key(request) if data else editing.new_submission_key()
    if data and (posted := _already_posted(request, key)):
        messages.info(request, "This form was sent twice; the work was posted once. Here it is.")
        return redirect(posted)
    if request.method == "POST" and form.is_valid() and chapter_form.is_valid():
        draft = request.POST.get("action") == "draft"
        try:
            work, fill_warning = _create_work(request, form, chapter_form, target, draft, key)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except IntegrityError:
            # The same form, sent again while the first was being saved: that one won.
            if posted := _already_posted(request, key):
                return redirect(posted)
            raise
        else:
            messages.success(request, _posted_message(work))
            if fill_warning:
                messages.warning(request, fill_warning)
            return redirect(work)
    return render(request, "works/work_form.html", {
        "form": form, "chapter_form": chapter_form, "fill_target": target, "submission": key,
        "posting_notes": rules.notes(target),
    })  # fmt: skip


def _already_posted(request: HttpRequest, key: str) -> Work | None:
    if not key:
        return None
    return Work.objects.filter(poster=current_user(request), submission_key=key).first()


def _create_work(
    request: HttpRequest,
    form: WorkForm,
    chapter_form: ChapterForm,
    target: object | None,
    draft: bool,
    key: str,
) -> tuple[Work, str]:
    """The work, its media and what it is posted for, all or nothing."""
    me = current_user(request)

    def create() -> Work:
        return services.work_create(
            poster=me, pseud=form.cleaned_data["pseud"], tags=form.work_tags(),
            chapter=chapter_form.content(), co_creators=form.cleaned_data["co_creators"],
            series=_chosen_series(request, form),
            status=Status.DRAFT if draft else Status.POSTED,
            publish_at=form.cleaned_data["publish_at"], **form.work_fields(),
            submission_key=key, **form.work_media(),
        )  # fmt: skip

    with services.files_discarded_on_error():
        return seams.posting_rules().post(create=create, target=target, draft=draft, by=me)


def _posted_message(work: Work) -> str:
    if work.status == Status.DRAFT:
        return "Draft saved. It is visible only to you until you post it."
    if work.is_scheduled and work.published_at is not None:
        # In the poster's own zone, named: they chose the time in it.
        return f"Work scheduled: it will appear on {describe_here(work.published_at)}."
    return "Work posted."


@login_required
def work_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work = _editable_work(request, pk)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = WorkForm(data, files, instance=work, user=current_user(request))
    base = editing.work_token(work)
    conflict = editing.changed_since_opened(request, base)
    if request.method == "POST" and form.is_valid() and not conflict:
        updated = _within_fills(form, work, lambda: services.work_update(
            work=work, editor=current_user(request), tags=form.work_tags(),
            co_creators=form.cleaned_data["co_creators"], series=_chosen_series(request, form),
            **form.work_fields(), **form.work_media(),
        ))  # fmt: skip
        if updated is not None:
            messages.success(request, "Work updated.")
            return redirect(work)
    saved = Work.objects.for_blurbs().get(pk=work.pk) if conflict else None
    return render(request, "works/work_form.html",
                  {"form": form, "work": work, "base": base, "saved": saved})  # fmt: skip


def _within_fills(form: BaseForm, work: Work, write: Callable[[], T]) -> T | None:
    """Make the edit, undone when the work no longer fits where it is posted (a chapter over
    a drabble community's limit, a required pairing taken off)."""
    try:
        # The outer block owns the clean-up: files stored by the edit go when it is undone.
        with services.files_discarded_on_error():
            result = seams.posting_rules().edit(work=work, write=write)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    return result


@login_required
def work_delete(request: HttpRequest, pk: int) -> HttpResponse:
    work = _editable_work(request, pk)
    if request.method == "POST":
        services.work_delete(work=work)
        messages.success(request, f"“{work.title}” was deleted.")
        return redirect("dashboard")
    return render(request, "works/work_confirm_delete.html", {"work": work})


@login_required
@require_POST
def work_post(request: HttpRequest, pk: int) -> HttpResponse:
    work = _editable_work(request, pk)
    if work.status == Status.DRAFT:
        services.work_post(work=work)
        messages.success(request, "Work posted.")
    return redirect(work)


@login_required
def chapter_new(request: HttpRequest, pk: int) -> HttpResponse:
    work = _editable_work(request, pk)
    form = ChapterForm(request.POST or None, text_required=work.form in services.TEXT_FORMS)
    if request.method == "POST" and form.is_valid():
        added = _within_fills(
            form, work, lambda: services.chapter_add(work=work, content=form.content())
        )
        if added is not None:
            messages.success(request, f"Chapter {added.position} added.")
            return redirect(added)
    return render(request, "works/chapter_form.html", {"form": form, "work": work})


@login_required
def chapter_edit(request: HttpRequest, pk: int, chapter_id: int) -> HttpResponse:
    work = _editable_work(request, pk)
    chapter = work.chapters.filter(pk=chapter_id).first()
    text_required = work.form in services.TEXT_FORMS
    if chapter is None:
        return _chapter_gone(request, work, text_required)
    initial = {f: getattr(chapter, f) for f in ChapterForm.base_fields}
    form = ChapterForm(request.POST or None, initial=initial, text_required=text_required)
    base = editing.chapter_token(chapter)
    conflict = editing.changed_since_opened(request, base)
    if request.method == "POST" and form.is_valid() and not conflict:
        content = form.content()
        if _within_fills(
            form, work, lambda: services.chapter_update(chapter=chapter, content=content)
        ):
            messages.success(request, "Chapter updated.")
            return redirect(chapter)
    if conflict:
        chapter.refresh_from_db()
    return render(request, "works/chapter_form.html", {
        "form": form, "work": work, "chapter": chapter, "base": base, "conflict": conflict,
    })  # fmt: skip


def _chapter_gone(request: HttpRequest, work: Work, text_required: bool) -> HttpResponse:
    """The chapter was deleted (in another tab) while this edit was open: keep what was typed
    and offer it as a new chapter."""
    if request.method != "POST":
        raise Http404("This work has no such chapter.")
    form = ChapterForm(request.POST, text_required=text_required)
    return render(request, "works/chapter_form.html",
                  {"form": form, "work": work, "gone": True}, status=409)  # fmt: skip


@login_required
@require_POST
def chapter_delete(request: HttpRequest, pk: int, chapter_id: int) -> HttpResponse:
    work = _editable_work(request, pk)
    chapter = work.chapters.filter(pk=chapter_id).first()
    if chapter is None:
        messages.info(request, "That chapter was deleted already.")
        return redirect(work)
    try:
        deleted = services.chapter_delete(chapter=chapter)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(chapter)
    if deleted:
        messages.success(request, f"Chapter {chapter.position} deleted.")
    else:
        messages.info(request, "That chapter was deleted already.")
    return redirect(work)


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series.objects.select_related("owner"), pk=pk)
    # A series names its owner, so an anonymous work in it would name its creator.
    visible = Work.objects.visible_to(request.user).named_creators().for_blurbs()
    items = (
        series.items.filter(work__in=visible)
        .prefetch_related(Prefetch("work", queryset=visible))
        .order_by("position")
    )
    extras = seams.page_sections(request, "series", series)
    return render(
        request, "works/series.html", {"series": series, "items": items, "extras": extras}
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's own works, and above them what their communities and ficathons ask of them
    now (claims, fills, assignments, polls, new prompts, a moderator's waiting items).

    Those sections come through a seam (works.seams.register_dashboard_section, filled in by
    communities and exchanges at start-up) rather than by moving this page to an app above
    them: each section is written next to the data it reads, under that app's rules (exchanges
    alone reads assignments, which are secret), the page keeps its URL name, its place and its
    tests, and no new top app is needed just to hold one page."""
    me = current_user(request)
    mine = Work.objects.visible_to(me).by_user(me).for_blurbs().order_by("-updated_at")
    sections = [
        render_to_string(section.template, dict(section.context), request=request)
        for section in seams.dashboard_sections(me, timezone.now())
    ]
    return render(request, "works/dashboard.html", {
        "drafts": mine.filter(status=Status.DRAFT),
        "scheduled": [w for w in mine.filter(status=Status.POSTED) if w.is_scheduled],
        "posted": mine.published(),
        "invitations": _invitations(request),
        "sections": sections,  # rendered templates: already safe HTML
    })  # fmt: skip


def _invitations(request: HttpRequest) -> Any:
    return Creatorship.objects.filter(
        pseud__user=current_user(request), accepted=False
    ).select_related("work", "pseud", "invited_by")


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ship = get_object_or_404(_invitations(request), pk=request.POST.get("creatorship"))
        accept = request.POST.get("answer") == "accept"
        services.creatorship_answer(creatorship=ship, accept=accept)
        verb = "You are now credited on" if accept else "You declined"
        messages.success(request, f"{verb} “{ship.work.title}”.")
        return redirect("invitations")
    return render(request, "works/invitations.html", {"invitations": _invitations(request)})
