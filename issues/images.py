"""Article images: checked when they arrive, and printed from resized copies.

The stored file stays as it was uploaded. The PDF embeds a print copy instead:
at most 300 ppi at the largest size bulletin.css prints an image (the 156 mm
text block wide, 150 mm high), JPEG for photos and PNG for line art. A phone
photo of 4000 × 3000 pixels thus prints from 1843 × 1382.

The print copy is also where colours become what PDF/A-2b allows under the
sRGB output intent (ISO 19005-2, 6.2.4.3): sRGB or grey. A CMYK photo, a
photo with an ICC profile of its own (Adobe RGB, Display P3, a grey gamma),
Lab, 16-bit grey and palette images with alpha are converted with an ICC
transform (Pillow's ImageCms, Little CMS); a CMYK image without a profile is
read as the standard CMYK of BULLETIN_PRINT_CMYK_PROFILE.
"""

import hashlib
import io
import logging
import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signing import Signer
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

PRINT_PPI = 300
PRINT_BOX_PX = (round(156 / 25.4 * PRINT_PPI), round(150 / 25.4 * PRINT_PPI))
PRINT_FOLDER = "issues/images/print"
READABLE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
JPEG_QUALITY = 85
# Line art (charts, scans of forms) has few colours; it stays sharp as PNG.
LINE_ART_COLOURS = 256
# Modes WeasyPrint embeds as DeviceRGB or DeviceGray (it makes 1 and P RGB,
# and an alpha channel a soft mask): printed as they are when without a profile.
PRINTABLE_MODES = {"RGB", "RGBA", "L", "LA", "P", "1"}
SRGB = ImageCms.createProfile("sRGB")
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
UPLOAD_SALT = "issues.images.upload"
# An image uploaded into an editor before the article or report it is in is
# saved: the editor shows it through this mark, signed for the uploader, and
# the save that stores the text claims it and drops the mark.
UPLOADED_SRC = re.compile(r'src="(/[^"?]*/issues/images/([^"?]+))\?upload=([^"&]+)"')


