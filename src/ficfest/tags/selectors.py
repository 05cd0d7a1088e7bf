def index_letter(name: str) -> str:
    """The letter a name is filed under in an A–Z index ("#" for digits and symbols)."""
    first = name[:1].upper()
    if first.isascii() and first.isalpha():
        return first
    return "#" if not first.isalpha() else first
