"""Double-submit protection: one row per idempotency token, written with the petition it produced.

A form sends a token with a petition (the web page's hidden ``form_token``, or an API client's
``Idempotency-Key`` header). The first request with the token claims its row as the first write of the
transaction that stores the petition; a later request with the same token within ``TTL`` has its insert
refused by the unique index and answers with the first result instead of storing a second petition —
nothing is looked up before, and nothing sleeps. Requests at the same moment: the database holds each
later insert until the first request commits (the length of one post), then refuses it, and the later
request answers with the row the first one wrote. If the first request fails, its row goes with its
transaction and the next one proceeds. A row older than ``TTL`` is replaced by the next request with its
token; ``petitions_tick`` purges the others.

Whoever holds a token is answered with the tracking code, so neither is stored as it is: the row keeps
the token's hash and the code sealed with a key derived from the token and the site's secret key.
"""

import datetime
import hashlib

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .petition import Petition

TTL = datetime.timedelta(minutes=10)


def token_hash(token):
    return hashlib.sha256(f"petition-submission:{token}".encode()).hexdigest()


def _pad(token, length):
    pad = salted_hmac("petitions.submission-token", token, algorithm="sha256").digest()
    if length > len(pad):
        raise ValueError("a tracking code is shorter than the pad")
    return pad[:length]


def seal(token, code):
    data = code.encode()
    return bytes(a ^ b for a, b in zip(data, _pad(token, len(data)), strict=True)).hex()


def unseal(token, sealed):
    data = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(data, _pad(token, len(data)), strict=True)).decode()


class SubmissionTokenQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - TTL)

    def recent(self, now=None):
        return self.filter(created_at__gte=(now or timezone.now()) - TTL)

    def answer(self, token):
        """``(petition, tracking code)`` of the petition ``token`` produced in the last ``TTL``, or ``None``."""
        row = self.recent().select_related("petition").filter(token_hash=token_hash(token)).first()
        if row is None or row.petition is None:
            return None
        return row.petition, unseal(token, row.sealed_code)

    def claim(self, token):
        """Insert ``token``'s row, the first write of the storing transaction; ``IntegrityError`` when a
        row of the token exists (another request used it: ``answer`` it, or ``forget_expired`` and retry)."""
        return self.create(token_hash=token_hash(token))

    def forget_expired(self, token):
        """Delete ``token``'s row if it is older than ``TTL``; whether there was one."""
        deleted, _per_model = self.expired().filter(token_hash=token_hash(token)).delete()
        return bool(deleted)


class SubmissionToken(models.Model):
    """An idempotency token that produced a petition (see the module's docstring)."""

    token_hash = models.CharField(max_length=64, unique=True)
    # empty only inside the storing transaction, between the claim and the petition's save
    petition = models.ForeignKey(
        Petition, verbose_name=_("诉求"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    sealed_code = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = SubmissionTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("防重复提交记录")
        verbose_name_plural = _("防重复提交记录")

    def __str__(self):
        return self.token_hash[:12]

    def record(self, token, petition, code):
        self.petition = petition
        self.sealed_code = seal(token, code)
        self.save(update_fields=["petition", "sealed_code"])