def check_image(data: bytes, name: str) -> str:
    """The image's file extension (.jpg…); a ValidationError naming it unless it can be used."""
    limit = settings.BULLETIN_IMAGE_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in READABLE_FORMATS:
                raise UnidentifiedImageError(image.format)
            width, height = image.size
            if width * height <= limit:
                image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("“%(name)s” is not an image that can be read; use JPEG or PNG.") % {"name": name},
            code="unreadable_image",
        ) from None
    if width * height > limit:
        raise ValidationError(
            _(
                "“%(name)s” has %(width)d × %(height)d pixels, more than can be processed "
                "(%(limit)d million); make it smaller and upload it again."
            )
            % {"name": name, "width": width, "height": height, "limit": limit // 1_000_000},
            code="image_too_large",
        )
    return EXTENSIONS[image.format]


def validate_article_image(file) -> None:
    """Model field validator: the uploaded file is an image the PDF can print."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    check_image(data, file.name.rsplit("/", 1)[-1])


def upload_signature(name: str, user) -> str:
    """What shows `user`'s upload of issues/images/`name` before it belongs to a text."""
    return Signer(salt=UPLOAD_SALT).signature(f"{user.pk}:{name}")


def is_signed_upload(name: str, user, signature: str) -> bool:
    if not (user.is_authenticated and signature):
        return False
    return constant_time_compare(signature, upload_signature(name, user))


def signed_uploads(body: str, user) -> tuple[str, list[str]]:
    """The body without the upload marks `user` signed, and the storage names they marked.

    Marks signed for someone else stay (and show nothing): nobody claims an image
    whose address they were not given.
    """
    names = []

    def claim(match):
        src, name, signature = match.groups()
        if not is_signed_upload(name, user, signature):
            return match[0]
        names.append(f"issues/images/{name}")
        return f'src="{src}"'

    return UPLOADED_SRC.sub(claim, body or ""), names


def _media_name(url: str) -> str | None:
    media_url = "/" + settings.MEDIA_URL.strip("/") + "/"
    if not url.startswith(media_url) or ".." in url:
        return None
    return url.removeprefix(media_url)


def print_copy_url(url: str) -> str:
    """The URL the PDF embeds for an image shown at `url`: its print copy when it needs one."""
    name = _media_name(url)
    if name is None or name.startswith(PRINT_FOLDER + "/"):
        return url
    try:
        copy_name = print_copy(name)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("No print copy of %s; the PDF embeds the original", name, exc_info=True)
        return url
    return url if copy_name == name else "/" + settings.MEDIA_URL.strip("/") + "/" + copy_name


def print_copy(name: str) -> str:
    """The storage name of the image's print copy (made once), or `name` when it prints as is."""
    stem = f"{PRINT_FOLDER}/{hashlib.sha256(name.encode()).hexdigest()[:24]}"
    for extension in (".jpg", ".png"):
        if default_storage.exists(stem + extension):
            return stem + extension
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as image:
        rotated = image.getexif().get(ExifTags.Base.Orientation, 1) != 1
        fits = image.width <= PRINT_BOX_PX[0] and image.height <= PRINT_BOX_PX[1]
        profile = _own_profile(image)
        in_srgb = image.mode in PRINTABLE_MODES and profile is None
        if fits and not rotated and in_srgb and image.format in {"JPEG", "PNG"}:
            return name
        image.draft("RGB", PRINT_BOX_PX)  # JPEG decodes at a reduced scale: far faster
        copy = ImageOps.exif_transpose(image)
        copy.thumbnail(PRINT_BOX_PX, Image.Resampling.LANCZOS)
        content, extension = _encode(in_print_colours(copy, profile, name))
    return default_storage.save(stem + extension, ContentFile(content))


def _own_profile(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The image's embedded ICC profile, unless it is sRGB or does not fit the image's mode."""
    data = image.info.get("icc_profile")
    if not data:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        description = ImageCms.getProfileDescription(profile)
    except (ImageCms.PyCMSError, OSError, TypeError):
        logger.warning("Unreadable ICC profile ignored in an image of mode %s", image.mode)
        return None
    space = profile.profile.xcolor_space.strip()
    expected = {"CMYK": "CMYK", "L": "GRAY", "LA": "GRAY"}.get(image.mode, "RGB")
    if space != expected or (space == "RGB" and "sRGB" in description):
        return None
    return profile


@cache
def _standard_cmyk_profile() -> ImageCms.ImageCmsProfile | None:
    path = settings.BULLETIN_PRINT_CMYK_PROFILE
    try:
        return ImageCms.getOpenProfile(path) if path else None
    except (ImageCms.PyCMSError, OSError):
        logger.warning("No CMYK profile at %s: CMYK images are converted without one", path)
        return None


def in_print_colours(image: Image.Image, profile, name: str = "") -> Image.Image:
    """`image` in sRGB, or grey, with its alpha channel; `profile`: its own (_own_profile).

    Converted with an ICC transform from its profile (a CMYK one without a
    profile from the standard CMYK profile, Lab from CIE Lab); Pillow's own
    arithmetic only where no profile can be had, which the log says.
    """
    if image.mode in ("1", "P", "PA"):
        has_alpha = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    elif image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode in ("I", "F"):
        image = image.convert("L")
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    if alpha is not None:
        image = image.convert(image.mode[:-1])
    source = profile
    if image.mode == "CMYK" and source is None:
        source = _standard_cmyk_profile()
    elif image.mode == "LAB":
        source = ImageCms.createProfile("LAB")
    if source is not None:
        try:
            image = ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
        except ImageCms.PyCMSError:
            logger.warning("No ICC transform for %s (%s): converted without", name, image.mode)
    if image.mode not in ("RGB", "L"):
        if image.mode == "CMYK":
            logger.warning("%s: CMYK converted to RGB without a profile", name)
        image = image.convert("RGB")
    if alpha is not None:
        image.putalpha(alpha)
    return image


def _encode(image: Image.Image) -> tuple[bytes, str]:
    output = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
    is_line_art = image.getcolors(LINE_ART_COLOURS) is not None
    if has_alpha or is_line_art:
        if is_line_art and not has_alpha:
            image = image.convert("RGB").quantize(LINE_ART_COLOURS)
        image.save(output, "PNG", optimize=True)
        return output.getvalue(), ".png"
    photo = image if image.mode in ("RGB", "L") else image.convert("RGB")
    photo.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return output.getvalue(), ".jpg"
