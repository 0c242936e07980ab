"""Notifications of the handling side (filled in by the notifications slice)."""


def transition_done(name, pk):
    """Called after a workflow transition has committed."""
