import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from ficfest.accounts.models import PSEUD_NAME, Pseud, User
from ficfest.accounts.services import accounts_pending
from ficfest.lib.names import hidden_characters_refuse, name_skeleton
from ficfest.lib.timefields import TimeZoneField

NAME_MAX = Pseud._meta.get_field("name").max_length or 40
DESCRIPTION_MAX = 500
# A username is also the default pseud's name and a URL segment, so it obeys the pseud rules
# minus spaces, and fits in a pseud name.
USERNAME = RegexValidator(
    r"^[\w.\-]+$", "Usernames may use letters, numbers, dots, dashes and underscores."
)
# A name of dots alone would make a URL like /users/../ that browsers rewrite.
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _needs_letter_or_digit(value: str) -> None:
    if not _HAS_LETTER_OR_DIGIT.search(value):
        raise ValidationError("Please include at least one letter or number.")


def _lookalike_of(username: str) -> str | None:
    """An existing username drawn like this one (“аuthor” in Cyrillic for “author”)."""
    # Compared one by one: a sign-up is rare enough to read every name once.
    skeleton = name_skeleton(username)
    # An unconfirmed sign-up holds no name, so it is no model to look like either.
    settled = User.objects.exclude(pk__in=accounts_pending())
    for existing in settled.values_list("username", flat=True).iterator(chunk_size=2000):
        if name_skeleton(existing) == skeleton:
            return existing
    return None


def _password_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SignupForm(forms.Form):
    username = forms.CharField(
        max_length=NAME_MAX,
        validators=[hidden_characters_refuse, USERNAME, _needs_letter_or_digit],
        help_text=f"Up to {NAME_MAX} letters, numbers, dots, dashes or underscores. "
        "It is your first pseud and part of your profile's address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        help_text="For resetting your password. Never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = _password_field(
        "Password", password_validation.password_validators_help_text_html()
    )
    password2 = _password_field("Password again", "Type the same password, to be sure of it.")

    def clean_username(self) -> str:
        username = User.normalize_username(self.cleaned_data["username"])
        # Case-insensitive, so nobody can pose as "Author" beside "author". Usernames are
        # public; email addresses are not, so a taken address is never mentioned here.
        taken = User.objects.filter(username__iexact=username).exclude(pk__in=accounts_pending())
        if taken.exists():
            raise ValidationError("That username is taken. Please choose another.")
        if lookalike := _lookalike_of(username):
            raise ValidationError(
                f"That username looks too much like “{lookalike}”, who is already here. "
                "Please choose another."
            )
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords don't match.")
        elif password1:
            self._check_strength(password1, cleaned)
        return cleaned

    def _check_strength(self, password: str, cleaned: dict[str, Any]) -> None:
        # An unsaved user lets the similarity validator compare against the chosen names.
        candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            self.add_error("password1", error)


class PreferencesForm(forms.Form):
    show_adult_content = forms.BooleanField(
        required=False,
        label=User._meta.get_field("show_adult_content").verbose_name.capitalize(),
        help_text=User._meta.get_field("show_adult_content").help_text,
    )
    time_zone = TimeZoneField(
        required=False,
        site_default=True,
        label=User._meta.get_field("time_zone").verbose_name.capitalize(),
        help_text=User._meta.get_field("time_zone").help_text,
    )


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label="New email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Current password",
        strip=False,
        help_text="Needed because your email address can reset your password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise ValidationError("Another account already uses this email address.")
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("That is not your current password.")
        return password


class PseudForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX,
        validators=[hidden_characters_refuse, PSEUD_NAME, _needs_letter_or_digit],
        help_text=f"Up to {NAME_MAX} letters, numbers, spaces, dots, dashes and underscores.",
    )
    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Optional; shown on the pseud's page. Up to {DESCRIPTION_MAX} characters.",
    )

    def __init__(self, *args: Any, user: User, pseud: Pseud | None = None, **kwargs: Any) -> None:
        self.user, self.pseud = user, pseud
        if pseud is not None:
            kwargs.setdefault("initial", {"name": pseud.name, "description": pseud.description})
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        # Checked here so a clash is a form error rather than the database's IntegrityError.
        others = Pseud.objects.filter(user=self.user, name__iexact=name)
        if self.pseud is not None:
            others = others.exclude(pk=self.pseud.pk)
        if others.exists():
            raise ValidationError(f"You already have a pseud called “{name}”.")
        return name
