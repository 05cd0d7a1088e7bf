from ficfest.works.models import Status
from tests.factories import make_work
from tests.html import main, text


def test_it_lists_fandoms_a_to_z_with_counts_of_visible_works(author, client):
    make_work(author, title="One", fandoms=["Buffy the Vampire Slayer"])
    make_work(author, title="Two", fandoms=["Buffy the Vampire Slayer", "Angel: the Series"])
    make_work(author, title="Hidden", fandoms=["Angel: the Series"], status=Status.DRAFT)
    make_work(author, title="Locked", fandoms=["Firefly"], restricted=True)
    page = text(client.get("/fandoms/").content.decode())
    assert "Angel: the Series (1)" in page and "Buffy the Vampire Slayer (2)" in page
    assert "Firefly" not in page
    assert page.index("Angel: the Series") < page.index("Buffy the Vampire Slayer")


def test_it_files_non_latin_fandoms_under_their_own_letter(author, client):
    make_work(author, fandoms=["魔道祖师 - 墨香铜臭"])
    make_work(author, fandoms=["9-1-1 (TV)"])
    page = client.get("/fandoms/").content.decode()
    assert 'id="letter-魔"' in page and 'id="letter-#"' in page


def test_it_shows_the_works_of_a_tag(author, client):
    work = make_work(author, title="Rainy Night", freeforms=["Rain"])
    make_work(author, title="Dry Night")
    tag = work.freeforms[0]
    page = text(client.get(tag.get_absolute_url()).content.decode())
    assert "Rainy Night" in page and "Dry Night" not in page and "1 work" in page


def test_the_fandom_index_counts_a_synonym_s_works_under_its_canonical(
    author, client, django_capture_on_commit_callbacks
):
    from ficfest.tags.models import Tag, TagType
    from ficfest.tags.wrangling import tag_merge

    btvs = Tag.objects.create(type=TagType.FANDOM, name="Buffy the Vampire Slayer", canonical=True)
    make_work(author, title="One", fandoms=["Buffy the Vampire Slayer"])
    make_work(author, title="Two", fandoms=["BtVS"])
    with django_capture_on_commit_callbacks(execute=True):
        tag_merge(tag=Tag.objects.get(name="BtVS"), into=btvs)
    response = client.get("/fandoms/")
    page = text(main(response.content.decode()))
    assert response.status_code == 200
    assert "Buffy the Vampire Slayer (2)" in page and "BtVS" not in page
