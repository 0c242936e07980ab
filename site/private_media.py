"""``/private-media/<name>``: the one way a private file (``rongmei.storage.is_private``) is read.

The file is an original image or a rendition; its image belongs to a petition (``PetitionPhoto``) or a
merchant's application (``MerchantApplicationPhoto``). Who may read it:

- a petition's photo: anyone while the petition is on the board (public and past moderation); else the
  resident who posted it (signed in, or tracking it in this session), the moderators and dispatchers, and
  the staff of the department handling it;
- an application's photo: staff who review applications; an image that belongs to nothing: staff who
  may change images.

The answer is the same for both storages: the file streamed from the local folder, or a redirect to a
signed URL of a few minutes on S3 (``private_url``). ``signed_url`` gives a link that opens one file for
an hour to a client without a session (the JSON API's answer to a tracking code). A photo that is not
public is sent with ``Cache-Control: private, no-store``, so no shared cache keeps it; anyone else gets a
404, as if the file did not exist.
"""

import mimetypes

from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve
from wagtail.images import get_image_model

from merchants.models import MerchantApplicationPhoto, MerchantPage
from petitions.intake.views import TRACKED_SESSION_KEY
from petitions.models import Petition
from petitions.workflow import actors

from .storage import is_private

#: how long a browser or proxy may keep the photo of a petition on the board
PUBLIC_SECONDS = 300
#: how long a link from ``signed_url`` opens the file
SIGNED_SECONDS = 3600
_SALT = "rongmei.private_media"


def signed_url(name):
    """A link to the private file ``name`` that opens it for ``SIGNED_SECONDS`` without a session: for a
    client that was just shown the petition (the API's tracking answer) and fetches its photos apart."""
    token = signing.TimestampSigner(salt=_SALT).sign(name).rsplit(":", 2)
    return f"{default_storage.url(name)}?t={token[1]}:{token[2]}"


def _signed_for(request, name):
    token = request.GET.get("t", "")
    try:
        signing.TimestampSigner(salt=_SALT).unsign(f"{name}:{token}", max_age=SIGNED_SECONDS)
    except signing.BadSignature:
        return False
    return True


def _image_of(name):
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is None:
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition else None
    return image


def _petition_access(request, petitions):
    if any(petition.on_board for petition in petitions):
        return "public"
    user = request.user
    tracked = request.session.get(TRACKED_SESSION_KEY, []) if hasattr(request, "session") else []
    for petition in petitions:
        if petition.pk in tracked or (user.is_authenticated and petition.user_id == user.pk):
            return "private"  # its author, as on the tracking page
        staff = user.is_authenticated and user.is_active
        if staff and (actors.is_moderator(user, petition) or actors.is_handling_department(user, petition)):
            return "private"
    return None


def access(request, image):
    """``"public"``, ``"private"`` (this visitor may read it) or ``None`` for the private ``image``."""
    petitions = list(Petition.objects.filter(photos__image=image))
    if petitions:
        return _petition_access(request, petitions)
    application_photo = MerchantApplicationPhoto.objects.filter(image=image).exists()
    if application_photo and (
        MerchantPage.objects.live().public().filter(image=image).exists()
        or MerchantPage.objects.live().public().filter(gallery_images__image=image).exists()
    ):
        # the applicant's shop photo became the approved merchant's page picture, published by an editor
        return "public"
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return None
    if application_photo:
        return "private" if user.has_perm("merchants.change_merchantapplication") else None
    # an upload that belongs to nothing (yet): those who keep the image library
    return "private" if user.has_perm("wagtailimages.change_image") else None


@require_safe
def serve(request, name):
    if not is_private(name):
        raise Http404
    image = _image_of(name)
    if image is None:
        raise Http404
    found = access(request, image)
    if found is None and _signed_for(request, name):
        found = "private"
    if found is None:
        raise Http404
    direct = default_storage.private_url(name) if hasattr(default_storage, "private_url") else None
    if direct:
        response = HttpResponseRedirect(direct)
    else:
        try:
            handle = default_storage.open(name, "rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
    if found == "public":
        # a redirect to a signed URL is kept for less time than the URL lives
        patch_cache_control(response, public=True, max_age=60 if direct else PUBLIC_SECONDS)
    else:
        patch_cache_control(response, private=True, no_store=True)
    response.headers["Vary"] = "Cookie"
    return response


def serve_public_in_development(request, path, document_root=None, show_indexes=False):
    """``django.views.static.serve`` for ``MEDIA_URL`` under DEBUG, except the private files."""
    if is_private(path):
        raise Http404
    return static_serve(request, path, document_root=document_root, show_indexes=show_indexes)
