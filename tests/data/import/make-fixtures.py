#!/usr/bin/python3
"""Make the Word and OpenDocument fixtures of tests/test_import.c.

Run once at test-data creation time (needs python3-docx, Debian package
python3-docx; run with /usr/bin/python3); the generated files are committed,
so the test suite does not need Python:

    /usr/bin/python3 tests/data/import/make-fixtures.py

The pact is the same as typed-2025.txt, so the same expectations hold:
  typed-2025.docx  numbers typed into the text ("1. Về ...", "a) ..."),
                   header and signature block in tables, page number in
                   the footer
  auto-2025.docx   Word's automatic numbering: the clause numbers (1., 2.)
                   and the sub-items (a), b)) come from numbering.xml, not
                   from the text
  auto-2025.odt    the same with OpenDocument lists (LibreOffice Writer)
"""
import os
import zipfile

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = [("KHỐI THI ĐUA CÁC CƠ QUAN\nLĨNH VỰC NỘI CHÍNH",
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")]
DATE = "Lạng Sơn, ngày 14 tháng 3 năm 2025"
TITLE = ["BẢN GIAO ƯỚC THI ĐUA", "NĂM 2025"]
BLOC = "Khối thi đua Các cơ quan lĩnh vực nội chính"
PREAMBLE = ("Thực hiện Kế hoạch tổ chức phong trào thi đua năm 2025 của Ủy ban nhân dân "
            "tỉnh, đại diện lãnh đạo 04 cơ quan thành viên của Khối thi đua gồm: Sở Tư pháp, "
            "Thanh tra tỉnh, Sở Nội vụ, Công an tỉnh thống nhất ký kết giao ước thi đua năm "
            "2025 với các nội dung sau:")
CLAUSES = [
    ("Về công tác lãnh đạo, chỉ đạo", [
        "Quán triệt, triển khai kịp thời các chủ trương của Đảng, chính sách, pháp luật của "
        "Nhà nước đến toàn thể cán bộ, công chức.",
        "Xây dựng kế hoạch công tác năm 2025 sát với thực tế; hoàn thành 100% nhiệm vụ được giao.",
        "Tổ chức sơ kết, tổng kết đúng thời gian quy định."]),
    ("Về công tác chuyên môn", [
        "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được Ủy ban nhân dân tỉnh giao.",
        "Đẩy mạnh cải cách hành chính, nâng cao chỉ số hài lòng của người dân.",
        "Ứng dụng công nghệ thông tin trong quản lý, điều hành; thực hiện số hóa hồ sơ, tài "
        "liệu theo lộ trình."]),
    ("Về công tác thi đua, khen thưởng", [
        "Phát động các phong trào thi đua thiết thực, hiệu quả, gắn với nhiệm vụ chính trị của "
        "từng cơ quan.",
        "Phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến."]),
    ("Về xây dựng tổ chức đảng và đoàn thể", [
        "Xây dựng tổ chức đảng trong sạch, vững mạnh; các đoàn thể hoàn thành xuất sắc nhiệm vụ.",
        "Thực hiện tốt quy chế dân chủ ở cơ sở."]),
]
CLOSING = ("Trên đây là Bản giao ước thi đua năm 2025 của Khối thi đua Các cơ quan lĩnh vực "
           "nội chính. Các cơ quan thành viên cam kết thực hiện nghiêm túc các nội dung đã ký "
           "kết./.")
SIGNATURES = [("TM. SỞ TƯ PHÁP\nGIÁM ĐỐC\n\nNguyễn Văn Bình",
               "TM. THANH TRA TỈNH\nCHÁNH THANH TRA\n\nTrần Thị Hoa"),
              ("TM. SỞ NỘI VỤ\nGIÁM ĐỐC\n\nLê Văn Cường",
               "TM. CÔNG AN TỈNH\nGIÁM ĐỐC\n\nPhạm Quốc Dũng")]
LETTERS = "abcdefghiklmn"


def cell_text(cell, text):
    """Lines of a cell as one paragraph with manual line breaks (w:br)."""
    p = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        run = p.add_run()
        if i:
            run.add_break()
        run.add_text(line)


def head(d):
    t = d.add_table(rows=1, cols=2)
    cell_text(t.rows[0].cells[0], HEADER[0][0])
    cell_text(t.rows[0].cells[1], HEADER[0][1])
    d.add_paragraph(DATE)
    for line in TITLE:
        d.add_paragraph(line).runs[0].bold = True
    d.add_paragraph(BLOC)
    d.add_paragraph(PREAMBLE)


def tail(d):
    d.add_paragraph(CLOSING)
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate(SIGNATURES):
        for c, text in enumerate(row):
            cell_text(t.rows[r].cells[c], text)
    d.add_paragraph("Nơi nhận:")
    for line in ["- UBND tỉnh;", "- Ban Thi đua - Khen thưởng tỉnh;", "- Lưu: VT."]:
        d.add_paragraph(line)


def page_number_footer(d):
    p = d.sections[0].footer.paragraphs[0]
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)


def typed_docx(path):
    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(14)
    head(d)
    for n, (title, items) in enumerate(CLAUSES, 1):
        d.add_paragraph(f"{n}. {title}").runs[0].bold = True
        for k, item in enumerate(items):
            d.add_paragraph(f"{LETTERS[k]}) {item}")
    tail(d)
    page_number_footer(d)
    d.save(path)


def add_numbering(d):
    """A two-level list: "1." then "a)"; returns its w:numId."""
    numbering = d.part.numbering_part.element
    absn = OxmlElement("w:abstractNum")
    absn.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in ((0, "decimal", "%1."), (1, "lowerLetter", "%2)")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        absn.append(lvl)
    # abstractNum elements must come before num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return "90"


def numbered(d, text, num_id, ilvl):
    p = d.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    npr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(ilvl)), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        npr.append(el)
    ppr.append(npr)
    return p


def auto_docx(path):
    d = docx.Document()
    num_id = add_numbering(d)
    head(d)
    for title, items in CLAUSES:
        numbered(d, title, num_id, 0).runs[0].bold = True
        for item in items:
            numbered(d, item, num_id, 1)
    tail(d)
    page_number_footer(d)
    d.save(path)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def odt(path):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')

    def p(text):
        return "<text:p>" + "<text:line-break/>".join(esc(x) for x in text.split("\n")) + "</text:p>"

    def table(rows):
        out = ["<table:table>"]
        for row in rows:
            out.append("<table:table-row>")
            for cell in row:
                out.append("<table:table-cell>" + p(cell) + "</table:table-cell>")
            out.append("</table:table-row>")
        out.append("</table:table>")
        return "".join(out)

    body = [table(HEADER), p(DATE)] + [p(x) for x in TITLE] + [p(BLOC), p(PREAMBLE)]
    body.append('<text:list text:style-name="L1">')
    for title, items in CLAUSES:
        body.append("<text:list-item>" + p(title) + "<text:list>")
        body.extend("<text:list-item>" + p(i) + "</text:list-item>" for i in items)
        body.append("</text:list></text:list-item>")
    body.append("</text:list>")
    body += [p(CLOSING), table(SIGNATURES), p("Nơi nhận:"), p("- UBND tỉnh;"), p("- Lưu: VT.")]
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} '
               'office:version="1.2"><office:automatic-styles>'
               '<text:list-style style:name="L1">'
               '<text:list-level-style-number text:level="1" style:num-suffix="." '
               'style:num-format="1"/>'
               '<text:list-level-style-number text:level="2" style:num-suffix=")" '
               'style:num-format="a"/>'
               '</text:list-style></office:automatic-styles>'
               '<office:body><office:text>' + "".join(body) +
               '</office:text></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    typed_docx(os.path.join(HERE, "typed-2025.docx"))
    auto_docx(os.path.join(HERE, "auto-2025.docx"))
    odt(os.path.join(HERE, "auto-2025.odt"))
