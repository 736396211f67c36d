"""Photos of a candidate stop, checked and cleaned before they are stored.

A phone photo carries more than its pixels: the EXIF block names the camera, the time and, in
its GPS part, where it was taken. A stored photo is therefore re-encoded from its pixels with no
metadata at all, except the GPS position when the user chooses to keep it. Before anything is
decoded the file must be what its extension says (JPEG or PNG) and small enough, in bytes and in
pixels, that a crafted "image bomb" cannot exhaust the server's memory. Bytes in, bytes out:
storing the files is ``store.photos``. The same check and re-encoding serve every image the app
keeps: stop photos, clean-up photos and the images among the indicator archive's evidence.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from geo.errors import GeoInputError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; Pillow's own bomb limit is 89 M
THUMB_SIZE = 320  # the longer side of a thumbnail, pixels
JPEG_QUALITY = 88
# Pillow's format name -> the extensions a file of that format may carry. MPO is how Pillow
# reads the multi-picture JPEGs many phones write; the first picture is the photo.
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "MPO": (".jpg", ".jpeg"), "PNG": (".png",)}
ACCEPTED = (".jpg", ".jpeg", ".png")
HEIF_EXTENSIONS = (".heic", ".heif")
_KIND = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png"}


class PhotoRefused(GeoInputError):
    """A file that is not a usable photo; the message says why and what to do."""


class PhotoTooLarge(PhotoRefused):
    status = 413


@dataclass(frozen=True)
class Photo:
    """A photo ready to store: the cleaned image, its thumbnail (JPEG) and what it showed."""

    kind: str  # "jpeg" or "png": the stored image's format
    data: bytes
    thumbnail: bytes | None  # None when the caller asked for none
    width: int
    height: int
    location: tuple[float, float] | None  # (lon, lat) from the GPS tags, when the file had them
    kept_location: bool  # the stored image still carries its GPS tags

    @property
    def extension(self) -> str:
        """The stored file's extension, from what the image is (never from the upload's name)."""
        return ".jpg" if self.kind == "jpeg" else ".png"

    def record(self, file_name: str) -> dict[str, object]:
        """The columns every photo row keeps about its image: the name it was sent as, its type
        and size."""
        return {
            "file_name": file_name[:200],
            "media_type": f"image/{self.kind}",
            "width": self.width,
            "height": self.height,
        }


def refuse_extension(file_name: str) -> str:
    """The lower-case extension of ``file_name`` if it is one a photo may have, else refuse."""
    ext = PurePath(file_name).suffix.lower()
    if ext in HEIF_EXTENSIONS:
        raise PhotoRefused(
            f"{file_name}: 不支持 HEIC/HEIF 照片，请用 JPEG 或 PNG（iPhone：设置 > 相机 > 格式 > "
            "兼容性最佳；用浏览器上传时通常会自动转为 JPEG） / HEIC/HEIF photos are not accepted: "
            "send a JPEG or PNG (iPhone: Settings > Camera > Formats > Most Compatible; a "
            "browser upload usually converts it to JPEG)"
        )
    if ext not in ACCEPTED:
        raise PhotoRefused(
            f"{file_name}: 照片须为 JPEG 或 PNG 文件（.jpg .jpeg .png） / a photo must be a JPEG "
            "or PNG file (.jpg, .jpeg, .png)"
        )
    return ext


def read_photo(
    data: bytes,
    file_name: str,
    keep_location: bool = False,
    *,
    max_bytes: int = MAX_PHOTO_BYTES,
    thumbnail: bool = True,
) -> Photo:
    """Check an uploaded photo and make its stored copy (and thumbnail); PhotoRefused when the
    file is larger than ``max_bytes``, not the image its extension names, damaged or an image
    bomb."""
    image = _open_checked(data, file_name, max_bytes)
    location = _gps_location(image)
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo) if keep_location and location else None
    upright = ImageOps.exif_transpose(image)  # the orientation tag goes with the rest of EXIF
    kind = _KIND[image.format]
    return Photo(
        kind=kind,
        data=_encode(upright, kind, gps, image.info.get("icc_profile")),
        thumbnail=_thumbnail(upright) if thumbnail else None,
        width=upright.width,
        height=upright.height,
        location=location,
        kept_location=gps is not None,
    )


def photo_location(data: bytes, file_name: str) -> tuple[float, float] | None:
    """Where a photo was taken (lon, lat in WGS84, as EXIF GPS is), if it says so."""
    return _gps_location(_open_checked(data, file_name))


def _open_checked(data: bytes, file_name: str, max_bytes: int = MAX_PHOTO_BYTES) -> Image.Image:
    """The decoded image, after the size, format, integrity and pixel-count checks."""
    ext = refuse_extension(file_name)
    if len(data) > max_bytes:
        raise PhotoTooLarge(
            f"{file_name}: 照片超过 {max_bytes // (1024 * 1024)} MB / the photo is larger "
            f"than {max_bytes // (1024 * 1024)} MB; send a smaller copy"
        )
    if not data:
        raise PhotoRefused(f"{file_name}: 文件为空 / the file is empty")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            _check_format(image, ext, file_name)
            _check_pixels(image.size, file_name)
            image.verify()  # checksums and structure; the image must be opened again after it
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(file_name, "?") from None
        except UnidentifiedImageError:
            raise PhotoRefused(_not_an_image(data, file_name, ext)) from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise PhotoRefused(
                f"{file_name}: 图像文件已损坏或不完整 / the image file is damaged or incomplete "
                f"({exc})"
            ) from None
    return image


def _not_an_image(data: bytes, file_name: str, ext: str) -> str:
    expected = "PNG" if ext == ".png" else "JPEG"
    if data[4:8] == b"ftyp":
        found = "HEIC/HEIF 或视频 / a HEIC/HEIF image or a video"
    else:
        found = "不是图像 / not an image"
    return (
        f"{file_name}: 文件内容与扩展名不符：不是 {expected} 图像（{found}） / the file is not "
        f"the {expected} image its name says ({found.split(' / ')[-1]})"
    )


def _check_format(image: Image.Image, ext: str, file_name: str) -> None:
    allowed = EXTENSIONS.get(image.format or "")
    if allowed is None or ext not in allowed:
        found = image.format or "unknown"
        raise PhotoRefused(
            f"{file_name}: 文件内容与扩展名不符：实为 {found} / the file is a {found} image, "
            f"not what its extension {ext} says; only JPEG and PNG photos are accepted"
        )


def _check_pixels(size: tuple[int, int], file_name: str) -> None:
    """Refuse before decoding: the size comes from the header, the memory from the pixels."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(file_name, f"{width}×{height}")


