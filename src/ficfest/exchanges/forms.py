from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.exchanges.models import SignUp
from ficfest.lib.timefields import ZonedDateTimeField, ZonedForm
from ficfest.works.models import Work


def _choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class SignUpChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseud)


class SignUpForm(forms.ModelForm):
    pseud = forms.ModelChoiceField(
        queryset=Pseud.objects.none(), label="Sign up as", empty_label=None
    )

    class Meta:
        model = SignUp
        fields = ["pseud", "contact", "requests", "offers", "restrictions", "wont_write",
                  "pinch_hitter", "gift_name_shown"]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["requests", "offers", "restrictions", "wont_write"]
        }
        labels = {
            "requests": "Requests",
            "offers": "Offers",
            "wont_write": "Won't write",
            "pinch_hitter": "I'm willing to pinch-hit if someone defaults",
            "gift_name_shown": "Show my name on gifts written for me",
        }
        help_texts = {
            "requests": "Characters, pairings, tropes or moods you would love to receive.",
            "offers": "What you can write for someone else.",
            "restrictions": "Anything your writer must avoid.",
            "wont_write": "What you will not write, so you are never assigned it.",
            "gift_name_shown": "Your gift's page says “A gift for” you and it is listed on "
            "your gifts page. Untick to keep your name off it.",
        }

    def __init__(self, *args: Any, user: User, tagged: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "pseud", Pseud.objects.filter(user=user))
        # With tagged requests and offers, the free text is only notes beside them.
        for name in ["requests", "offers"]:
            self.fields[name].required = not tagged
            if tagged:
                self.fields[name].label = f"Notes on your {name}"
        if not self.instance.pk:
            self.fields["pseud"].initial = user.pseuds.filter(is_default=True).first()

    def signup_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _future(when: datetime | None) -> datetime | None:
    if when is not None and when <= timezone.now():
        raise ValidationError("A due date must be in the future.")
    return when


class AssignmentForm(ZonedForm, forms.Form):
    giver = SignUpChoiceField(
        queryset=SignUp.objects.none(), label="Who writes", empty_label="Choose a sign-up"
    )
    recipient = SignUpChoiceField(
        queryset=SignUp.objects.none(), label="For whom", empty_label="Choose a sign-up"
    )
    due_at = ZonedDateTimeField(
        required=False, label="Due", help_text="Leave empty for the challenge's deadline."
    )

    def __init__(self, *args: Any, givers: QuerySet[SignUp], recipients: QuerySet[SignUp],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        _choices(self, "giver", givers)
        _choices(self, "recipient", recipients)

    def clean_due_at(self) -> datetime | None:
        return _future(self.cleaned_data.get("due_at"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        giver, recipient = data.get("giver"), data.get("recipient")
        if giver and recipient and giver.user_id == recipient.user_id:
            self.add_error("recipient", "Nobody can be assigned to write for themselves.")
        return data


class PinchHitForm(ZonedForm, forms.Form):
    pinch_hitter = SignUpChoiceField(
        queryset=SignUp.objects.none(), required=False, label="A volunteer pinch hitter",
        empty_label="Choose a volunteer",
    )  # fmt: skip
    username = forms.CharField(
        required=False, max_length=150, label="…or anyone, by user name",
        help_text="They must be able to post to this community.",
    )  # fmt: skip
    due_at = ZonedDateTimeField(label="Due")

    def __init__(self, *args: Any, volunteers: QuerySet[SignUp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "pinch_hitter", volunteers)

    def clean_due_at(self) -> datetime | None:
        return _future(self.cleaned_data.get("due_at"))

    def clean_username(self) -> User | None:
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            raise ValidationError(f"There is nobody called “{name}”.")
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get("pinch_hitter"), data.get("username")]
        if "username" in data and "pinch_hitter" in data and sum(map(bool, chosen)) != 1:
            self.add_error("pinch_hitter", "Choose a volunteer or give a user name (one).")
        return data

    def giver(self) -> SignUp | User:
        chosen: SignUp | User = self.cleaned_data["pinch_hitter"] or self.cleaned_data["username"]
        return chosen


class FulfilForm(forms.Form):
    work = forms.ModelChoiceField(
        queryset=Work.objects.none(), label="Fulfil with your work", empty_label="Choose a work"
    )

    def __init__(self, *args: Any, works: QuerySet[Work], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "work", works)
