"""Personal-data masking: what the public sees of a phone number, an ID-card number or an email address.

``mask_personal_data(text)`` hides mainland mobile numbers, landlines, ID-card numbers and email addresses
in text shown to the public, keeping enough for a resident to recognise their own (138****5678).
"""

import re

_D = r"[0-9０-９]"
_ID_CARD = re.compile(rf"(?<![0-9０-９])({_D}{{6}})({_D}{{8}})({_D}{{3}}[0-9０-９Xx])(?![0-9０-９A-Za-z])")
_MOBILE = re.compile(
    rf"(?<![0-9０-９])(?:\+?86[-\s]?)?([1１][3-9３-９]{_D})[-\s]?({_D}{{4}})[-\s]?({_D}{{4}})(?![0-9０-９])"
)
_LANDLINE = re.compile(rf"(?<![0-9０-９])([0０]{_D}{{2,3}})([-—\s]?)({_D}{{3,4}})({_D}{{4}})(?![0-9０-９])")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# Every pattern above needs three digits in a row or an "@": text without either has nothing to mask, and
# one search tells (most petitions, like "幸福路12号", never run the four patterns).
_CANDIDATE = re.compile(rf"{_D}{{3}}|@")


def mask_personal_data(text):
    """Mask phone numbers, ID-card numbers and email addresses, keeping enough to recognise one's own."""
    if not text or not _CANDIDATE.search(text):
        return text
    text = _ID_CARD.sub(lambda m: f"{m[1]}********{m[3][-4:]}", text)
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    text = _LANDLINE.sub(lambda m: f"{m[1]}{m[2]}****{m[4]}", text)
    text = _EMAIL.sub(lambda m: f"{m[1]}***@{m[2]}", text)
    return text
