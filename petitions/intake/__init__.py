"""Intake: how a petition comes in and what the public sees of it.

Owns the forms residents fill in (``forms``: petition, follow-up, rating, tracking; the captcha, phone and
text checks they use come from ``rongmei``), the posting service (``services``: one path for the web
board, the JSON API and Open311), photo checks (``photos``), the public board, petition and tracking
views (``views``, called by ``PetitionBoardPage``'s routes), the public timeline (``thread``) and the
board's coverage of the department tree (``coverage``). It changes petitions only through ``workflow``.
"""
