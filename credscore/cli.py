"""The ``credscore`` command line.

Subcommands: ``score``, ``train``, ``evaluate`` (here), ``serve`` (:mod:`credscore.serve`) and
``batch`` (:mod:`credscore.batch`, which adds exit codes 6 and 7).

Exit codes (also in README.md):

====  ==========================================================
0     success
2     usage error (bad flag or argument; argparse's own code)
3     the input file cannot be read (missing, a directory, no permission)
4     the input is not valid UTF-8 (the message names the byte offset)
5     the model directory is refused (missing files, sha256 mismatch, untrusted types)
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
EXIT_MODEL = 5

#: Help of ``--genre`` (``score`` and ``batch``).
GENRE_HELP = ("the genre of the text, which picks the model's verifiability model: news (the shipped "
              "model's default) or wiki (encyclopedic text, trained on CoNLL-2010 Wikipedia); see "
              "README, 'Genres'")


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

    text, _ = read_input(args.file)
    scorer = _scorer(args)
    if scorer is None:
        doc = analyze_sentences(text) if args.sentences else analyze_text(text)
    else:
        doc = scorer.score_lines(text) if args.sentences else scorer.score_text(text)
    if args.pretty:
        from credscore.render import render_document

        color = args.color == "always" or (
            args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        )
        sys.stdout.write(render_document(text, doc, color=color))
        return EXIT_OK
    # The spans (and so `lexicon`) come from the model's own lexicon when a model is used: it
    # keeps the lexicon it was trained with.
    json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return EXIT_OK


def _scorer(args: argparse.Namespace):
    """The Scorer for --model (default: the packaged model), or None with --no-model."""
    if args.no_model:
        if args.genre is not None:
            raise InputError("--genre picks one of the model's verifiability models; drop --no-model", EXIT_USAGE)
        return None
    from scoring.artifacts import ModelError
    from scoring.scorer import DEFAULT_MODEL_DIR, Scorer, UnknownGenreError

    directory = args.model or DEFAULT_MODEL_DIR
    if args.model is None and not (DEFAULT_MODEL_DIR / "metadata.json").exists():
        print("credscore: no default model is installed; scoring cues only (see README)", file=sys.stderr)
        return None
    try:
        return Scorer.load(directory, genre=args.genre)
    except ModelError as exc:
        raise InputError(f"cannot use the model: {exc}", EXIT_MODEL) from None
    except UnknownGenreError as exc:
        raise InputError(str(exc), EXIT_USAGE) from None


def _cmd_train(args: argparse.Namespace) -> int:
    from training.train import main as train_main

    return train_main(args)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from training.evaluate import main as evaluate_main

    return evaluate_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credscore",
        description="Which statements in a text rest on what, and how verifiable are they.",
        epilog="Exit codes: 0 ok, 2 usage error, 3 input unreadable, 4 input not UTF-8, "
        "5 model refused; batch also 6 some records failed, 7 incomplete run, 130 interrupted.",
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
    score.add_argument("--model", metavar="MODEL_DIR", default=None,
                       help="model directory (default: the model shipped in the package)")
    score.add_argument("--no-model", action="store_true",
                       help="cues and sources only; verifiability and claim stay null")
    score.add_argument("--genre", default=None, metavar="GENRE", help=GENRE_HELP)
    score.set_defaults(func=_cmd_score)

    train = sub.add_parser(
        "train",
        help="train the verifiability and claim models from a config (writes a model directory)",
        description="Fit the models named in a JSON config on the corpora's train splits, choose "
        "hyper-parameters and thresholds on dev, train the TF-IDF baseline in the same run, and "
        "write model.skops, metadata.json, MODEL_CARD.md and plots to --out.",
    )
    train.add_argument("--config", default="training/configs/default.json", help="JSON config")
    train.add_argument("--data-dir", default=None, metavar="DIR",
                       help="folder laid out like ../shared/data (default: ../shared/data)")
    train.add_argument("--out", required=True, metavar="MODEL_DIR", help="output directory")
    train.set_defaults(func=_cmd_train)

    evaluate = sub.add_parser(
        "evaluate",
        help="metrics of a model per dataset, against a TF-IDF baseline trained in the same run",
        description="P/R/F1 of the positive class, ROC-AUC and Brier score per dataset named in the "
        "model's config, as a markdown table and JSON; --split test is for the release table.",
    )
    evaluate.add_argument("--model", required=True, metavar="MODEL_DIR")
    evaluate.add_argument("--data-dir", default=None, metavar="DIR")
    evaluate.add_argument("--split", choices=("dev", "test"), default="dev")
    evaluate.add_argument("--json", default=None, metavar="FILE", help="write the JSON report here")
    evaluate.set_defaults(func=_cmd_evaluate)
    # Their own modules, which import this one for the exit codes (hence imported here).
    from credscore import batch as batch_cmd
    from credscore import serve as serve_cmd

    serve_cmd.register(sub)  # the HTTP API (credscore/serve.py, api/)
    batch_cmd.register(sub)  # archive scoring (credscore/batch.py, scoring/batch/)
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
