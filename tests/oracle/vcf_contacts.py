"""Independent reading of .vcf files for tests/realworld.rs, with python's `vobject`.

Prints one JSON object per file named on the command line:
{"file", "cards": [[name, org, emails, phones], ...]} or {"file", "error"}.
`name` is FN (else N's given and family names), `org` ORG's first part ("" when none),
`emails`/`phones` how many EMAIL/TEL values the card has.
Bytes are decoded as UTF-16 when a BOM says so, else UTF-8, else windows-1252.
"""

import json
import logging
import sys

logging.disable(logging.CRITICAL)  # vobject logs every line it skips

try:
    import vobject
except ImportError as e:  # the Rust test turns this into a clear failure
    print(json.dumps({"missing": str(e)}))
    sys.exit(3)


def decode(raw):
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def name_of(card):
    if hasattr(card, "fn") and str(card.fn.value).strip():
        return " ".join(str(card.fn.value).split())
    if hasattr(card, "n"):
        n = card.n.value
        parts = [n.given, n.additional, n.family]
        flat = [" ".join(p) if isinstance(p, list) else p for p in parts]
        return " ".join(" ".join(flat).split())
    return ""


def org_of(card):
    if not hasattr(card, "org"):
        return ""
    v = card.org.value
    while isinstance(v, list):
        v = v[0] if v else ""
    first = v
    return " ".join(str(first or "").split())


def read(path):
    with open(path, "rb") as f:
        text = decode(f.read())
    cards = []
    for card in vobject.readComponents(text, ignoreUnreadable=True):
        if card.name != "VCARD":
            continue
        emails = len(card.contents.get("email", []))
        phones = len(card.contents.get("tel", []))
        cards.append([name_of(card), org_of(card), emails, phones])
    return cards


def main():
    for path in sys.argv[1:]:
        try:
            result = {"file": path, "cards": read(path)}
        except Exception as e:  # a file the oracle can't read is reported, not fatal
            result = {"file": path, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result, ensure_ascii=False))


main()
