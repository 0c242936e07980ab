"""Handling: what the media centre and the departments do with a petition once it is in.

Owns the moderation queue (``moderation``), dispatch with its referral letter, the department
workbench, extension decisions and supervision buttons (``views``), the petition snippets in the admin
(``viewsets``), return visits (回访: their queue and form, ``visits``) and the handling side's menu items and dashboard panels (``menus``). Every action calls
``workflow.perform``; the rules are the workflow's, not these views'.
"""
