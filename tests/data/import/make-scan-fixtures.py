#!/usr/bin/python3
"""make-scan-fixtures.py - render the PDF and scan fixtures of the import suites.

Run once at fixture-creation time (the outputs are committed; CI never runs
this):  /usr/bin/python3 tests/data/import/make-scan-fixtures.py

Needs Debian's python3-gi, python3-gi-cairo, gir1.2-pango-1.0, python3-cairo, python3-yaml and
fonts-liberation. Lays out pacts/2024.yaml as the signed paper looks (national
motto, place and date, title, bloc, preamble, numbered clauses with their
commitments run together in one paragraph, closing, signature block, page
numbers "- 2 -" from the second page) with Pango, and writes:

  pact-2024.pdf        A4, Liberation Serif 13 pt, text layer, 3 pages
  pact-2024-scan.png   the whole pact on ONE A4 page (10 pt), rasterised at
                       200 dpi in grey, turned 0.3 degree like a sheet on a
                       scanner; pHYs says 200 dpi
  scan-header.pdf      image-only PDF: the top of the scan as a picture, no
                       text layer (the OCR path of the PDF reader)
  long-10-pages.pdf    an 11-page text PDF (the clauses repeated) for timing
  encrypted.pdf        pact-2024.pdf with a user password (qpdf, Debian qpdf)
"""
import math
import os
import struct
import subprocess
import zlib

import cairo
import gi
import yaml

gi.require_version("Pango", "1.0")
gi.require_version("PangoCairo", "1.0")
gi.require_foreign("cairo")
from gi.repository import Pango, PangoCairo  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
SCAN_PT = float(os.environ.get("SCAN_PT", "10"))


def paragraphs(doc, repeat=1):
    """(text, style) in reading order; style: center, right, bold, body."""
    d = doc["signed"]["date"]
    out = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center-bold"),
        ("Độc lập - Tự do - Hạnh phúc", "center-bold"),
        ("%s, ngày %02d tháng %d năm %d" % (doc["signed"]["place"], d.day, d.month, d.year),
         "right-italic"),
        (doc["title"].upper(), "center-bold"),
        (doc["bloc"], "center-bold"),
        (doc["preamble"], "body"),
    ]
    n = 0
    for _ in range(repeat):
        for c in doc["clauses"]:
            n += 1
            out.append(("%d. %s" % (n, " ".join(c["commitments"])), "body"))
    out.append((doc["closing"], "body"))
    out.append(("ĐẠI DIỆN CÁC CƠ QUAN THÀNH VIÊN", "center-bold"))
    for m in doc["members"]:
        out.append(("TM. " + m["name"].upper(), "center"))
    return out


def layout_for(ctx, text, style, width, size, spacing=0.0):
    lay = PangoCairo.create_layout(ctx)
    # points are points: PangoCairo assumes 96 dpi unless told
    PangoCairo.context_set_resolution(lay.get_context(), 72)
    lay.context_changed()
    font = Pango.FontDescription("Liberation Serif %g" % size)
    if "bold" in style:
        font.set_weight(Pango.Weight.BOLD)
    if "italic" in style:
        font.set_style(Pango.Style.ITALIC)
    lay.set_font_description(font)
    lay.set_width(int(width * Pango.SCALE))
    lay.set_wrap(Pango.WrapMode.WORD)
    if style.startswith("center"):
        lay.set_alignment(Pango.Alignment.CENTER)
    elif style.startswith("right"):
        lay.set_alignment(Pango.Alignment.RIGHT)
    else:
        lay.set_justify(True)
        lay.set_indent(int(10 * MM * Pango.SCALE))
    lay.set_text(text, -1)
    return lay


