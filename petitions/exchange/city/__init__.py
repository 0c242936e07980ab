"""City and district (市区两级): a district's site and its city's site working as one.

Both are installations of this site; they talk only through the interfaces any outside system uses.

- 上报 (district → city). A district editor forwards an accepted petition up (the workflow's
  ``forward_to_city``, "上报市级"; automatically on acceptance for the topics its ``CityLink`` names as city
  matters). The petition is dispatched to the unit standing for the city, and ``outbox`` POSTs it to the
  city's Open311 ``requests`` with the key the city issued to this district (channel 区县上报 on the city,
  which keeps the key on the petition: that is the district it came from), with an ``Idempotency-Key`` so
  a retry after a lost answer is not a second petition. The city's number and tracking code are kept on
  the ``CityCase``. The tick then polls the city's tracking API with that code (``outbox.poll``) and
  mirrors the city's progress through the workflow, acting as the city's unit: claimed when the city
  claims, the city's reply as this site's reply (the resident is told and rates it here), returned to
  the district's media centre when the city refuses it.
- 交办 (city → district). On the city, the district is a handling unit (kind 区县) whose data exchange
  (``Webhook``) points at the district's receiver, ``/exchange/city/events/`` (``receiver``). The receiver
  checks the signature as the department API does (HMAC-SHA256 of ``"{timestamp}.{body}"`` with the
  exchange's secret, five minutes either way, each signature once), acknowledges a repeated event
  without acting twice, and stores a dispatched petition as a new one here (channel 市级交办), accepted,
  for the district's editors to dispatch. Its claim is sent up at once, and its reply when the district's
  unit replies, through the city's department API, signed with the same secret and the exchange's key.
- Every call to the city is a ``CityCall`` written in the transition's transaction and sent once it
  commits; a call that fails is retried by the tick with the webhooks' back-off, one that the city refuses
  (4xx) is given up with the city's message, shown to staff on 上级平台对接 with a "retry now" button.
  The receiver never answers 500: a failure it cannot handle is a 503 JSON, which the city retries.
"""
