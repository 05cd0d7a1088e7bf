import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ficfest.communities.models import ChallengeKind
from ficfest.exchanges import services
from ficfest.exchanges.models import SignUp
from tests.communities.factories import make_challenge
from tests.exchanges.factories import AFTER, BEFORE, DURING, sign_up, url
from tests.factories import client_for, default_pseud
from tests.html import text


def answers(user, **overrides):
    data = {
        "action": "save",
        "pseud": default_pseud(user).pk,
        "contact": "alice.dreamwidth.org",
        "requests": "Spike/Buffy, snowed in at the Magic Box",
        "offers": "Buffy/Faith, Giles",
        "restrictions": "No non-con",
        "wont_write": "Crossovers",
        "pinch_hitter": "on",
    }
    data.update(overrides)
    return data


def test_it_takes_a_sign_up_while_sign_ups_are_open(during, ficathon, alice):
    client = client_for(alice)
    page = text(client.get(url("ficathon_signup", ficathon)).content.decode())
    assert "Sign-ups close on Tue 15 Dec 2026, 00:00 UTC" in page
    response = client.post(url("ficathon_signup", ficathon), answers(alice))
    assert response.status_code == 302
    signup = SignUp.objects.get(challenge=ficathon, user=alice)
    assert signup.requests == "Spike/Buffy, snowed in at the Magic Box"
    assert signup.wont_write == "Crossovers" and signup.pinch_hitter
    page = text(client.get(url("ficathon_signup", ficathon)).content.decode())
    assert "Thank you for signing up!" in page and "Save changes" in page


def test_it_says_when_sign_ups_open_and_takes_nothing_before(ficathon, alice):
    with time_machine.travel(BEFORE, tick=False):
        client = client_for(alice)
        page = client.get(url("ficathon_signup", ficathon)).content.decode()
        assert client.post(url("ficathon_signup", ficathon), answers(alice)).status_code == 302
    assert "Sign-ups open on Tue 1 Dec 2026, 00:00 UTC ." in text(page)
    assert 'name="requests"' not in page
    assert not SignUp.objects.exists()


def test_it_says_when_sign_ups_closed_and_changes_nothing_after(ficathon, alice):
    signup = sign_up(ficathon, alice, requests="Snow")
    with time_machine.travel(AFTER, tick=False):
        client = client_for(alice)
        page = client.get(url("ficathon_signup", ficathon)).content.decode()
        client.post(url("ficathon_signup", ficathon), answers(alice, requests="Rain"))
        client.post(url("ficathon_signup", ficathon), {"action": "withdraw"})
    assert "Sign-ups closed on Tue 15 Dec 2026, 00:00 UTC ." in text(page)
    assert 'name="requests"' not in page and "Snow" in text(page)  # shown, not editable
    signup.refresh_from_db()
    assert signup.requests == "Snow"


def test_it_opens_and_closes_by_the_clock_alone(ficathon, alice):
    states = []
    for moment in (BEFORE, DURING, AFTER):
        with time_machine.travel(moment, tick=False):
            response = client_for(alice).get(url("ficathon_signup", ficathon))
            assert response.status_code == 200
            states.append('name="requests"' in response.content.decode())
    assert states == [False, True, False]


def test_it_takes_sign_ups_only_for_ficathons(during, community, mod):
    prompts = make_challenge(community, slug="monthly", kind=ChallengeKind.PROMPTS)
    client = client_for(mod)
    for name in ("ficathon_signup", "ficathon_signups", "ficathon_assignments"):
        assert client.get(url(name, prompts)).status_code == 404


def test_it_lets_only_members_sign_up_to_a_members_only_community(during, ficathon, stranger):
    client = client_for(stranger)
    page = text(client.get(url("ficathon_signup", ficathon)).content.decode())
    assert "Only members of Winterfest can sign up." in page
    assert client.post(url("ficathon_signup", ficathon), answers(stranger)).status_code == 403
    assert not SignUp.objects.exists()
    ficathon.community.members_only_posting = False
    ficathon.community.save()
    assert client.post(url("ficathon_signup", ficathon), answers(stranger)).status_code == 302
    assert SignUp.objects.filter(user=stranger).exists()


def test_it_keeps_one_sign_up_per_user(during, ficathon, alice):
    client = client_for(alice)
    client.post(url("ficathon_signup", ficathon), answers(alice, requests="First"))
    client.post(url("ficathon_signup", ficathon), answers(alice, requests="Second"))
    assert SignUp.objects.get(user=alice).requests == "Second"
    with pytest.raises(ValidationError, match="already signed up"):
        services.signup_create(
            challenge=ficathon, user=alice, pseud=default_pseud(alice), requests="x", offers="y"
        )
    assert SignUp.objects.count() == 1


def test_it_lets_a_participant_edit_and_withdraw_while_open(during, ficathon, alice):
    client = client_for(alice)
    client.post(url("ficathon_signup", ficathon), answers(alice))
    client.post(
        url("ficathon_signup", ficathon), answers(alice, offers="Only Giles", pinch_hitter="")
    )
    signup = SignUp.objects.get(user=alice)
    assert signup.offers == "Only Giles" and not signup.pinch_hitter
    response = client.post(url("ficathon_signup", ficathon), {"action": "withdraw"})
    assert response.status_code == 302 and not SignUp.objects.exists()
    assert "Your sign-up was withdrawn." in text(client.get(response.url).content.decode())


def test_it_signs_up_under_any_of_your_pseuds_and_no_one_elses(during, ficathon, alice, bob):
    other = alice.pseuds.create(name="Snowdrop")
    client = client_for(alice)
    page = client.post(
        url("ficathon_signup", ficathon), answers(alice, pseud=default_pseud(bob).pk)
    )
    assert "Select a valid choice" in page.content.decode()
    assert not SignUp.objects.exists()
    client.post(url("ficathon_signup", ficathon), answers(alice, pseud=other.pk))
    assert SignUp.objects.get().pseud == other


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requests", "   ", "This field is required."),
        ("offers", "", "This field is required."),
        ("wont_write", "x" * 5001, "at most 5000 characters"),
        ("contact", "x" * 201, "at most 200 characters"),
    ],
)
def test_it_refuses_bad_answers_by_the_field_and_saves_nothing(
    during, ficathon, alice, field, value, message
):
    response = client_for(alice).post(
        url("ficathon_signup", ficathon), answers(alice, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not SignUp.objects.exists()


def test_it_refuses_a_change_that_breaks_a_rule_and_keeps_the_old_answers(during, ficathon, alice):
    signup = sign_up(ficathon, alice, requests="Snow")
    response = client_for(alice).post(url("ficathon_signup", ficathon), answers(alice, requests=""))
    assert "This field is required." in response.content.decode()
    signup.refresh_from_db()
    assert signup.requests == "Snow"


def test_it_sends_logged_out_visitors_to_log_in(during, client, ficathon):
    response = client.get(url("ficathon_signup", ficathon))
    assert response.status_code == 302 and "/login/" in response.url
    assert client.post(url("ficathon_signup", ficathon), {"requests": "x"}).status_code == 302
    assert not SignUp.objects.exists()


def test_it_keeps_the_account_sign_up_page_at_its_address(client, ficathon):
    assert reverse("signup") == "/signup/"
    assert url("ficathon_signup", ficathon) == "/c/winterfest/challenges/ficathon/signup/"
    assert client.get("/signup/").status_code == 200
