import pytest

from ficfest.importer.prompts import PromptRef, community_key, find_prompt_reference, prompt_key


@pytest.mark.parametrize(
    ("text", "community", "prompt"),
    [
        # The seed.
        (
            'A/N: Fill for the Fag End prompt: "From the world below, to the world above."',
            "Fag End",
            "From the world below, to the world above.",
        ),
        ("Fill for the Fag End prompt: “The world below.”", "Fag End", "The world below."),
        ("A fill for the Drabble Tag prompt ‘Stars’.", "Drabble Tag", "Stars"),
        ("Written for lizzie's prompt: rain on the roof", "lizzie", "rain on the roof"),
        ("Written for Lizzie’s prompt “rain on the roof”.", "Lizzie", "rain on the roof"),
        ("for X's prompt Y", "X", "Y"),
        ("Written for the Summer challenge: 'sun and sand'", "Summer", "sun and sand"),
        ("for the X challenge: Y", "X", "Y"),
        ("Written for the Halloween challenge at fag_ends.", "fag_ends", "Halloween"),
        ('Written for the prompt "moonlight" at spike_drabbles.', "spike_drabbles", "moonlight"),
        ("Fill for spike_drabbles, prompt 42: moonlight", "spike_drabbles", "moonlight"),
        ("Fill for spike_drabbles, prompt: «moonlight»", "spike_drabbles", "moonlight"),
        ("In response to the Drabble Tag prompt – 'Stars'", "Drabble Tag", "Stars"),
        ("Spuffy Kink Meme prompt: Spike gets a job (with cookies)", "Spuffy Kink Meme",
         "Spike gets a job (with cookies)"),
        ("Notes: the Fag Ends prompt #7 - Eventide", "Fag Ends", "Eventide"),
        ("Fag Ends #7: “Eventide”", "Fag Ends", "Eventide"),
        ("Prompt: moonlight", "", "moonlight"),
        ("Prompt #12: Buffy finds a puppy", "", "Buffy finds a puppy"),
        ("The prompt was “moonlight”", "", "moonlight"),
        ("(prompt: a broken umbrella)", "", "a broken umbrella"),
        ("Prompted by 「月」", "", "月"),
        ("Written for the Seasonal Spuffy fest.", "Seasonal Spuffy fest", ""),
        ("Written for the Fag Ends community", "Fag Ends", ""),
        ("Posted for the Yuletide challenge.", "Yuletide", ""),
    ],
)  # fmt: skip
def test_it_finds_the_reference(text, community, prompt):
    assert find_prompt_reference(text) == PromptRef(community=community, prompt=prompt)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "She said: no",
        "Thanks to my beta!",
        "This was my prompt response to my friend.",
        "I wrote this for fun.",
        "Fill for the kinkmeme",
        "He was promptly ignored.",
    ],
)
def test_it_finds_nothing_where_there_is_no_reference(text):
    assert find_prompt_reference(text) is None
    assert find_prompt_reference(f"{text}\nFill for the Fag Ends prompt: 'Dusk'") is not None


def test_it_finds_the_reference_among_other_lines():
    text = "Thanks to Bee for the beta.\nWritten for the Fag Ends prompt: 'Dusk'\nEnjoy!"
    assert find_prompt_reference(text) == PromptRef("Fag Ends", "Dusk")


def test_it_keeps_a_prompts_own_punctuation_inside_its_quotes():
    ref = find_prompt_reference('Prompt: "Well... what now?!"')
    assert ref == PromptRef("", "Well... what now?!")


def test_it_keys_prompts_without_case_quotes_punctuation_or_spacing():
    assert prompt_key("“From the world below,  to the world above.”") == (
        "from the world below to the world above"
    )
    assert prompt_key('"FROM the world below - to the world above"') == prompt_key(
        "from the world below, to the world above."
    )
    assert prompt_key("Ｆｕｌｌｗｉｄｔｈ") == "fullwidth"
    assert prompt_key("月の光。") == "月の光"


@pytest.mark.parametrize(
    "name", ["Fag Ends", "Fag End", "fag_ends", "the Fag Ends", "FAG-ENDS", "“Fag Ends”"]
)
def test_it_keys_community_names_without_a_plural_s(name):
    assert community_key(name) == "fag end"


def test_it_keeps_a_double_s_in_community_keys():
    assert community_key("Kiss") == "kiss"
    assert community_key("Bus") == "bus"  # too short to be a plural
