"""Rebuild helpers/fonts/CourseSansSC-{Regular,Bold}.ttf, the Chinese font shipped with the project.

This script documents and reproduces how the bundled font was derived. It is NOT run in CI
(CI needs only the committed font files). Run it again when tests/test_chinese_charts.py
reports characters of the project that the font lacks:

    apt-get update && apt-get install -y fonts-noto-cjk     # Debian/Ubuntu, as root
    .venv/bin/python tools/build_font.py
    apt-get remove -y fonts-noto-cjk                        # keep the machine CJK-free, as CI is

It takes about 20 seconds. What it does, for the Regular and the Bold weight:

1. opens Debian's Noto Sans CJK collection (``NotoSansCJK-Regular.ttc`` /
   ``NotoSansCJK-Bold.ttc``, SIL OFL 1.1) and takes the Simplified Chinese face
   (family "Noto Sans CJK SC");
2. keeps only the characters the course needs: ASCII and Latin-1, general punctuation,
   arrows and mathematical operators (incl. the minus sign U+2212), common symbols
   (①…⑳, ●○■□▲△★☆√×÷°℃‰ ...), CJK symbols and punctuation, full-width forms, every
   character of GB2312 (6,763 hanzi plus its symbols, Greek, Cyrillic and kana), and every
   character that occurs in the project's own text files (*.py, *.ipynb, *.md, *.csv);
3. drops hinting, the vertical-writing tables and features, and the Japanese, Korean and
   Traditional glyph variants (feature 'locl'); keeps kerning and the other horizontal
   features;
4. converts the cubic CFF outlines to quadratic TrueType outlines (glyf), so that
   matplotlib can embed the font in PDF both as Type 3 (its default) and as Type 42 (a CFF
   font embedded as Type 42 gives a malformed PDF);
5. renames the family to "Course Sans SC": the OFL forbids a modified font to use a Reserved
   Font Name ("Source" is reserved by Adobe's Source Han Sans, which Noto Sans CJK is built
   from), and we also keep clear of the "Noto" trademark. Copyright, trademark and licence
   entries of the name table are kept;
6. writes the fonts and, next to them, OFL.txt: the licence text from Debian's copyright
   file of fonts-noto-cjk, headed by the font's copyright notices. It prints each font's
   size, glyph count and SHA-256 (the same input gives the same bytes).

Usage:
    python tools/build_font.py [--source-dir DIR] [--copyright FILE] [--out-dir DIR] [--root DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
DEFAULT_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
DEFAULT_OUT_DIR = ROOT / "helpers" / "fonts"
LICENCE_NAME = "OFL.txt"
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Course Sans SC"
# style -> collection file it is taken from
STYLES = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}

# Unicode ranges kept whole (first, last), inclusive; code points the source lacks are skipped.
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x2000, 0x206F),  # general punctuation: – — ‘ ’ “ ” … ‰ ※
    (0x2070, 0x209F),  # super- and subscripts
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x214F),  # letterlike symbols: ℃ № ™
    (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ Ⅲ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators, incl. U+2212 MINUS SIGN
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ... ⑳
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ △ ● ○
    (0x2600, 0x26FF),  # miscellaneous symbols: ★ ☆
    (0x2700, 0x27BF),  # dingbats
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、 。 《 》 【 】
    (0x3200, 0x32FF),  # enclosed CJK letters: ㈠ ㊀
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms: ， ！ （ ） ％ ￥
]

PROJECT_SUFFIXES = {".py", ".ipynb", ".md", ".csv"}
SKIP_DIRS = {".venv", ".git", "node_modules", "build", "dist", ".ipynb_checkpoints", ".hypothesis"}


def gb2312_chars() -> set[str]:
    """Every character of GB2312, found by decoding each valid two-byte code."""
    chars: set[str] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_chars(root: Path) -> set[str]:
    """Every non-ASCII character in the project's own text files."""
    chars: set[str] = set()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in files:
            if Path(name).suffix in PROJECT_SUFFIXES:
                text = Path(folder, name).read_text(encoding="utf-8", errors="ignore")
                chars.update(ch for ch in text if ord(ch) > 0x7E)
    return chars


def wanted_codepoints(project: set[str]) -> set[int]:
    """The code points the bundled font should cover (those the source lacks are skipped)."""
    points = {cp for first, last in RANGES for cp in range(first, last + 1)}
    points.update(ord(ch) for ch in gb2312_chars())
    points.update(ord(ch) for ch in project)
    return points


def load_sc_face(ttc_path: Path) -> TTFont:
    """The Simplified Chinese face of a Noto Sans CJK collection."""
    count = len(TTCollection(str(ttc_path), lazy=True).fonts)
    for number in range(count):
        font = TTFont(str(ttc_path), fontNumber=number, lazy=True)
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"no face named {SOURCE_FAMILY!r} in {ttc_path}")


