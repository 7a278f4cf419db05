"""Every raster picture the site publishes from static/ leaves without metadata (EXIF, GPS,
XMP, IPTC, comments), whatever its name: the format is told from its bytes. One that
cannot be cleaned stops the build with a problem at its path."""
from __future__ import annotations

import io
import struct

import pytest
from PIL import ExifTags, Image, PngImagePlugin, TiffImagePlugin

from conftest import AS_OF, PROJECT, copy_site
from vigil.cli import main
from vigil.media.bare import NotClean, bare, sniffed

PLACE = b"55,45.35N"                 # the latitude a picture must not carry out
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="' + PLACE + b'" exif:GPSLongitude="37,37.07E"/></rdf:RDF></x:xmpmeta>')
SIGNS = (PLACE, b"Phonemaker", b"GPSLatitude", b"xmpmeta", b"Comment by", b"Exif\x00\x00")


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (55.0, 45.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (37.0, 37.0, 4.0)})
    return exif


def picture(mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, (48, 36), (40, 90, 160) if mode == "RGB" else 3)
    image.putpixel((5, 5), (250, 10, 10) if mode == "RGB" else 9)
    return image


def saved(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def jpeg_with_everything() -> bytes:
    """EXIF with GPS, XMP with a place, a comment, IPTC (APP13), and a second picture after
    the end of the first (as the Multi-Picture Format puts one)."""
    data = saved(picture(), "JPEG", exif=gps_exif(), xmp=XMP, comment=b"Comment by the camera")
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x5a\x00\x0bGPSLatitude"
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + app13 + data[2:] + saved(picture(), "JPEG", exif=gps_exif())


def png_with_everything() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Comment", "Comment by the camera")
    info.add_text("GPSLatitude", PLACE.decode(), zip=True)
    return saved(picture(), "PNG", pnginfo=info, exif=gps_exif())


def gif_with_everything() -> bytes:
    data = saved(picture("P"), "GIF", comment=b"Comment by the camera")
    xmp = b"\x21\xff\x0bXMP DataXMP" + bytes([len(XMP[:255])]) + XMP[:255] + b"\x00"
    at = data.index(b"\x2c")                       # before the image
    return data[:at] + xmp + data[at:]


def tiff_with_everything() -> bytes:
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[700] = XMP                                # XMP
    info[ExifTags.Base.Make] = "Phonemaker"
    return saved(picture(), "TIFF", tiffinfo=info, exif=gps_exif())


def ico_with_everything() -> bytes:
    png = png_with_everything()
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 48, 36, 0, 0, 1, 32, len(png), 22) + png


LOCATED = {
    "jpeg": jpeg_with_everything,
    "png": png_with_everything,
    "webp": lambda: saved(picture(), "WEBP", exif=gps_exif(), xmp=XMP, lossless=True),
    "gif": gif_with_everything,
    "tiff": tiff_with_everything,
    "ico": ico_with_everything,
}
NAMES = {"jpeg": (".jpg", ".jpeg", ".jfif", ".JPG", ".png", ".txt", ""), "png": (".png", ".apng", ".jpg"),
         "webp": (".webp", ".jpg"), "gif": (".gif",), "tiff": (".tif", ".tiff"), "ico": (".ico",)}


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGBA").tobytes()


@pytest.mark.parametrize("kind,name", [(k, n) for k, names in NAMES.items() for n in names])
def test_a_picture_leaves_without_its_metadata_whatever_its_name(kind, name):
    data = LOCATED[kind]()
    assert [sign for sign in SIGNS if sign in data]            # it did say where
    made = bare(data, "picture" + name)
    assert made is not None and sniffed(made[:32]) == kind
    assert not [sign for sign in SIGNS if sign in made]
    with Image.open(io.BytesIO(made)) as image:
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
        assert "comment" not in image.info and "exif" not in image.info
    assert pixels(made) == pixels(data)                        # the picture itself is as it was


def test_a_picture_without_metadata_keeps_its_very_bytes():
    for file in sorted((PROJECT / "static").rglob("*")):
        if file.is_file():
            assert bare(file.read_bytes(), file.name) in (None, file.read_bytes()), file.name
    for data in (saved(picture(), "JPEG"), saved(picture(), "PNG"), saved(picture(), "WEBP"),
                 saved(picture("P"), "GIF")):
        assert bare(data, "x") == data
    assert bare(b"body { color: red }", "site.css") is None
    assert bare(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "favicon.svg") is None


@pytest.mark.parametrize("data,name", [
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(40), "photo.heic"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(40), "photo.jpg"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + bytes(40), "photo.avif"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n" + bytes(40), "photo.jxl"),
    (b"8BPS\x00\x01" + bytes(40), "photo.psd"),
    (b"not a picture at all, but named like one", "photo.heic"),
    (b"not a picture at all, but named like one", "photo.tga"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "cut.jpg"),
])
def test_a_picture_that_cannot_be_cleaned_is_refused(data, name):
    with pytest.raises(NotClean):
        bare(data, name)


def test_the_build_publishes_a_second_copy_of_a_photo_bare_and_stops_at_a_heic(tmp_path, capsys):
    site = copy_site("tiny", tmp_path / "site")
    (site / "static/img/prisoners/ivan-held-copy.jpg").write_bytes(jpeg_with_everything())
    (site / "static/img/banner.png").write_bytes(png_with_everything())
    out = tmp_path / "public"
    assert main(["build", "--source", str(site), "--out", str(out), "--as-of", AS_OF], environ={}) == 0
    for rel in ("static/img/prisoners/ivan-held-copy.jpg", "static/img/banner.png"):
        published = (out / rel).read_bytes()
        assert not [sign for sign in SIGNS if sign in published], rel
    for name in ("favicon.svg", "favicon-32.png", "icon-192.png"):   # nothing to take away
        assert (out / "static/img" / name).read_bytes() == (PROJECT / "static/img" / name).read_bytes()
    (site / "static/img/from-a-phone.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(40))
    capsys.readouterr()
    assert main(["build", "--source", str(site), "--out", str(tmp_path / "again"), "--as-of", AS_OF],
                environ={}) == 1
    said = capsys.readouterr()
    assert "static/img/from-a-phone.heic: this picture cannot be published" in said.out + said.err
    assert not (tmp_path / "again").exists()


def test_the_quick_check_of_kept_renditions_tells_bare_from_not():
    from vigil.media.bare import is_bare
    for kind in ("JPEG", "WEBP"):
        clean = saved(picture(), kind, **({"progressive": True} if kind == "JPEG" else {}))
        assert is_bare(clean) and is_bare(bare(LOCATED[kind.lower()](), "x"))
        assert not is_bare(LOCATED[kind.lower()]())
    clean = saved(picture(), "JPEG")
    assert not is_bare(clean + saved(picture(), "JPEG", exif=gps_exif()))    # a picture after it
    assert not is_bare(saved(picture(), "PNG"))