def render(ctx, paras, size, margins, new_page, page_numbers=True, spacing=0.0, gap=0.45):
    """Lay out paragraphs line by line over pages; new_page() starts one."""
    top, right, bottom, left = margins
    width = A4[0] - left - right
    y = top
    page = 1
    gap = size * gap
    for text, style in paras:
        lay = layout_for(ctx, text, style, width, size, spacing)
        it = lay.get_iter()
        while True:
            line = it.get_line_readonly()
            ink, logical = it.get_line_extents()
            baseline = it.get_baseline() / Pango.SCALE
            ltop = logical.y / Pango.SCALE
            h = spacing * size if spacing else logical.height / Pango.SCALE
            if y + h > A4[1] - bottom:
                new_page()
                page += 1
                y = top
                if page_numbers:
                    num = layout_for(ctx, "- %d -" % page, "center", width, size)
                    ctx.move_to(left, top - 2.2 * size)
                    PangoCairo.show_layout(ctx, num)
            x = left + logical.x / Pango.SCALE
            ctx.move_to(x, y + (baseline - ltop))
            PangoCairo.show_layout_line(ctx, line)
            y += h
            if not it.next_line():
                break
        y += gap
    return page


def write_pdf(path, paras, size, margins):
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    ctx.set_source_rgb(0, 0, 0)
    pages = render(ctx, paras, size, margins, ctx.show_page)
    surf.finish()
    return pages


def grey_png(rows, w, h, path, dpi):
    """An 8-bit greyscale PNG with a pHYs chunk (cairo writes neither)."""
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    ppm = int(round(dpi / 0.0254))
    raw = b"".join(b"\x00" + rows(y) for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def scan(paras, dpi, path):
    w, h = int(round(A4[0] / 72 * dpi)), int(round(A4[1] / 72 * dpi))
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    ctx = cairo.Context(surf)
    ctx.set_source_rgb(0.96, 0.96, 0.95)  # paper
    ctx.paint()
    ctx.scale(dpi / 72, dpi / 72)
    ctx.translate(A4[0] / 2, A4[1] / 2)
    ctx.rotate(math.radians(0.3))
    ctx.translate(-A4[0] / 2, -A4[1] / 2)
    ctx.set_source_rgb(0.08, 0.08, 0.1)  # ink

    def overflow():
        raise SystemExit("scan: the pact does not fit on one page")

    # tight lines (1.12 x the size) and paragraphs, so one page holds it all
    render(ctx, paras, SCAN_PT, (10 * MM, 10 * MM, 8 * MM, 12 * MM), overflow,
           spacing=1.12, gap=0.25)
    # grey: the green channel of RGB24 is a fair luminance for near-grey ink
    src, ss = surf.get_data(), surf.get_stride()
    grey_png(lambda y: bytes(src[y * ss + 1:y * ss + 4 * w:4]), w, h, path, dpi)
    return surf


def image_pdf(img, dpi, keep_fraction, path):
    """A PDF page that is only a picture: the top part of the scan."""
    w, h = img.get_width(), int(img.get_height() * keep_fraction)
    top = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    c = cairo.Context(top)
    c.set_source_surface(img, 0, 0)
    c.paint()
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    ctx.scale(72 / dpi, 72 / dpi)
    ctx.set_source_surface(top, 0, 0)
    ctx.paint()
    surf.finish()


def main():
    with open(os.path.join(ROOT, "pacts", "2024.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    paras = paragraphs(doc)
    margins = (20 * MM, 15 * MM, 20 * MM, 30 * MM)  # Decree 30/2020 layout
    n = write_pdf(os.path.join(HERE, "pact-2024.pdf"), paras, 13, margins)
    print("pact-2024.pdf: %d pages" % n)
    img = scan(paras, 200, os.path.join(HERE, "pact-2024-scan.png"))
    print("pact-2024-scan.png: 1 page at 200 dpi")
    image_pdf(img, 200, 0.196, os.path.join(HERE, "scan-header.pdf"))
    print("scan-header.pdf: image only")
    n = write_pdf(os.path.join(HERE, "long-10-pages.pdf"), paragraphs(doc, repeat=7), 13,
                  margins)
    print("long-10-pages.pdf: %d pages" % n)
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "256", "--",
                    os.path.join(HERE, "pact-2024.pdf"), os.path.join(HERE, "encrypted.pdf")],
                   check=True)
    print("encrypted.pdf: user password 'secret'")


if __name__ == "__main__":
    main()
