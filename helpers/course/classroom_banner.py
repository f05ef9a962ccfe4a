"""The projector banner of the classroom server: the address and the class password in big letters.

A terminal on a projector is read from the back of the room, so the two things trainees must
type -- the address and the class password -- are drawn with block characters (``█ ▀ ▄``),
each character cell two pixels of a font rendered with Pillow (matplotlib's DejaVu Sans Mono
Bold; the course's Chinese font for the title), as large as the terminal's width allows. The
instructions around them are ordinary Chinese text with an English line.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

from ..style import FONT_BOLD_PATH

#: Pixel heights tried for big text, largest first (two pixel rows make one terminal line).
SIZES = (22, 18, 16, 14, 12)


def _mono_font() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSansMono-Bold.ttf"


def _has_glyphs(font_path: Path, text: str) -> bool:
    try:
        from fontTools.ttLib import TTFont

        cmap = TTFont(str(font_path), lazy=True).getBestCmap()
    except Exception:  # noqa: BLE001 - without fontTools, draw Latin only
        return text.isascii()
    return all(ord(ch) in cmap for ch in text if not ch.isspace())


def big_text(text: str, width: int = 100, font_path: Path | None = None) -> str | None:
    """``text`` drawn with block characters, as large as fits in ``width`` columns.

    Args:
        text: one line (Latin, digits, punctuation; Chinese with the course font).
        width: terminal columns available.
        font_path: a TrueType font (default: DejaVu Sans Mono Bold for ASCII, else the course font).

    Returns:
        Several lines of ``█ ▀ ▄`` and spaces, or ``None`` when even the smallest size does
        not fit or the font lacks a character.

    >>> art = big_text("8000", 60)
    >>> art.count("\\n") >= 4 and set(art) <= set("█▀▄ \\n")
    True
    >>> big_text("x" * 200, 40) is None
    True
    """
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return None
    path = font_path or (_mono_font() if text.isascii() else FONT_BOLD_PATH)
    if not _has_glyphs(path, text):
        return None
    for size in SIZES:
        font = ImageFont.truetype(str(path), size)
        left, top, right, bottom = font.getbbox(text)
        if right - left + 2 > width:
            continue
        img = Image.new("1", (right - left + 2, bottom - top + 3), 0)
        ImageDraw.Draw(img).text((1 - left, 1 - top), text, font=font, fill=1)
        px, (w, h) = img.load(), img.size
        rows = []
        for y in range(0, h, 2):
            cells = []
            for x in range(w):
                up, down = px[x, y], (px[x, y + 1] if y + 1 < h else 0)
                cells.append("█" if up and down else "▀" if up else "▄" if down else " ")
            rows.append("".join(cells).rstrip())
        while rows and not rows[0]:
            rows.pop(0)
        while rows and not rows[-1]:
            rows.pop()
        return "\n".join(rows)
    return None


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines in the room can use (no loopback).

    Returns:
        Addresses such as ``["192.168.1.20"]``, the one of the default route first; possibly empty.

    >>> all(not a.startswith("127.") for a in lan_addresses())
    True
    """
    found: list[str] = []
    try:  # the address of the default route (a UDP "connect" sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("10.254.254.254", 1))
            found.append(sock.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not a.startswith(("127.", "0."))]


def trainee_urls(ip: str, port: int, scheme: str = "http") -> list[str]:
    """The addresses trainees type, for a hub listening on ``ip:port``.

    Args:
        ip: the listening address (``0.0.0.0`` means every address of this machine).
        port: the port.
        scheme: ``http`` or ``https``.

    Returns:
        One URL per usable address.

    >>> trainee_urls("192.168.1.20", 8000)
    ['http://192.168.1.20:8000']
    >>> trainee_urls("127.0.0.1", 8000)
    ['http://127.0.0.1:8000']
    """
    hosts = (lan_addresses() or ["127.0.0.1"]) if ip in ("", "0.0.0.0", "::") else [ip]
    return [f"{scheme}://{f'[{h}]' if ':' in h else h}:{port}" for h in hosts]


def login_banner(urls: list[str], password: str, admin: str, secrets_file: Path,
                 warning: str | None = None, width: int | None = None, show_password: bool = True) -> str:
    """The text printed when the class server is ready.

    Args:
        urls: the addresses to open (the first one drawn big).
        password: the class password (drawn big unless ``show_password`` is false).
        admin: the instructor's user name.
        secrets_file: where the admin password is (its path is printed, never the password).
        warning: the exposure warning, if any.
        width: terminal columns (default: measured).
        show_password: draw the class password (false: say where it is instead).

    Returns:
        The banner.

    >>> text = login_banner(["http://10.0.0.5:8000"], "abcd-2345", "teacher", Path("p.json"), width=100)
    >>> "课堂服务器已启动" in text and "abcd-2345" in text and "teacher" in text
    True
    """
    width = width or shutil.get_terminal_size((100, 30)).columns
    rule = "═" * min(width, 100)
    url = urls[0]
    short = url.split("://", 1)[1] if url.startswith("http://") else url  # browsers add http:// themselves
    lines = [rule, big_text("课堂服务器", width) or "", "  课堂服务器已启动 / the class server is running", ""]
    lines += ["  ① 用浏览器（Chrome、Edge 或 Firefox）打开 / open in a browser:", "",
              big_text(short, width) or f"      {short}", "", f"      {url}"]
    lines += [f"      也可以用 / or: {other}" for other in urls[1:]]
    lines += ["", "  ② 用户名：自己的拼音或学号（小写字母和数字），例如 zhangsan",
              "     user name: your pinyin or student number, lower case, e.g. zhangsan", "",
              "  ③ 课堂密码 / class password:", ""]
    if show_password:
        lines += [big_text(password, width) or f"      {password}", "", f"      {password}"]
    else:
        lines += [f"      （不在屏幕上显示，见 {secrets_file} 中的 class_password）"]
    lines += ["", rule,
              f"  讲师：用户名 {admin}，讲师密码在 {secrets_file}（admin_password，只有你能读；请勿投影）",
              f"  instructor: user {admin}; the admin password is in that file (admin_password)",
              "  收作业：另开一个终端，运行 python course.py classroom collect L01",
              "  结束课堂：在这个窗口按 Ctrl+C（所有学员的服务会一起关闭，文件都保留）",
              "  stop: Ctrl+C here (every trainee's server stops; all files are kept)"]
    if warning:
        lines += ["", "!" * min(width, 100), *("  " + w for w in warning.splitlines()), "!" * min(width, 100)]
    lines.append(rule)
    return "\n".join(lines)
