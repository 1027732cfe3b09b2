"""The `newsgen` command. Parses arguments, calls one library function, maps errors to exit
codes. No logic of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from newsgen import __version__
from newsgen.build import BuildOptions, build
from newsgen.config import CONFIG_NAME, load_config
from newsgen.dates import parse_datetime
from newsgen.errors import BuildError
from newsgen.output import UnsafeOutputError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _moment(value: str) -> datetime:
    try:
        if value.isdigit():
            return datetime.fromtimestamp(int(value), UTC)
        return parse_datetime(value, None)  # no offset: the site's zone, known later
    except (ValueError, OverflowError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgen", description="A static site generator for news."
    )
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    build_cmd.add_argument("--config", type=Path, default=Path(CONFIG_NAME),
                           help="the site's configuration (default: ./config.toml)")  # fmt: skip
    build_cmd.add_argument("--output", type=Path, help="output folder (default: output_dir)")
    build_cmd.add_argument("--drafts", action="store_true", help="include drafts")
    build_cmd.add_argument("--future", action="store_true", help="include future-dated articles")
    build_cmd.add_argument("--base-url", help="the site's address, e.g. https://example.org/news/")
    build_cmd.add_argument("--now", type=_moment,
                           help="the build's 'now' (ISO 8601 or Unix time); default: "
                                "SOURCE_DATE_EPOCH or the clock")  # fmt: skip
    build_cmd.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    build_cmd.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return _build(args)
    except (BuildError, UnsafeOutputError) as exc:
        if getattr(args, "debug", False):
            raise
        print(str(exc) if isinstance(exc, UnsafeOutputError) else _errors(exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if getattr(args, "debug", False):
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"newsgen: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug in newsgen: say so plainly, keep the details for --debug
        if getattr(args, "debug", False):
            raise
        print(
            f"newsgen: internal error: {type(exc).__name__}: {exc}\n"
            "Run again with --debug to see where, and please report it.",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _errors(exc: BuildError) -> str:
    count = sum(d.severity == "error" for d in exc.diagnostics)
    return "\n".join(
        [*(str(d) for d in exc.diagnostics), f"build failed: {count} error{'s' * (count != 1)}"]
    )


def _build(args: argparse.Namespace) -> int:
    overrides = {"base_url": args.base_url} if args.base_url else {}
    config = load_config(args.config, overrides)
    output = args.output.absolute() if args.output else None
    result = build(config, BuildOptions(args.drafts, args.future, args.now, output))
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        print(
            f"built {result.pages} pages and {result.files - result.pages} other files into "
            f"{result.output}: {result.written} written, {result.unchanged} unchanged, "
            f"in {result.seconds:.2f} s"
        )
    return EXIT_OK
