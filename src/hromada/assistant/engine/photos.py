"""fetch_photo: the bytes of a photo the resident sent, for a dialog that keeps it (an appeal's picture).

Downloaded from the channel (Telegram getFile and its file URL; Viber's media URL; the web chat's private
upload), refused over the size limit before and while downloading, then decoded and re-encoded by
core.uploads (no EXIF or GPS survives): the result is a clean JPEG (or PNG)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.uploads import clean_image

from .types import DialogContext, Photo

FIELD = "photo"


def fetch_photo(context: DialogContext, photo: Photo, *, max_bytes: int | None = None) -> bytes:
    """The photo as a clean image's bytes; ValidationFailed (field "photo") when it is too big, cannot be fetched
    or is no image. A dialog answers with the error's message and asks again."""
    from hromada.assistant.channels import adapter_for, web
    from hromada.assistant.models import ChannelConfig

    limit = max_bytes or settings.HROMADA_UPLOAD_IMAGE_MAX_BYTES
    if photo.size and photo.size > limit:
        raise ValidationFailed(fields={FIELD: [_("The photo is too big: at most %(mb)s MB.") % {"mb": limit // 2**20}]})
    try:
        if context.channel == "web":
            data = web.read_photo(context.community, photo.channel_ref)
        else:
            config = ChannelConfig.objects.filter(community=context.community, channel=context.channel).first()
            if config is None:
                raise ValueError("the channel is not configured")
            data = adapter_for(context.channel).download_photo(config, photo.channel_ref, max_bytes=limit)
    except (ValueError, OSError):
        raise ValidationFailed(fields={FIELD: [_("I could not get that photo. Please send it again.")]}) from None
    return clean_image(data, field=FIELD).content.read()
