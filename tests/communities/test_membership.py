"""Joining, approval, invitations, leaving and roles, as people do them through the pages."""

import pytest
from django.core import mail
from django.test import Client

from ficfest.communities.models import Membership, MembershipMode, MembershipStatus, Role
from tests.communities.factories import add_member, make_community
from tests.factories import make_user
from tests.html import text


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def page_text(client, url):
    return text(client.get(url, follow=True).content.decode())


def membership(community, user):
    return Membership.objects.filter(community=community, user=user).first()


@pytest.fixture
def owner(author):
    return author


@pytest.fixture
def mod(db):
    return make_user("mod")


def community_with_mod(owner, mod, mode):
    community = make_community(owner, membership=mode)
    add_member(community, mod, role=Role.MODERATOR)
    return community


def post_action(client, community, target, action, **data):
    ship = membership(community, target)
    return client.post(f"/c/{community.slug}/members/{ship.pk}/", {"action": action, **data})


# Joining


def test_it_lets_anyone_join_an_open_community_at_once_and_leave(owner, stranger):
    community = make_community(owner, membership=MembershipMode.OPEN)
    client = logged_in(stranger)
    assert "Join" in page_text(client, "/c/fag-ends/")
    response = client.post("/c/fag-ends/join/", follow=True)
    assert "Welcome to Fag Ends!" in text(response.content.decode())
    assert membership(community, stranger).status == MembershipStatus.ACTIVE
    assert "You are a member of this community" in page_text(client, "/c/fag-ends/")
    assert "stranger" in page_text(Client(), "/c/fag-ends/members/")
    response = client.post("/c/fag-ends/leave/", follow=True)
    assert "You have left Fag Ends." in text(response.content.decode())
    assert membership(community, stranger) is None


def test_it_refuses_joining_twice_with_a_message(owner, stranger):
    community = make_community(owner)
    client = logged_in(stranger)
    client.post("/c/fag-ends/join/")
    response = client.post("/c/fag-ends/join/", follow=True)
    assert "You are already a member of Fag Ends." in text(response.content.decode())
    assert Membership.objects.filter(community=community).count() == 2


