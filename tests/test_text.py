"""text.py's one definitions, checked against their sources."""

from __future__ import annotations

from trainerkit.text import XML_FORBIDDEN, xml_safe


def test_xml_forbidden_is_the_complement_of_xml_chars() -> None:
    """XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
    [#x10000-#x10FFFF]. Every other code point, and only those, is forbidden."""
    def allowed(cp: int) -> bool:
        return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD \
            or 0x10000 <= cp <= 0x10FFFF

    wrong = [hex(cp) for cp in range(0x110000)
             if bool(XML_FORBIDDEN.match(chr(cp))) == allowed(cp)]
    assert wrong == []
    assert xml_safe("a\x01b\ufffec\ud800d\U0001F600") == "abcd\U0001F600"
