"""PDF/A-2b conformance of an official copy, checked object by object with pikepdf.

veraPDF, the reference validator, is a Java program that no package
registry we install from carries. violations() checks the rules of ISO
19005-2 (as veraPDF's PDF/A-2B profile words them) that can be decided from
the objects of the file, and returns each breach as "clause rule: where"
in English, for logs and tests, e.g. "6.2.8 Interpolate: image 12 0 R".

Checked, over every object of the file and every content stream (pages,
form XObjects with the annotations' appearances, tiling patterns, Type 3
glyphs):
- 6.1.2 header; 6.1.3 trailer ID, no encryption, nothing after %%EOF; 6.1.7 no external streams,
  no LZW or Crypt filters; 6.1.12 permissions;
- 6.2.2 content operators; 6.2.3 output intent with a DestOutputProfile,
  one profile for all; 6.2.4.3 device colour spaces (operators, images,
  inline images, resources, groups, shadings) covered by the output
  intent: DeviceRGB by an RGB profile, DeviceCMYK by a CMYK one, DeviceGray
  by any; 6.2.5 graphics states (TR, TR2, HTP, halftones); 6.2.6 rendering
  intents; 6.2.8 images (Alternates, OPI, Interpolate, bit depth);
  6.2.9 PostScript and OPI XObjects; 6.2.10 blend modes and soft masks;
  6.2.11 fonts: every font but Type 3 embedded (FontFile, FontFile2 or
  FontFile3), CIDToGIDMap of embedded CIDFontType2;
- 6.3 annotation types, print flag, appearance streams (the signature
  widget's included); 6.4 forms: NeedAppearances, XFA, widget actions,
  DocMDP digests; 6.5 forbidden actions, JavaScript, additional actions;
- 6.6 XMP metadata in the catalog, its xpacket, pdfaid part 2 and
  conformance B, and the Info entries agreeing with their XMP properties;
- 6.8 embedded files; 6.9 optional content names; 6.10 alternate
  presentations; 6.11 Requirements.

Not covered, which veraPDF would check: the fonts' programs themselves
(glyph widths against the W and Widths arrays, 6.2.11.5; .notdef used in
text, 6.2.11.8; symbolic TrueType cmaps, 6.2.11.6; CMap and CIDSystemInfo
agreement, 6.2.11.3), ICC profiles' validity and version (6.2.4.2), JPEG
2000 internals (6.2.8.3), a DefaultRGB or DefaultCMYK resource making a
device space acceptable (treated as not), the XMP's schemas beyond the
properties named above (6.6.2.3 extension schemas), implementation limits
(6.1.13), cross-reference and string syntax (6.1.4–6.1.6, 6.1.8), and
files embedded in the file being PDF/A themselves (any is reported).
"""

import datetime
import io
import re

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

STANDARD_BLEND_MODES = {
    "/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
    "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
    "/Hue", "/Saturation", "/Color", "/Luminosity",
}  # fmt: skip
RENDERING_INTENTS = {
    "/RelativeColorimetric", "/AbsoluteColorimetric", "/Perceptual", "/Saturation",
}  # fmt: skip
FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie", "/RichMedia"}
FORBIDDEN_ACTIONS = {
    "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide", "/SetOCGState",
    "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript", "/RichMediaExecute",
}  # fmt: skip
ACTION_TYPES = FORBIDDEN_ACTIONS | {"/Named"}
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
# Annotation flags: Invisible, Hidden, Print, NoView, ToggleNoView.
INVISIBLE, HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 1, 2, 4, 32, 256
# The operators of ISO 32000-1, Annex A.
OPERATOR_NAMES = (
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID "
    "j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr "
    "Ts Tw Tz v w W W* y ' \""
)
OPERATORS = set(OPERATOR_NAMES.split())
# The colour operators and the device space each sets.
DEVICE_OPERATORS = {
    "rg": "/DeviceRGB", "RG": "/DeviceRGB", "k": "/DeviceCMYK", "K": "/DeviceCMYK",
    "g": "/DeviceGray", "G": "/DeviceGray",
}  # fmt: skip
INLINE_SPACES = {"/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/G": "/DeviceGray"}
DEVICE_SPACES = {"/DeviceRGB", "/DeviceCMYK", "/DeviceGray"}
# The ICC colour space an output intent's profile must have for each device space.
INTENT_SPACE_FOR = {"/DeviceRGB": {"RGB"}, "/DeviceCMYK": {"CMYK"}, "/DeviceGray": None}
# Info entries and the XMP properties that must agree with them (6.6.2.3.1).
INFO_TO_XMP = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}
_XPACKET_ATTRIBUTES = re.compile(rb"<\?xpacket[^>]*\b(bytes|encoding)=")