def _too_many_pixels(file_name: str, size: str) -> PhotoTooLarge:
    most = MAX_PIXELS // 1_000_000
    return PhotoTooLarge(
        f"{file_name}: 图像像素过多（{size}，上限 {most} 百万像素），可能是“图像炸弹” / "
        f"the image has too many pixels ({size}, at most {most} megapixels): "
        "it may be an image bomb; send a smaller copy"
    )


def _gps_location(image: Image.Image) -> tuple[float, float] | None:
    """(lon, lat) from the EXIF GPS tags, None when they are missing or out of range."""
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    try:
        lat = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef), "S")
        lon = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat) and abs(lon) <= 180 and abs(lat) <= 90):
        return None
    return round(lon, 6), round(lat, 6)


def _degrees(value, ref, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    sign = -1.0 if str(ref or "").strip().upper() == negative else 1.0
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _encode(image: Image.Image, kind: str, gps: dict | None, icc: bytes | None) -> bytes:
    """The pixels alone (and the colour profile), plus the GPS tags when they are kept."""
    clean = image.copy()
    clean.info = {}  # nothing of the upload's metadata (EXIF, XMP, text chunks) rides along
    exif = Image.Exif()
    if gps:
        exif[ExifTags.IFD.GPSInfo] = dict(gps)
    options: dict = {"exif": exif.tobytes()} if gps else {}
    if icc:
        options["icc_profile"] = icc
    out = io.BytesIO()
    if kind == "jpeg":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    else:
        clean.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    thumb = image.copy()
    thumb.info = {}
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE))
    if thumb.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        thumb = thumb.convert("RGBA")
        white = Image.new("RGBA", thumb.size, "white")
        thumb = Image.alpha_composite(white, thumb)
    out = io.BytesIO()
    thumb.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()
