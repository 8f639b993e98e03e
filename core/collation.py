"""Swedish alphabetical order without a Swedish locale on the server.

Python compares code points, so "Ä" (U+00C4) comes before "Å" (U+00C5) and a database's
collation depends on how it was created. Swedish puts å, ä, ö after z, in that order, treats
é as e and ü as y, and ignores case.
"""

import unicodedata

# After "z": å, ä, ö (and the Danish and Norwegian æ, ø alongside ä, ö, as Svenska Akademien
# orders them). "{" sorts right after "z" in ASCII.
_LAST = {"å": "{1", "ä": "{2", "æ": "{2", "ö": "{3", "ø": "{3", "ü": "y"}


def swedish_key(text: str) -> str:
    """A sort key giving Swedish alphabetical order: sorted(names, key=swedish_key)."""
    out = []
    for char in (text or "").casefold():
        if char in _LAST:
            out.append(_LAST[char])
            continue
        # Other accented letters sort as their base letter (é → e, à → a).
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base)
    return "".join(out)
