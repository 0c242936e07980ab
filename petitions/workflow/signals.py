"""What the workflow tells the rest of the site, so that it never has to import the parts that listen.

``transition_performed(sender=Petition, name, petition)`` is sent inside the transaction of every
transition, after the petition is saved: a receiver's writes commit or roll back with the change.

A watcher (``watch(keep)``) sees every change of a petition's dates, unit or topic, before and after,
inside the change's transaction: ``keep(petition)`` is called before the change (``petition.pk`` is None
for a new one) and returns a function called with the petition once it is saved. ``perform``, ``submit``
and the admin's edit view (``watching``) call them; the statistics' per-day aggregates are one.
"""

from django.dispatch import Signal

transition_performed = Signal()

_watchers = []


def watch(keep):
    """Register ``keep(petition) -> changed(petition)`` (see the module's docstring); once only."""
    if keep not in _watchers:
        _watchers.append(keep)


def watching(petition):
    """Call before changing ``petition`` (locked, in the change's transaction); returns the function to
    call with the petition as saved."""
    updates = [keep(petition) for keep in _watchers]

    def changed(saved):
        for update in updates:
            update(saved)

    return changed
