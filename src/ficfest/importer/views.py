"""Importing through the web: upload, preview what was read, confirm; then the originals.

The uploaded files wait in storage under a random token between the preview and the
confirmation. Only the uploader's session knows the token and which files are theirs: the
confirm form carries the token just to tell an old preview page from the current one.
"""

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import current_user
from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community
from ficfest.importer.forms import ImportForm, communities_for
from ficfest.importer.models import ImportedFile
from ficfest.importer.services import (
    ImportReport,
    Lookups,
    Source,
    StagedFile,
    import_files,
    staging_delete,
    staging_read,
    staging_save,
)
from ficfest.lib.storage import private_file_response
from ficfest.lib.uploads import upload_problems

BATCH = "import_batch"
RESULTS = "import_results"


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    posted = request.method == "POST"
    form = ImportForm(user, request.POST if posted else None, request.FILES if posted else None)
    if posted:
        # Checked first, so that a batch missing a file is never half imported.
        form.is_valid()
        for problem in upload_problems(request):
            form.add_error("uploads", problem)
    if posted and form.is_valid():
        _forget_batch(request)
        token, staged = staging_save(form.cleaned_data["uploads"])
        community = form.cleaned_data["community"]
        request.session[BATCH] = {
            "token": token,
            "files": [asdict(s) for s in staged],
            "pseud": (form.cleaned_data["pseud"] or user.default_pseud).pk,
            "community": community.pk if community else None,
            "create_prompts": form.cleaned_data["create_prompts"],
        }
        return redirect("import_preview")
    return render(request, "importer/upload.html", {"form": form})


@login_required
def preview(request: HttpRequest) -> HttpResponse:
    batch = request.session.get(BATCH)
    if not batch:
        messages.info(request, "Nothing is waiting to be imported: choose files first.")
        return redirect("import")
    reports = _run(request, batch, dry_run=True)
    return render(request, "importer/preview.html", {
        "reports": reports, "token": batch["token"], "community": _batch_community(request, batch),
        "importable": sum(1 for r in reports if r.status == "imported"),
    })  # fmt: skip


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    batch = request.session.get(BATCH)
    if not batch or request.POST.get("token") != batch["token"]:
        messages.error(request, "That preview has expired or was already imported: upload the "
                       "files again.")  # fmt: skip
        return redirect("import")
    reports = _run(request, batch, dry_run=False)
    _forget_batch(request)
    request.session[RESULTS] = [
        {**report.as_json(), "imported_file_id": report.imported_file_id} for report in reports
    ]
    return redirect("import_done")


@login_required
def done(request: HttpRequest) -> HttpResponse:
    results: list[dict[str, Any]] = request.session.get(RESULTS) or []
    counts = {
        s: sum(1 for r in results if r["status"] == s) for s in ("imported", "skipped", "failed")
    }
    return render(request, "importer/done.html", {"results": results, "counts": counts})


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    files = ImportedFile.objects.filter(owner=current_user(request)).select_related("work")
    return render(request, "importer/files.html", {"files": files})


@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    """The original file, to its owner only: to anyone else it does not exist."""
    imported = get_object_or_404(ImportedFile, pk=pk, owner=current_user(request))
    return private_file_response(imported.original.open("rb"), filename=imported.filename)


def _run(request: HttpRequest, batch: dict[str, Any], *, dry_run: bool) -> list[ImportReport]:
    user = current_user(request)
    pseud = _batch_pseud(user, batch)
    community = _batch_community(request, batch)
    sources = (
        Source(filename=staged.filename, data=staging_read(batch["token"], staged))
        for staged in (StagedFile(**f) for f in batch["files"])
    )
    reports = import_files(
        sources, owner=user, pseud=pseud, community=community,
        create_prompts=batch["create_prompts"], dry_run=dry_run, lookups=Lookups(),
    )  # fmt: skip
    return [line for report in reports for line in report.lines()]  # an anthology: a line a work


def _batch_pseud(user: User, batch: dict[str, Any]) -> Pseud:
    # The session's choice, checked again: a pseud deleted since falls back to the default.
    return Pseud.objects.filter(user=user, pk=batch["pseud"]).first() or user.default_pseud


def _batch_community(request: HttpRequest, batch: dict[str, Any]) -> Community | None:
    if batch["community"] is None:
        return None
    return communities_for(current_user(request)).filter(pk=batch["community"]).first()


def _forget_batch(request: HttpRequest) -> None:
    batch = request.session.pop(BATCH, None)
    if batch:
        staging_delete(batch["token"])
