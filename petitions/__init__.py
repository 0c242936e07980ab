"""Petitions (民声): departments, topics, the petition snippet and its thread, by the path a petition takes.

``models`` (one package, app label ``petitions``), then ``workflow`` (states, deadlines, tick,
notifications; uses only the models), ``intake`` (forms, posting, board, tracking), and the sides that use
them: ``handling`` (moderation, dispatch, workbench, letters), ``reporters`` (帮打听 and 督办),
``supervision`` (statistics, scoring, weekly reports, hot topics, ledger) and ``exchange`` (JSON API,
Open311, webhooks). Imports run downwards only; what a lower part must tell a higher one goes through a
signal or a registry connected in ``apps``.
"""
