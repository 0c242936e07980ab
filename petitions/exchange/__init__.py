"""Exchange: petitions in and out of other systems.

Owns the JSON API of the board (``api``), the Open311 GeoReport v2 endpoint (``open311``, with API keys),
the webhooks to district platforms and their delivery (``webhooks``), the API those platforms answer
back through (``webhook_api``), the admin of webhooks, deliveries and API keys (``views``), and a district
site's exchange with its city's site (``city``: forwarding up, the city's dispatches down). New
petitions go through ``intake.services``; every change goes through ``workflow``, which tells this side
what happened by its ``transition_performed`` signal.
"""
