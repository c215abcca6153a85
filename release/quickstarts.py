#!/usr/bin/env python3
"""Writes the quickstart blocks of a README to files, for `make dist-check` to run as a user
would: every fenced block in LANG under a heading that contains "quickstart".

Usage: quickstarts.py README LANG OUT_DIR EXT   (writes OUT_DIR/quickstart1.EXT, ...; prints the paths)
"""

import re
import sys
from pathlib import Path


def quickstart_blocks(text: str, lang: str):
    """The code of each ```LANG block whose nearest heading above mentions a quickstart."""
    heading = ""
    blocks = []
    for match in re.finditer(r"^(#{1,6} [^\n]*)$|^```(\w*)\n(.*?)^```$", text, flags=re.M | re.S):
        if match.group(1):
            heading = match.group(1)
        elif match.group(2) == lang and "quickstart" in heading.lower():
            blocks.append(match.group(3))
    return blocks


def main() -> int:
    readme, lang, out_dir, ext = sys.argv[1:5]
    blocks = quickstart_blocks(Path(readme).read_text(), lang)
    if not blocks:
        print(f"quickstarts: no ```{lang} block under a quickstart heading in {readme}", file=sys.stderr)
        return 1
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for i, code in enumerate(blocks, start=1):
        path = out / f"quickstart{i}.{ext}"
        path.write_text(code)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
