"""Prompt pages, the forms that post prompts (moderators' batches, members' prompts in a prompt
meme), and claims. A prompt not yet released does not exist for anyone but the moderators."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ficfest.accounts.auth import AnyUser, current_user
from ficfest.communities import seams, selectors
from ficfest.communities.forms.challenges import PromptBatchForm, PromptForm
from ficfest.communities.models import ChallengeKind, Claim, ClaimStatus, Period, Prompt
from ficfest.communities.permissions import is_moderator, require_moderator
from ficfest.communities.services import claims as claim_services
from ficfest.communities.services import prompts as services
from ficfest.communities.views.challenges import saved
from ficfest.lib.dates import describe_here
from ficfest.lib.forms import add_service_errors


@login_required
def prompt_batch_new(request: HttpRequest, slug: str, challenge: str, period: str
                     ) -> HttpResponse:  # fmt: skip
    found = selectors.get_period(slug, challenge, period)
    user = current_user(request)
    require_moderator(user, found.challenge.community)
    form = PromptBatchForm(request.POST or None, initial={"release_at": found.opens_at},
                           time_zone=found.challenge.community.time_zone)  # fmt: skip

    def write() -> Period:
        data = form.cleaned_data
        prompts = services.prompt_batch_create(period=found, texts=data["prompts"],
                                               release_at=data["release_at"], tags=data["tags"],
                                               by=user)  # fmt: skip
        messages.success(request, f"{len(prompts)} prompt{'s' if len(prompts) != 1 else ''} "
                         f"scheduled for {describe_here(data['release_at'])}.")  # fmt: skip
        return found

    context = _context(found, user, form=form)
    return saved(request, form, write, "") or render(
        request, "communities/prompt_batch_form.html", context
    )


@login_required
def prompt_new(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    found = selectors.get_period(slug, challenge, period)
    if found.challenge.kind != ChallengeKind.MEME:
        raise Http404("Only prompt memes take prompts from members.")
    user = current_user(request)
    refusal = services.prompt_posting_refusal(found, user)
    form = PromptForm(request.POST or None, challenge=found.challenge)
    if refusal is None and request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            prompt = services.prompt_post(
                period=found, by=user, text=data["text"], tags=data["tags"],
                anonymous=data.get("anonymous", False),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Prompt posted.")
            return redirect(prompt)
    context = _context(found, user, form=form, refusal=refusal)
    status = 403 if refusal else 200
    return render(request, "communities/prompt_form.html", context, status=status)


def _context(period: Period, user: AnyUser, **more: Any) -> dict[str, Any]:
    community = period.challenge.community
    return {"community": community, "is_moderator": is_moderator(user, community),
            "challenge": period.challenge, "period": period, **more}  # fmt: skip


def get_prompt(request: HttpRequest, slug: str, pk: int) -> Prompt:
    """The prompt, if this reader may see it: unreleased prompts are the moderators' alone."""
    found = Prompt.objects.select_related("period__challenge__community", "posted_by")
    prompt = get_object_or_404(found, pk=pk, period__challenge__community__slug=slug)
    if not prompt.is_released and not is_moderator(request.user, prompt.community):
        raise Http404("No such prompt.")
    return prompt


def prompt_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    prompt = get_prompt(request, slug, pk)
    user = request.user
    context = _context(
        prompt.period, user, prompt=prompt, tags=prompt.tags.all(),
        works=selectors.works_filling(prompt, user).for_blurbs(),
        **_claims_context(prompt, user),
        # Apps above (social's comment thread): rendered, already safe HTML.
        sections=seams.prompt_sections(request, prompt),
    )  # fmt: skip
    return render(request, "communities/prompt_detail.html", context)


def _claims_context(prompt: Prompt, user: AnyUser) -> dict[str, Any]:
    challenge = prompt.period.challenge
    if not challenge.claims_enabled:
        return {"claims": None}
    claims = list(prompt.claims.exclude(status=ClaimStatus.RELEASED).select_related("pseud__user"))
    # Before an anonymous challenge's reveal, who claimed what would tell who wrote what.
    hide = not challenge.is_revealed and not is_moderator(user, challenge.community)
    mine = [c for c in claims if c.user_id == user.pk and c.status == ClaimStatus.OPEN]
    refusal = claim_services.claim_refusal(prompt, user) if user.is_authenticated else None
    return {
        "claims": [(claim, hide and claim.user_id != user.pk) for claim in claims],
        "my_claim": mine[0] if mine and not mine[0].is_expired else None,
        "claim_refusal": refusal,
    }


@require_POST
@login_required
def claim_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    prompt = get_prompt(request, slug, pk)
    try:
        claim = claim_services.claim_create(prompt=prompt, user=current_user(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, f"Claimed. Your fill is due {describe_here(claim.due_at)}.")
    return redirect(prompt)


@require_POST
@login_required
def claim_release(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("prompt__period__challenge__community"),
        pk=pk, prompt__period__challenge__community__slug=slug,
    )  # fmt: skip
    try:
        claim_services.claim_release(claim=claim, by=current_user(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, "Claim released: the prompt is free for someone else.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(claim.prompt)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    claims = (
        Claim.objects.filter(user=current_user(request))
        .select_related("prompt__period__challenge__community", "pseud")
        .order_by("due_at")
    )
    now = timezone.now()
    context = {
        "open_claims": [c for c in claims if c.status == ClaimStatus.OPEN and c.due_at > now],
        "expired_claims": [c for c in claims if c.is_expired],
        "awaiting_claims": [c for c in claims if c.status == ClaimStatus.AWAITING],
        "filled_claims": [c for c in claims if c.status == ClaimStatus.FILLED],
    }
    return render(request, "communities/claim_list.html", context)
