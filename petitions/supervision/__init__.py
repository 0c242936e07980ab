"""Supervision (督查考评): how well petitions are handled, measured and published.

Owns the statistics formulas (``stats``), the weekly scoring of departments (``scoring``) and the weekly
report pages (``reports``), the hot topics of the week (``hot_topics``: keywords, places, rising topics),
the admin statistics, ledger and hot-topics views (``views``) and the small SVG bar charts (``svg``). It
reads petitions and their dates; it never changes a petition's state.
"""