def test_it_asks_logged_out_visitors_to_log_in_to_join(owner, client):
    make_community(owner)
    assert "Log in to join" in page_text(client, "/c/fag-ends/")
    response = client.post("/c/fag-ends/join/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert Membership.objects.count() == 1


def test_it_holds_requests_to_an_approval_community_until_a_moderator_approves(
    owner, mod, stranger, django_capture_on_commit_callbacks
):
    community = community_with_mod(owner, mod, MembershipMode.APPROVAL)
    client = logged_in(stranger)
    assert "Ask to join" in page_text(client, "/c/fag-ends/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/c/fag-ends/join/", follow=True)
    assert "Your request to join was sent to the moderators." in text(response.content.decode())
    assert membership(community, stranger).status == MembershipStatus.PENDING
    assert "You have asked to join" in page_text(client, "/c/fag-ends/")
    assert set(mail.outbox[0].to) == {"author@example.org", "mod@example.org"}
    assert "stranger asks to join Fag Ends" in mail.outbox[0].subject
    # Not a member yet: not listed publicly, but the moderators see the request.
    assert "stranger" not in page_text(Client(), "/c/fag-ends/members/")
    moderator = logged_in(mod)
    assert "Approve stranger" in page_text(moderator, "/c/fag-ends/members/")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(moderator, community, stranger, "approve")
    assert response.status_code == 302
    assert membership(community, stranger).status == MembershipStatus.ACTIVE
    assert mail.outbox[-1].to == ["stranger@example.org"]
    assert "Welcome to Fag Ends" in mail.outbox[-1].subject
    assert "stranger" in page_text(Client(), "/c/fag-ends/members/")


def test_it_lets_a_moderator_reject_a_request(owner, mod, stranger):
    community = community_with_mod(owner, mod, MembershipMode.APPROVAL)
    logged_in(stranger).post("/c/fag-ends/join/")
    response = post_action(logged_in(mod), community, stranger, "reject")
    assert response.status_code == 302
    assert membership(community, stranger) is None


def test_it_lets_someone_withdraw_their_request(owner, stranger):
    community = make_community(owner, membership=MembershipMode.APPROVAL)
    client = logged_in(stranger)
    client.post("/c/fag-ends/join/")
    response = client.post("/c/fag-ends/leave/", follow=True)
    assert "Your request to join was withdrawn." in text(response.content.decode())
    assert membership(community, stranger) is None


def test_it_refuses_joining_an_invitation_only_community_without_an_invitation(owner, stranger):
    community = make_community(owner, membership=MembershipMode.INVITATION)
    client = logged_in(stranger)
    page = page_text(client, "/c/fag-ends/")
    assert "Membership is by invitation" in page and "Ask to join" not in page
    response = client.post("/c/fag-ends/join/", follow=True)
    assert "by invitation only" in text(response.content.decode())
    assert membership(community, stranger) is None


# Invitations


def test_it_invites_a_user_by_email_who_then_accepts(
    owner, mod, stranger, django_capture_on_commit_callbacks
):
    community = community_with_mod(owner, mod, MembershipMode.INVITATION)
    moderator = logged_in(mod)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post("/c/fag-ends/members/", {"username": "Stranger"}, follow=True)
    assert "stranger is invited" in text(response.content.decode()).lower()
    assert membership(community, stranger).status == MembershipStatus.INVITED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["stranger@example.org"]
    assert "You are invited to join Fag Ends" in mail.outbox[0].subject
    assert "/c/fag-ends/" in mail.outbox[0].body
    assert "Invited, waiting for their answer: stranger" in page_text(
        moderator, "/c/fag-ends/members/"
    )
    assert "stranger" not in page_text(Client(), "/c/fag-ends/members/")
    invitee = logged_in(stranger)
    assert "You are invited to join Fag Ends." in page_text(invitee, "/c/fag-ends/")
    response = invitee.post("/c/fag-ends/invitation/", {"answer": "accept"}, follow=True)
    assert "Welcome to Fag Ends!" in text(response.content.decode())
    assert membership(community, stranger).status == MembershipStatus.ACTIVE


def test_it_lets_an_invited_user_decline(owner, stranger):
    community = make_community(owner, membership=MembershipMode.INVITATION)
    add_member(community, stranger, status=MembershipStatus.INVITED)
    client = logged_in(stranger)
    response = client.post("/c/fag-ends/invitation/", {"answer": "decline"}, follow=True)
    assert "You declined the invitation." in text(response.content.decode())
    assert membership(community, stranger) is None
    response = client.post("/c/fag-ends/invitation/", {"answer": "accept"}, follow=True)
    assert "You have no invitation to Fag Ends waiting." in text(response.content.decode())
    assert membership(community, stranger) is None


def test_it_does_not_show_an_invitation_to_anyone_else(owner, stranger, coauthor):
    community = make_community(owner, membership=MembershipMode.INVITATION)
    add_member(community, stranger, status=MembershipStatus.INVITED)
    page = page_text(logged_in(coauthor), "/c/fag-ends/")
    assert "Fag Ends" in page and "You are invited" not in page
    logged_in(coauthor).post("/c/fag-ends/invitation/", {"answer": "accept"})
    assert membership(community, coauthor) is None
    assert membership(community, stranger).status == MembershipStatus.INVITED


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody", "There is no user called “nobody”."),
        ("mod", "mod is already a member."),
        ("", "This field is required."),
    ],
)
def test_it_refuses_a_bad_invitation_by_the_field_and_sends_nothing(
    owner, mod, username, message, django_capture_on_commit_callbacks
):
    community = community_with_mod(owner, mod, MembershipMode.INVITATION)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(owner).post("/c/fag-ends/members/", {"username": username})
    assert response.status_code == 200 and message in text(response.content.decode())
    assert community.memberships.count() == 2 and not mail.outbox


def test_it_refuses_invitations_from_plain_members(owner, stranger, coauthor):
    community = make_community(owner)
    add_member(community, coauthor)
    response = logged_in(coauthor).post("/c/fag-ends/members/", {"username": "stranger"})
    assert response.status_code == 403
    assert membership(community, stranger) is None
    assert "Invite a user" not in page_text(logged_in(coauthor), "/c/fag-ends/members/")


