"""Real image files made in the test: JPEG with EXIF orientation, GPS and camera tags; PNG; bad files."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
MAKE, MODEL, SOFTWARE = 0x010F, 0x0110, 0x0131
GPS_IFD, EXIF_IFD = 0x8825, 0x8769
DATETIME_ORIGINAL = 36867


def jpeg_with_exif(
    width: int = 120,
    height: int = 80,
    *,
    orientation: int = 6,
    taken: str | None = "2026:11:30 14:05:09",
    colour=(200, 40, 40),
) -> bytes:
    """A JPEG ``width`` x ``height`` (as stored): left half ``colour``, right half blue; EXIF with the
    orientation, GPS position (Toronto), camera make/model and, optionally, DateTimeOriginal."""
    img = Image.new("RGB", (width, height), (30, 30, 220))
    img.paste(Image.new("RGB", (width // 2, height), colour), (0, 0))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Model X Pro"
    exif[SOFTWARE] = "CameraApp 1.0"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (43.0, 39.0, 11.0)
    gps[3] = "W"
    gps[4] = (79.0, 23.0, 2.0)
    if taken:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png(width: int = 64, height: int = 48, mode: str = "RGBA") -> bytes:
    """A PNG with a text chunk naming a device (metadata to strip)."""
    from PIL.PngImagePlugin import PngInfo

    img = Image.new(mode, (width, height), (10, 200, 10, 255) if mode == "RGBA" else (10, 200, 10))
    info = PngInfo()
    info.add_text("Software", "Scanner Device 9000")
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (a decompression bomb / giant image)."""
    data = bytearray(png(8, 8, "RGB"))
    ihdr = 8  # after the signature: length(4) type(4) data(13) crc(4)
    data[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 21])) & 0xFFFFFFFF
    data[ihdr + 21 : ihdr + 25] = struct.pack(">I", crc)
    return bytes(data)


def truncated_jpeg() -> bytes:
    """A real JPEG cut to 40 % of its length."""
    full = jpeg_with_exif(400, 300, orientation=1)
    return full[: int(len(full) * 0.4)]
