"""This app's part of the project's JSON API (see ``rongmei.api``)."""


def register(router):
    """Add this app's viewsets to the project's API router."""
