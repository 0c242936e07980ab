"""Reporters (记者跟进): the 帮打听 and 督办 columns following petitions up.

Owns the rules (``columns``: taking a petition up or dropping it, the stories on its timeline, what the
public sees) and the admin page and button to arrange it (``views``). Which page types are stories is
registered by the app that has them (newsroom), so petitions never imports newsroom.
"""