def subset_font(font: TTFont, codepoints: set[int]) -> TTFont:
    """Keep only *codepoints* (those the font has), without hinting or vertical metrics."""
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    # Features a horizontal Simplified Chinese label can use. Leaving out 'locl' (the
    # Japanese, Korean and Traditional glyph forms) and the vertical-writing features
    # halves the glyph count and the file size.
    options.layout_features = ["ccmp", "liga", "kern", "mark", "mkmk"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    return font


def cff_to_glyf(font: TTFont, max_err: float = 1.0) -> TTFont:
    """Replace cubic CFF outlines by quadratic TrueType ones (after fontTools' otf2ttf snippet).

    *max_err* is the allowed deviation in font units (the em is 1000 units).
    """
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)  # computes bounding boxes

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1

    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def rename(font: TTFont, style: str, version: str) -> TTFont:
    """Give the derived font its own family name, keeping copyright and licence entries."""
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    names = {
        1: FAMILY,
        2: style,
        3: f"{version};{postscript};course-subset",
        4: f"{FAMILY} {style}",
        5: f"Version {version}; subset of Noto Sans CJK SC for a course companion",
        6: postscript,
        10: ("Subset of Noto Sans CJK SC (SIL OFL 1.1), renamed, outlines converted to "
             "TrueType. See helpers/fonts/SOURCE.md in the course project."),
    }
    table = font["name"]
    # Windows (Unicode, US English) entries only: every current system reads them, and
    # no localised or typographic family name of the source face survives.
    table.names = [n for n in table.names
                   if n.platformID == 3 and n.langID == 0x409 and n.nameID not in {16, 17, 21, 22}]
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
    return font


def licence_text(font: TTFont, debian_copyright: Path) -> str:
    """The OFL 1.1 text from Debian's copyright file, headed by the font's own notices."""
    lines = debian_copyright.read_text(encoding="utf-8").splitlines()
    # The full text is the stand-alone "License: SIL-1.1" paragraph (the last one so named;
    # the "Files:" paragraphs only name the licence).
    start = len(lines) - lines[::-1].index("License: SIL-1.1")
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    names = font["name"]
    header = [
        f"{FAMILY} (Regular, Bold) is a modified version of Noto Sans CJK SC: a subset,",
        "renamed, with its outlines converted to TrueType (see SOURCE.md). It is",
        "distributed under the same licence as the original.",
        "",
        f"Copyright notice in Noto Sans CJK SC: {names.getDebugName(0)}",
        f"{names.getDebugName(7)}",
        "Debian's copyright file of fonts-noto-cjk: Copyright 2010-2012, Google Corporation.",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at:",
        "https://openfontlicense.org",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def build_face(ttc: Path, style: str, out_dir: Path, codepoints: set[int]) -> TTFont:
    """Derive one weight; returns the source face (for its notices)."""
    source = load_sc_face(ttc)
    version = source["name"].getDebugName(5).split(";")[0].replace("Version ", "").strip()
    font = load_sc_face(ttc)
    subset_font(font, codepoints)
    cff_to_glyf(font)
    rename(font, style, version)
    out = out_dir / f"{FAMILY.replace(' ', '')}-{style}.ttf"
    font.recalcTimestamp = False  # keep upstream's date: same input, same bytes
    font.save(str(out))

    data = out.read_bytes()
    saved = TTFont(str(out))
    print(f"{out.name}: from {ttc.name} (face {SOURCE_FAMILY!r} {style}, version {version}); "
          f"{len(data):,} bytes; {saved['maxp'].numGlyphs:,} glyphs; "
          f"{len(saved.getBestCmap()):,} characters; sha256 {hashlib.sha256(data).hexdigest()}")
    return source


def build(source_dir: Path, out_dir: Path, root: Path, debian_copyright: Path) -> None:
    in_project = project_chars(root)
    codepoints = wanted_codepoints(in_project)
    out_dir.mkdir(parents=True, exist_ok=True)
    source = None
    for style, file_name in STYLES.items():
        source = build_face(source_dir / file_name, style, out_dir, codepoints)
    assert source is not None
    (out_dir / LICENCE_NAME).write_text(licence_text(source, debian_copyright), encoding="utf-8")
    cmap = source.getBestCmap()
    lacking = sorted(ch for ch in in_project if ord(ch) not in cmap)
    if lacking:
        print("project characters Noto Sans CJK SC lacks (emoji and the like; they stay "
              "uncovered): " + " ".join(f"{ch}(U+{ord(ch):04X})" for ch in lacking))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR,
                        help="folder with NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc")
    parser.add_argument("--copyright", type=Path, default=DEFAULT_COPYRIGHT,
                        help="Debian's copyright file of fonts-noto-cjk (holds the OFL text)")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder to scan for text")
    args = parser.parse_args(argv)
    needed = [args.source_dir / name for name in STYLES.values()] + [args.copyright]
    for path in needed:
        if not path.is_file():
            print(f"{path} not found: install Debian's fonts-noto-cjk (see the docstring)",
                  file=sys.stderr)
            return 1
    build(args.source_dir, args.out_dir, args.root, args.copyright)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
