"""A community's LiveJournal/Dreamwidth backup, generated here in the layouts ljdump, jbackup
and the sites' own export write: prompt posts become prompts, fills become works linked to
them (fills posted as entries, and fills posted in the comments), with their original dates."""

import json
from datetime import UTC, datetime
from html import escape
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ficfest.communities.models import Fill, Prompt
from ficfest.works.models import Work
from tests.factories import default_pseud

SITE = "https://fagends.dreamwidth.org"
ANUM = 7  # every generated entry's anum: its address is itemid * 256 + 7


def address(itemid: int, thread: int | None = None) -> str:
    url = f"{SITE}/{itemid * 256 + ANUM}.html"
    return url if thread is None else f"{url}?thread={thread * 256 + ANUM}#t{thread * 256 + ANUM}"


def entry(itemid: int, subject: str, body: str, *, tags: str = "", security: str = "public",
          when: str = "2009-10-04 23:31:00") -> str:  # fmt: skip
    return (
        '<?xml version="1.0"?>\n<event>\n'
        f"<itemid>{itemid}</itemid>\n<anum>{ANUM}</anum>\n<eventtime>{when}</eventtime>\n"
        f"<security>{security}</security>\n<subject>{escape(subject)}</subject>\n"
        f"<event>{escape(body)}</event>\n<props><taglist>{tags}</taglist></props>\n</event>\n"
    )


def comments(*items: tuple[int, int | None, str, str]) -> str:
    """(id, parent id, user, body HTML) -> ljdump's C- file."""
    parts = [
        f"<comment><id>{cid}</id><parentid>{parent or ''}</parentid><subject></subject>"
        f"<date>2009-10-06T10:00:00Z</date><body>{escape(body)}</body><user>{user}</user>"
        "</comment>"
        for cid, parent, user, body in items
    ]
    return '<?xml version="1.0"?><comments>' + "".join(parts) + "</comments>"


FIC = "Title: {title}<br>Rating: PG<br>Pairing: Buffy/Spike<br><br>{story}"
LISTED_POST = "Prompts for week one:<ol><li>Buffy, dusk</li><li>Spike, the sea</li></ol>"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ORIGINALS_ROOT = tmp_path / "originals"


@pytest.fixture
def journal(tmp_path) -> Path:
    """ljdump's folder: a post listing prompts, a prompt meme, and their fills."""
    folder = tmp_path / "fag_ends"
    folder.mkdir()
    files = {
        "L-1": entry(1, "Week one", LISTED_POST, tags="prompts"),
        "C-1": comments((20, None, "willow", FIC.format(title="Sea Glass",
                                                         story="Spike for Spike, the sea."))),
        "L-2": entry(2, "Dusk (Buffy/Spike, PG)",
                     f'Fill for <a href="{address(1)}">Buffy, dusk</a>.<br><br>Rating: PG<br>'
                     "<br>The sun went down.", when="2009-10-05 08:00:00"),
        "L-3": entry(3, "Prompt post: the meme", "Leave prompts in the comments!"),
        "C-3": comments(
            (10, None, "anya", "Faith, bread"),
            (11, None, "xander", "Willow, rain"),
            (12, 10, "tara", FIC.format(title="Loaf", story="Faith baked.")),
            (13, 11, "oz", f'Filled! <a href="{address(4)}">here</a>'),
            (14, 10, "anya", "Yay, thank you!"),
        ),
        "L-4": entry(4, "Rain", "Title: Rain<br>Rating: G<br><br>It rained on Willow.",
                     when="2009-10-07 12:00:00"),
        "L-5": entry(5, "Locked", "Secret.", security="private"),
        "userpics.xml": '<?xml version="1.0"?><userpics></userpics>',
    }  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(folder: Path, user, *args: str) -> list[dict]:
    out = StringIO()
    call_command("import", str(folder), "--as", default_pseud(user).name, "--json", *args,
                 stdout=out)  # fmt: skip
    return [json.loads(line) for line in out.getvalue().splitlines()]


