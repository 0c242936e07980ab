"""Live Q&A sessions (在线访谈) apart from their models (``newsroom.models.qa``), one module per side:

- ``rules``: who may moderate and answer, and every change to a question (release, reject, answer,
  turn into a petition);
- ``views``: the public page, the question form and the poll that readers of a live session send;
- ``feed``: what a poll answers, rendered once per change and shared by every reader;
- ``admin_views``: the Wagtail admin screens where moderators release questions and officials answer.

Imports run downwards: views and admin views use rules and feed, which use the models.
"""
