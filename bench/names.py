"""Names the generated archives share: first names and surnames for characters and users,
and freeform tags in the order of how often fandom uses them."""

FIRST_NAMES = (
    "Ada", "Bram", "Cass", "Dorian", "Edie", "Faye", "Gideon", "Hana", "Ines", "Jonah", "Kit",
    "Lena", "Mara", "Nico", "Odile", "Pim", "Quentin", "Rosa", "Silas", "Tamsin", "Umar",
    "Vera", "Wren", "Xavi", "Yara", "Zeke", "Amara", "Basil", "Clem", "Dev", "Elio", "Freya",
    "Greer", "Hugo", "Isolde", "Jules", "Kasimir", "Lark", "Marlowe", "Noor", "Orrin", "Petra",
    "Rafe", "Sunny", "Theo", "Ulla", "Valen", "Wynn", "Yusuf", "Zora",
)  # fmt: skip

SURNAMES = (
    "Ashdown", "Blackwood", "Calloway", "Delacroix", "Everhart", "Fairweather", "Greaves",
    "Holloway", "Ibarra", "Jessup", "Kowalski", "Lindqvist", "Morrow", "Nakamura", "Okafor",
    "Pryce", "Quill", "Ravensworth", "Sato", "Thorne", "Underhill", "Vance", "Whitlock",
    "Yilmaz", "Zhou", "Abernathy", "Brightwater", "Castellanos", "Dunmore", "Ferreira",
)  # fmt: skip

FREEFORMS = (
    "Fluff", "Angst", "Hurt/Comfort", "Established Relationship", "Slow Burn", "Friendship",
    "Humor", "Romance", "Alternate Universe - Coffee Shops & Cafés",
    "Alternate Universe - Modern Setting", "Canon Compliant", "Canon Divergence", "Post-Canon",
    "Pre-Canon", "Missing Scene", "Found Family", "Enemies to Lovers", "Friends to Lovers",
    "Pining", "Mutual Pining", "Domestic Fluff", "Hurt No Comfort", "Character Study",
    "Introspection", "Drabble", "Ficlet", "Crack", "Crack Treated Seriously", "Fix-It",
    "Time Travel", "Alternate Universe - Soulmates", "Alternate Universe - No Powers",
    "Bed-Sharing", "Fake/Pretend Relationship", "Happy Ending", "Open Ending", "Sad Ending",
    "Nightmares", "Grief/Mourning", "Minor Injuries", "Sickfic", "Holidays", "Christmas",
    "Halloween", "Rain", "First Kiss", "Getting Together", "Banter", "Epistolary", "Poetry",
    "Tumblr Prompt", "Prompt Fill", "Fluff and Angst", "Emotional Hurt/Comfort", "Light Angst",
    "Hopeful Ending", "Road Trips", "Cooking", "Books", "Music",
)  # fmt: skip