def fills_by_prompt() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for fill in Fill.objects.prefetch_related("prompts").select_related("work"):
        for prompt in fill.prompts.all():
            found.setdefault(prompt.text, []).append(fill.work.title)
    return found


def test_it_makes_prompts_of_prompt_posts_and_links_their_fills(journal, owner, community,
                                                                 period):  # fmt: skip
    lines = run(journal, owner, "--community", community.slug)
    assert sorted(Prompt.objects.values_list("text", flat=True)) == [
        "Buffy, dusk", "Faith, bread", "Spike, the sea", "Willow, rain",
    ]  # fmt: skip
    assert fills_by_prompt() == {
        "Buffy, dusk": ["Dusk"], "Spike, the sea": ["Sea Glass"], "Faith, bread": ["Loaf"],
        "Willow, rain": ["Rain"],
    }  # fmt: skip
    assert not Work.objects.filter(title__in=["Week one", "Prompt post: the meme"]).exists()
    statuses = {line["file"].rsplit("/", 1)[-1]: line["status"] for line in lines}
    assert statuses["L-5"] == "skipped" and statuses["userpics.xml"] == "skipped"
    assert statuses["L-3#c12"] == "imported" and statuses["L-1"] == "imported"


def test_it_keeps_the_original_dates_of_entries_comments_and_prompts(journal, owner, community,
                                                                     period):  # fmt: skip
    run(journal, owner, "--community", community.slug)
    assert Work.objects.get(title="Rain").published_at == datetime(2009, 10, 7, 12, tzinfo=UTC)
    assert Work.objects.get(title="Loaf").published_at == datetime(2009, 10, 6, 10, tzinfo=UTC)
    prompt = Prompt.objects.get(text="Faith, bread")
    assert prompt.release_at == datetime(2009, 10, 4, 23, 31, tzinfo=UTC)


def test_it_skips_what_it_has_when_run_again(journal, owner, community, period):
    run(journal, owner, "--community", community.slug)
    works, prompts = Work.objects.count(), Prompt.objects.count()
    lines = run(journal, owner, "--community", community.slug)
    assert (Work.objects.count(), Prompt.objects.count()) == (works, prompts)
    assert {line["status"] for line in lines} == {"skipped"}


def test_it_writes_nothing_on_a_dry_run_but_reports_the_links(journal, owner, community, period):
    lines = run(journal, owner, "--community", community.slug, "--dry-run")
    assert not Work.objects.exists() and not Prompt.objects.exists()
    rain = next(line for line in lines if line["fields"]["title"] == "Rain")
    assert any("Linked to the prompt “Willow, rain”" in w for w in rain["warnings"])


def test_it_needs_a_community_to_import_prompts(journal, owner, community, period):
    lines = run(journal, owner)
    assert not Prompt.objects.exists()
    post = next(line for line in lines if line["file"].endswith("L-1"))
    assert post["status"] == "skipped"
    assert "--community" in post["warnings"][0]
    assert Work.objects.filter(title="Rain").exists()


def test_it_imports_private_prompt_posts_and_entries_only_when_asked(journal, owner, community,
                                                                     period):  # fmt: skip
    run(journal, owner, "--community", community.slug, "--include-private")
    assert Work.objects.filter(title="Locked").exists()


# -- jbackup and the sites' own exports -------------------------------------------------------