# Leaving and roles


def test_it_keeps_the_last_owner_from_leaving(owner, coauthor):
    community = make_community(owner)
    client = logged_in(owner)
    response = client.post("/c/fag-ends/leave/", follow=True)
    assert "You are this community's only owner" in text(response.content.decode())
    assert membership(community, owner).role == Role.OWNER
    add_member(community, coauthor, role=Role.OWNER)
    client.post("/c/fag-ends/leave/")
    assert membership(community, owner) is None


def test_it_lets_an_owner_promote_and_demote_moderators(owner, stranger):
    community = make_community(owner)
    add_member(community, stranger)
    client = logged_in(owner)
    post_action(client, community, stranger, "role", role="moderator")
    assert membership(community, stranger).role == Role.MODERATOR
    assert "Moderator" in page_text(Client(), "/c/fag-ends/members/")
    assert logged_in(stranger).get("/c/fag-ends/queue/").status_code == 200
    post_action(client, community, stranger, "role", role="member")
    assert membership(community, stranger).role == Role.MEMBER
    assert logged_in(stranger).get("/c/fag-ends/queue/").status_code == 403


def test_it_keeps_moderators_from_demoting_or_removing_owners(owner, mod):
    community = community_with_mod(owner, mod, MembershipMode.OPEN)
    client = logged_in(mod)
    response = post_action(client, community, owner, "role", role="member")
    assert response.status_code == 302
    assert "Only an owner can change or remove another owner." in page_text(
        client, "/c/fag-ends/members/"
    )
    post_action(client, community, owner, "remove")
    assert membership(community, owner).role == Role.OWNER
    post_action(client, community, mod, "role", role="owner")
    assert membership(community, mod).role == Role.MODERATOR


def test_it_keeps_the_only_owner_from_demoting_themselves(owner):
    community = make_community(owner)
    client = logged_in(owner)
    post_action(client, community, owner, "role", role="member")
    assert membership(community, owner).role == Role.OWNER
    assert "author is the only owner" in page_text(client, "/c/fag-ends/members/")


def test_it_lets_a_moderator_remove_a_member(owner, mod, stranger):
    community = community_with_mod(owner, mod, MembershipMode.OPEN)
    add_member(community, stranger)
    post_action(logged_in(mod), community, stranger, "remove")
    assert membership(community, stranger) is None
    assert membership(community, mod).role == Role.MODERATOR


def test_it_refuses_membership_actions_to_members_and_strangers(owner, stranger, coauthor):
    community = make_community(owner, membership=MembershipMode.APPROVAL)
    add_member(community, coauthor)
    add_member(community, stranger, status=MembershipStatus.PENDING)
    for user in (coauthor, stranger):
        client = logged_in(user)
        assert post_action(client, community, stranger, "approve").status_code == 403
        assert post_action(client, community, owner, "remove").status_code == 403
    assert membership(community, stranger).status == MembershipStatus.PENDING
    assert membership(community, owner).role == Role.OWNER


def test_it_refuses_an_unknown_role_with_a_message(owner, stranger):
    community = make_community(owner)
    add_member(community, stranger)
    client = logged_in(owner)
    post_action(client, community, stranger, "role", role="emperor")
    assert membership(community, stranger).role == Role.MEMBER
    assert "“emperor” is not a role." in page_text(client, "/c/fag-ends/members/")


def test_it_lists_members_with_their_roles_in_public(owner, mod, stranger, client):
    community = community_with_mod(owner, mod, MembershipMode.OPEN)
    add_member(community, stranger)
    page = page_text(client, "/c/fag-ends/members/")
    assert "3 members" in page
    assert page.index("author Owner") < page.index("mod Moderator") < page.index("stranger Member")
    assert "Change role" not in page and "Requests to join" not in page


def test_it_lets_a_moderator_withdraw_an_invitation(owner, stranger):
    community = make_community(owner, membership=MembershipMode.INVITATION)
    add_member(community, stranger, status=MembershipStatus.INVITED)
    post_action(logged_in(owner), community, stranger, "remove")
    assert membership(community, stranger) is None
    page = page_text(logged_in(stranger), "/c/fag-ends/")
    assert "Fag Ends" in page and "You are invited" not in page
