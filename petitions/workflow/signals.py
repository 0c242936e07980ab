"""What the workflow tells the rest of the site, so that it never has to import the parts that listen.

``transition_performed(sender=Petition, name, petition)`` is sent inside the transaction of every
transition, after the petition is saved: a receiver's writes commit or roll back with the change.
"""

from django.dispatch import Signal

transition_performed = Signal()
