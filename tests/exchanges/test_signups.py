import csv
import io

from django.test import Client

from tests.exchanges.factories import sign_up, url
from tests.factories import client_for
from tests.html import text


def test_it_shows_moderators_every_sign_up(during, ficathon, mod, alice, bob):
    sign_up(ficathon, alice, pinch_hitter=True, contact="alice on Discord")
    sign_up(ficathon, bob)
    page = text(client_for(mod).get(url("ficathon_signups", ficathon)).content.decode())
    assert "2 sign-ups." in page
    for words in ("alice on Discord", "Alice requests: Spike/Buffy in the snow",
                  "Bob offers: anything Sunnydale", "Bob restricts: no character death",
                  "Alice won't write: crossovers"):  # fmt: skip
        assert words in page
    assert page.index("alice") < page.index("Yes") < page.index("bob") < page.index("No")


def test_it_downloads_the_sign_ups_as_csv(during, ficathon, mod, alice, bob):
    sign_up(ficathon, alice, pinch_hitter=True, requests='=HYPERLINK("http://evil")')
    sign_up(ficathon, bob, restrictions="Line one\nline two, with a comma")
    response = client_for(mod).get(url("ficathon_signups", ficathon) + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="ficathon-signups.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:8] == ["Pseud", "User", "Contact", "Requests", "Offers", "Restrictions",
                           "Won't write", "Pinch hitter"]  # fmt: skip
    alice_row, bob_row = rows[1], rows[2]
    assert alice_row[:2] == ["alice", "alice"] and alice_row[7] == "yes"
    assert alice_row[3] == '\'=HYPERLINK("http://evil")'  # stays text in a spreadsheet
    assert bob_row[5] == "Line one\nline two, with a comma" and bob_row[7] == "no"
    assert len(rows) == 3


def test_it_refuses_the_sign_ups_to_everyone_but_moderators(during, ficathon, alice, stranger):
    sign_up(ficathon, alice, requests="A secret wish")
    for user in (alice, stranger):
        client = client_for(user)
        assert client.get(url("ficathon_signups", ficathon)).status_code == 403
        assert client.get(url("ficathon_signups", ficathon) + "?format=csv").status_code == 403
    response = Client().get(url("ficathon_signups", ficathon) + "?format=csv")
    assert response.status_code == 302 and "A secret wish" not in response.content.decode()
