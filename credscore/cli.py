"""The ``credscore`` command line.

Subcommands are added as their issues land; today: ``score``.

Exit codes (also in README.md):

====  ==========================================================
0     success
2     usage error (bad flag or argument; argparse's own code)
3     the input file cannot be read (missing, a directory, no permission)
4     the input is not valid UTF-8 (the message names the byte offset)
====  ==========================================================
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import BinaryIO

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_NOT_UTF8 = 4


class InputError(Exception):
    """Input that cannot be used; carries the exit code to leave with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def decode_utf8(data: bytes, name: str) -> str:
    """Decode ``data`` as UTF-8 (a leading BOM is dropped), or raise :class:`InputError`.

    The error names the byte offset of the first undecodable byte, so a user can find it with
    ``head -c``/``xxd``.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4]
        raise InputError(
            f"{name} is not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
            f"({exc.reason}; next bytes {bad.hex(' ')}). Convert it first, e.g. "
            f"iconv -f latin1 -t utf-8.",
            EXIT_NOT_UTF8,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_input(path: str, stdin: BinaryIO | None = None) -> tuple[str, str]:
    """Read ``path`` (``-`` for standard input) as text; returns ``(text, display_name)``."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return decode_utf8(stream.read(), "standard input"), "standard input"
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", EXIT_UNREADABLE) from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a text file", EXIT_UNREADABLE) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", EXIT_UNREADABLE) from None
    return decode_utf8(data, path), path


def _cmd_score(args: argparse.Namespace) -> int:
    # Imported here so `credscore --help` stays fast.
    from scoring import analyze_sentences, analyze_text
    from scoring.lexicon import default_lexicon

    text, _ = read_input(args.file)
    doc = analyze_sentences(text) if args.sentences else analyze_text(text)
    if args.pretty:
        from credscore.render import render_document

        color = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        )
        sys.stdout.write(render_document(text, doc, color=color))
        return EXIT_OK
    out = doc.to_dict()
    lex = default_lexicon()
    out["lexicon"] = {"sha256": lex.hash, "rules": len(lex.rules)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credscore",
        description="Which statements in a text rest on what, and how verifiable are they.",
        epilog="Exit codes: 0 ok, 2 usage error, 3 input unreadable, 4 input not UTF-8.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = sub.add_parser(
        "score",
        help="analyse one text: sentences, cue spans, attributions and sources (JSON)",
        description="Print the document JSON of DESIGN.md for FILE (or standard input): every "
        "sentence with its offsets, cue spans (hedge, attribution, vague_source, unverified, "
        "approximation) and attribution source. Offsets are code-point indices into the input "
        "as decoded (a leading UTF-8 BOM is dropped).",
    )
    score.add_argument("file", nargs="?", default="-", metavar="FILE",
                       help="UTF-8 text file; '-' or nothing reads standard input")
    score.add_argument("--sentences", action="store_true",
                       help="one sentence per input line: line i is sentence i (no re-splitting)")
    score.add_argument("--pretty", action="store_true",
                       help="render for a person: highlighted cues and each sentence's source")
    score.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour in --pretty output (auto: only on a terminal, and not when "
                       "NO_COLOR is set)")
    score.add_argument("--compact", action="store_true", help="JSON on one line")
    score.set_defaults(func=_cmd_score)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``credscore`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"credscore {args.command}: error: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # `credscore score x | head`
        try:
            sys.stdout.close()
        except OSError:
            pass
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