def jbackup_file(tmp_path: Path) -> Path:
    def event(itemid: int, subject: str, body: str, date: str, inner: str = "",
              security: str = "") -> str:  # fmt: skip
        locked = f" security='{security}' allowmask='1'" if security else ""
        return (
            f"<event jitemid='{itemid}' anum='{ANUM}' ditemid='{itemid * 256 + ANUM}'{locked}>"
            f"<subject>{escape(subject)}</subject><event>{escape(body)}</event>"
            f"<date>{date}</date><props><prop name='taglist' value='fic' /></props>"
            f"{inner}</event>"
        )

    reply = (
        "<comments><comment jtalkid='31' poster='tara' parentid='30'>"
        "<date>2010-01-02T09:00:00Z</date>"
        f"<body>{escape(FIC.format(title='Crumbs', story='Faith ate.'))}</body>"
        "</comment></comments>"
    )
    thread = (
        "<comments><comment jtalkid='30' poster='anya'><date>2010-01-01T10:00:00Z</date>"
        f"<body>Faith, bread</body>{reply}</comment></comments>"
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<dreamwidth><events>'
        + event(1, "Prompt post", "Prompts below.", "2010-01-01 09:00:00", thread)
        + event(2, "Snow", "Title: Snow<br>Rating: G<br><br>It snowed.", "2010-01-03 10:00:00")
        + event(3, "Locked", "Secret.", "2010-01-04 10:00:00", security="usemask")
        + "</events></dreamwidth>"
    )
    path = tmp_path / "fag_ends.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_it_reads_a_jbackup_dump(tmp_path, owner, community, period):
    lines = run(jbackup_file(tmp_path), owner, "--community", community.slug)
    assert fills_by_prompt() == {"Faith, bread": ["Crumbs"]}
    snow = Work.objects.get(title="Snow")
    assert snow.published_at == datetime(2010, 1, 3, 10, tzinfo=UTC)
    assert [line["status"] for line in lines if line["file"].endswith("L-3")] == ["skipped"]


def test_it_reads_the_sites_xml_and_csv_exports(tmp_path, owner):
    xml = (
        "<?xml version='1.0' encoding='utf-8'?>\n<livejournal>\n<entry>\n<itemid>8</itemid>\n"
        "<eventtime>2008-04-30 12:00:00</eventtime>\n<logtime>2008-04-30 12:01:00</logtime>\n"
        "<subject>BtVS fic: Stakes</subject>\n"
        f"<event>{escape('Rating: PG<br><br>Buffy stood.')}</event>\n"
        "<security>public</security>\n<allowmask>0</allowmask>\n"
        "<current_mood>tired</current_mood>\n</entry>\n</livejournal>\n"
    )
    (tmp_path / "2008-04.xml").write_text(xml, encoding="utf-8")
    csv_text = (
        "itemid,eventtime,logtime,subject,event,security,allowmask,current_music,current_mood\n"
        '"9","2008-05-01 08:00:00","2008-05-01 08:00:00","Fic: Crosses","Rating: G\n\n'
        'Dawn ran.","public","0","",""\n'
    )
    (tmp_path / "2008-05.csv").write_text(csv_text, encoding="utf-8")
    run(tmp_path, owner)
    stakes, crosses = Work.objects.get(title="Stakes"), Work.objects.get(title="Crosses")
    assert stakes.published_at == datetime(2008, 4, 30, 12, tzinfo=UTC)
    assert crosses.published_at == datetime(2008, 5, 1, 8, tzinfo=UTC)
    assert "Dawn ran." in crosses.chapters.get().text


def test_it_keeps_the_comments_of_a_locked_prompt_post_private(tmp_path, owner, community,
                                                               period):  # fmt: skip
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "L-6").write_text(entry(6, "Prompts", "In the comments.", security="usemask"))
    (folder / "C-6").write_text(comments(
        (40, None, "anya", "Giles, tea"),
        (41, 40, "tara", FIC.format(title="Earl Grey", story="Giles sipped.")),
    ))  # fmt: skip
    run(folder, owner, "--community", community.slug)
    assert not Prompt.objects.exists() and not Work.objects.exists()
    run(folder, owner, "--community", community.slug, "--include-private")
    assert fills_by_prompt() == {"Giles, tea": ["Earl Grey"]}


def test_it_links_an_entry_that_names_its_prompt(tmp_path, owner, community, period):
    folder = tmp_path / "named"
    folder.mkdir()
    (folder / "L-1").write_text(entry(1, "Week one", LISTED_POST, tags="prompts"))
    (folder / "L-7").write_text(entry(7, "Waves", "Fill for prompt: Spike, the sea\n\n"
                                      "Title: Waves\nRating: G\n\nThe sea rolled."))  # fmt: skip
    run(folder, owner, "--community", community.slug)
    assert fills_by_prompt() == {"Spike, the sea": ["Waves"]}
    assert "The sea rolled." in Work.objects.get().chapters.get().text