def violations(pdf: bytes) -> list[str]:
    """The PDF/A-2b rules `pdf` breaks, each once per object, in the order found."""
    found: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)%[\x80-\xff]{4}", pdf[:32]):
        found.append("6.1.2 header: no %PDF-1.n line followed by a comment of 4 binary bytes")
    if not re.search(rb"%%EOF(\r\n|\r|\n)?\Z", pdf[-16:]):
        found.append("6.1.3 end of file: data after the last %%EOF")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _Checker(document, found).run()
    return list(dict.fromkeys(found))


def _where(obj) -> str:
    if getattr(obj, "is_indirect", False) and obj.objgen != (0, 0):
        return f"{obj.objgen[0]} {obj.objgen[1]} R"
    return "a direct object"


class _Checker:
    def __init__(self, document: pikepdf.Pdf, found: list[str]):
        self.document = document
        self.found = found
        self.intent_space = None  # the output intent profile's space: "RGB ", "CMYK", "GRAY"

    def add(self, clause: str, obj=None, detail: str = "") -> None:
        where = detail or (_where(obj) if obj is not None else "the document")
        self.found.append(f"{clause}: {where}")

    def run(self) -> None:
        document = self.document
        self.check_trailer()
        self.check_catalog(document.Root)
        self.check_output_intents(document.Root)
        for obj in document.objects:
            if isinstance(obj, pikepdf.Stream):
                self.check_stream(obj)
                # Form XObjects (annotation appearances among them) and tiling patterns.
                if obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1:
                    self.check_content(obj, f"form {_where(obj)}")
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                self.check_dictionary(obj)
        for number, page in enumerate(document.pages, start=1):
            self.check_page(page.obj, number)
        self.check_metadata(document)

    # 6.1: file structure
    def check_trailer(self) -> None:
        trailer = self.document.trailer
        identifier = trailer.get("/ID")
        if not isinstance(identifier, pikepdf.Array) or len(identifier) != 2:
            self.add("6.1.3 trailer ID", detail="the trailer has no ID of two strings")
        if "/Encrypt" in trailer or self.document.is_encrypted:
            self.add("6.1.3 Encrypt", detail="the file is encrypted")

    def check_stream(self, stream: pikepdf.Stream) -> None:
        for key in ("/F", "/FFilter", "/FDecodeParms"):
            if key in stream.stream_dict:
                self.add(f"6.1.7.1 stream {key[1:]}", stream)
        filters = stream.stream_dict.get("/Filter")
        names = [str(name) for name in filters] if isinstance(filters, pikepdf.Array) else []
        if isinstance(filters, pikepdf.Name):
            names = [str(filters)]
        for name in names:
            if name in ("/LZWDecode", "/LZW"):
                self.add("6.1.7.2 LZWDecode", stream)
            if name == "/Crypt":
                self.add("6.1.7.2 Crypt filter", stream)

    def check_catalog(self, root) -> None:
        if "/AA" in root:
            self.add("6.5.2 catalog AA", detail="the catalog has additional actions")
        if "/Requirements" in root:
            self.add("6.11 Requirements", detail="the catalog has Requirements")
        if root.get("/NeedsRendering") is True:
            self.add("6.4.2 NeedsRendering", detail="the catalog asks for XFA rendering")
        permissions = root.get("/Perms")
        if permissions is not None and set(permissions.keys()) - {"/DocMDP", "/UR3"}:
            self.add("6.1.12 Perms", detail="the catalog's Perms hold other than DocMDP and UR3")
        names = root.get("/Names")
        if names is not None:
            for key, clause in (
                ("/JavaScript", "6.5.1 JavaScript"),
                ("/EmbeddedFiles", "6.8 embedded files"),
                ("/AlternatePresentations", "6.10 AlternatePresentations"),
            ):
                if key in names:
                    self.add(clause, detail=f"the catalog's Names hold {key[1:]}")
        form = root.get("/AcroForm")
        if form is not None:
            if form.get("/NeedAppearances") is True:
                self.add("6.4.1 NeedAppearances", detail="the AcroForm says NeedAppearances true")
            if "/XFA" in form:
                self.add("6.4.2 XFA", detail="the AcroForm holds XFA")
        properties = root.get("/OCProperties")
        if properties is not None:
            configurations = [properties.get("/D"), *properties.get("/Configs", [])]
            for configuration in filter(None, configurations):
                if "/Name" not in configuration:
                    self.add("6.9 optional content configuration Name", configuration)
                if "/AS" in configuration:
                    self.add("6.9 optional content AS", configuration)

    def check_output_intents(self, root) -> None:
        intents = [
            intent for intent in root.get("/OutputIntents", []) if intent.get("/S") == "/GTS_PDFA1"
        ]
        if not intents:
            self.add("6.2.3 output intent", detail="no GTS_PDFA1 output intent")
            return
        profiles = [intent.get("/DestOutputProfile") for intent in intents]
        if not all(isinstance(profile, pikepdf.Stream) for profile in profiles):
            self.add("6.2.3 DestOutputProfile", detail="an output intent has no profile")
            return
        if len({profile.objgen for profile in profiles}) > 1:
            self.add("6.2.3 output intents", detail="the output intents differ in profile")
        header = intents[0].DestOutputProfile.read_bytes()[:20]
        self.intent_space = header[16:20].decode("latin-1").strip() if len(header) == 20 else ""

    # Every dictionary and stream of the file, by what it is.
    def check_dictionary(self, obj) -> None:
        kind = obj.get("/Type")
        subtype = obj.get("/Subtype")
        if kind == "/ExtGState":
            self.check_graphics_state(obj)
        if subtype == "/Image":
            self.check_image(obj)
        elif (kind == "/XObject" and subtype == "/PS") or ("/PS" in obj and subtype == "/Form"):
            self.add("6.2.9 PostScript XObject", obj)
        elif subtype == "/Form":
            if obj.get("/Subtype2") == "/PS":
                self.add("6.2.9 PostScript XObject", obj)
            if "/OPI" in obj:
                self.add("6.2.9 OPI", obj)
        if kind == "/Font":
            self.check_font(obj)
        if kind == "/Annot":
            self.check_annotation(obj)
        # Actions need no Type; no other dictionary's S (groups, masks, tags) takes these names.
        if "/S" in obj and (kind == "/Action" or str(obj.S) in ACTION_TYPES):
            self.check_action(obj)
        if "/FT" in obj and "/AA" in obj:
            self.add("6.4.1 form field AA", obj)
        if kind == "/Filespec" and ("/EF" in obj):
            self.add("6.8 embedded file", obj)
        if kind == "/OCG" and "/Name" not in obj:
            self.add("6.9 optional content group Name", obj)
        if "/Reference" in obj and obj.get("/Type") == "/Sig":
            for reference in obj.Reference:
                if {"/DigestLocation", "/DigestMethod", "/DigestValue"} & set(reference.keys()):
                    self.add("6.4.2 DocMDP digest", obj)
        if "/Group" in obj:
            self.check_group(obj.Group)
        if "/ShadingType" in obj and "/ColorSpace" in obj:
            self.check_colour_space(obj.ColorSpace, obj)
        resources = obj.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            for space in resources.get("/ColorSpace", {}).values():
                self.check_colour_space(space, obj)

    def check_graphics_state(self, state) -> None:
        if "/TR" in state:
            self.add("6.2.5 TR", state)
        if "/TR2" in state and state.TR2 != "/Default":
            self.add("6.2.5 TR2", state)
        if "/HTP" in state:
            self.add("6.2.5 HTP", state)
        halftone = state.get("/HT")
        if isinstance(halftone, pikepdf.Dictionary):
            if int(halftone.get("/HalftoneType", 1)) not in (1, 5):
                self.add("6.2.5 HalftoneType", state)
            if "/HalftoneName" in halftone:
                self.add("6.2.5 HalftoneName", state)
        if "/RI" in state and str(state.RI) not in RENDERING_INTENTS:
            self.add("6.2.6 rendering intent", state)
        blend = state.get("/BM", pikepdf.Name.Normal)
        blends = list(blend) if isinstance(blend, pikepdf.Array) else [blend]
        if any(str(mode) not in STANDARD_BLEND_MODES for mode in blends):
            self.add("6.2.10 blend mode", state)
        mask = state.get("/SMask")
        if isinstance(mask, pikepdf.Dictionary) and str(mask.get("/S")) not in (
            "/Luminosity",
            "/Alpha",
        ):
            self.add("6.2.10 soft mask", state)

    def check_image(self, image) -> None:
        if "/Alternates" in image:
            self.add("6.2.8 Alternates", image)
        if "/OPI" in image:
            self.add("6.2.8 OPI", image)
        if image.get("/Interpolate") is True:
            self.add("6.2.8 Interpolate", image)
        if "/Intent" in image and str(image.Intent) not in RENDERING_INTENTS:
            self.add("6.2.6 rendering intent", image)
        bits = image.get("/BitsPerComponent")
        if bits is not None and int(bits) not in (1, 2, 4, 8, 16):
            self.add("6.2.8 BitsPerComponent", image)
        if "/ColorSpace" in image:
            self.check_colour_space(image.ColorSpace, image)

    def check_colour_space(self, space, owner) -> None:
        """A colour space (a name or an array) and the spaces it is based on."""
        if isinstance(space, pikepdf.Name):
            name = str(space)
            if name in DEVICE_SPACES:
                self.check_device_space(name, owner)
            return
        if not isinstance(space, pikepdf.Array) or not len(space):
            return
        family = str(space[0])
        if family == "/Indexed" and len(space) > 1:
            self.check_colour_space(space[1], owner)
        elif family in ("/Separation", "/DeviceN") and len(space) > 2:
            self.check_colour_space(space[2], owner)
        elif family == "/Pattern" and len(space) > 1:
            self.check_colour_space(space[1], owner)
        elif family in DEVICE_SPACES:
            self.check_device_space(family, owner)

    def check_device_space(self, name: str, owner) -> None:
        if self.intent_space is None:
            self.add("6.2.4.3 device colour space", owner, f"{name[1:]} without an output intent")
            return
        needed = INTENT_SPACE_FOR[name]
        if needed is not None and self.intent_space not in needed:
            self.add(
                "6.2.4.3 device colour space",
                owner,
                f"{name[1:]} in {_where(owner)} under a {self.intent_space} output intent",
            )

    def check_group(self, group) -> None:
        if not isinstance(group, pikepdf.Dictionary) or group.get("/S") != "/Transparency":
            return
        if "/CS" in group:
            self.check_colour_space(group.CS, group)
        elif self.intent_space is None:
            self.add("6.2.10 transparency group CS", group)

    def check_font(self, font) -> None:
        subtype = font.get("/Subtype")
        if subtype == "/Type0":
            for descendant in font.get("/DescendantFonts", []):
                self.check_font(descendant)
            return
        if subtype == "/Type3":
            for glyph in font.get("/CharProcs", {}).values():
                self.check_content(glyph, f"Type 3 glyph {_where(glyph)}")
            return
        descriptor = font.get("/FontDescriptor")
        if not isinstance(descriptor, pikepdf.Dictionary) or not any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            name = str(font.get("/BaseFont", ""))[1:]
            self.add("6.2.11.4.1 font not embedded", font, f"font {name} ({_where(font)})")
        elif subtype == "/CIDFontType2" and "/CIDToGIDMap" not in font:
            self.add("6.2.11.3.2 CIDToGIDMap", font)

    def check_annotation(self, annotation) -> None:
        subtype = str(annotation.get("/Subtype", ""))
        if subtype in FORBIDDEN_ANNOTATIONS:
            self.add(f"6.3.1 annotation {subtype[1:]}", annotation)
        if subtype == "/FileAttachment":
            self.add("6.8 embedded file", annotation)
        if subtype != "/Popup":
            flags = int(annotation.get("/F", 0))
            if not flags & PRINT or flags & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW):
                self.add("6.3.2 annotation flags", annotation)
        rect = [float(value) for value in annotation.get("/Rect", [0, 0, 0, 0])]
        zero_area = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
        appearance = annotation.get("/AP")
        if appearance is None:
            if subtype not in ("/Popup", "/Link", "/Projection") and not zero_area:
                self.add("6.3.3 appearance stream", annotation)
        else:
            if set(appearance.keys()) != {"/N"}:
                self.add("6.3.3 appearance N only", annotation)
            parent = annotation.get("/Parent")
            is_button = annotation.get("/FT") == "/Btn" or (
                isinstance(parent, pikepdf.Dictionary) and parent.get("/FT") == "/Btn"
            )
            # A button's normal appearance is a dictionary of its states; any other's a stream.
            if is_button == isinstance(appearance.get("/N"), pikepdf.Stream):
                self.add("6.3.3 appearance stream kind", annotation)
        if subtype == "/Widget" and ("/A" in annotation or "/AA" in annotation):
            self.add("6.4.1 widget actions", annotation)
        if "/AA" in annotation and subtype != "/Widget":
            self.add("6.5.2 annotation AA", annotation)

    def check_action(self, action) -> None:
        kind = str(action.get("/S", ""))
        if kind in FORBIDDEN_ACTIONS:
            self.add(f"6.5.1 action {kind[1:]}", action)
        if kind == "/Named" and str(action.get("/N", "")) not in NAMED_ACTIONS:
            self.add("6.5.1 named action", action)

    def check_page(self, page, number: int) -> None:
        if "/AA" in page:
            self.add("6.5.2 page AA", page, f"page {number}")
        if "/PresSteps" in page:
            self.add("6.10 PresSteps", page, f"page {number}")
        self.check_content(pikepdf.Page(page), f"page {number}")
        for annotation in page.get("/Annots", []):
            self.check_annotation(annotation)

    def check_content(self, content, where: str) -> None:
        try:
            instructions = pikepdf.parse_content_stream(content)
        except pikepdf.PdfError as error:
            self.add("6.2.2 content stream", detail=f"{where} cannot be parsed ({error})")
            return
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                self.check_inline_image(instruction.iimage.obj, where)
                continue
            operator = str(instruction.operator)
            if operator not in OPERATORS:
                self.add("6.2.2 operator", detail=f"{operator} in {where}")
            elif operator in DEVICE_OPERATORS:
                self.check_device_space(DEVICE_OPERATORS[operator], None)
            elif operator in ("cs", "CS") and instruction.operands:
                name = str(instruction.operands[0])
                if name in DEVICE_SPACES:
                    self.check_device_space(name, None)
            elif (
                operator == "ri"
                and instruction.operands
                and str(instruction.operands[0]) not in RENDERING_INTENTS
            ):
                self.add("6.2.6 rendering intent", detail=where)

    def check_inline_image(self, image, where: str) -> None:
        space = image.get("/ColorSpace", image.get("/CS"))
        if isinstance(space, pikepdf.Name):
            name = INLINE_SPACES.get(str(space), str(space))
            if name in DEVICE_SPACES:
                self.check_device_space(name, None)
        if image.get("/Interpolate", image.get("/I")) is True:
            self.add("6.2.8 Interpolate", detail=f"an inline image in {where}")

    # 6.6: metadata
    def check_metadata(self, document: pikepdf.Pdf) -> None:
        stream = document.Root.get("/Metadata")
        if not isinstance(stream, pikepdf.Stream):
            self.add("6.6.2.1 Metadata", detail="the catalog has no XMP metadata stream")
            return
        if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
            self.add("6.6.2.1 Metadata Type", stream)
        if _XPACKET_ATTRIBUTES.search(stream.read_bytes()[:200]):
            self.add("6.6.2.1 xpacket", stream, "the xpacket header has bytes or encoding")
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            if str(xmp.get("pdfaid:part", "")) != "2":
                self.add("6.6.4 pdfaid:part", detail=f"part {xmp.get('pdfaid:part')!r}, not 2")
            if str(xmp.get("pdfaid:conformance", "")) != "B":
                self.add(
                    "6.6.4 pdfaid:conformance",
                    detail=f"conformance {xmp.get('pdfaid:conformance')!r}, not B",
                )
            info = document.trailer.get("/Info") or {}
            for key, name in INFO_TO_XMP.items():
                if key in info and not _agree(key, info[key], xmp.get(name)):
                    self.add("6.6.2.3.1 Info and XMP", detail=f"Info {key[1:]} and {name} differ")


def _agree(key: str, info_value, xmp_value) -> bool:
    if xmp_value is None:
        return False
    if key in ("/CreationDate", "/ModDate"):
        try:
            return decode_pdf_date(str(info_value)) == _xmp_date(str(xmp_value))
        except ValueError:
            return False
    if key == "/Author" and not isinstance(xmp_value, str):
        values = list(xmp_value)
        return len(values) == 1 and values[0] == str(info_value)
    return str(xmp_value) == str(info_value)


def _xmp_date(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
