"""The ``arazzo`` command: ``validate``, ``list`` and ``run`` (argparse; rendering in reports)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console

from arazzo_engine.__about__ import __version__
from arazzo_engine._credentials import ENV_AUTH_PREFIX
from arazzo_engine._credentials import auth_variables
from arazzo_engine._credentials import collect_credentials
from arazzo_engine._credentials import security_scheme_names
from arazzo_engine._credentials import split_auth
from arazzo_engine._credentials import unmatched_variables
from arazzo_engine._inputs import collect_inputs
from arazzo_engine._inputs import input_properties
from arazzo_engine._inputs import read_inputs_file
from arazzo_engine._inputs import split_assignment
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import SourceRetrievalError
from arazzo_engine.fetch import path_to_uri
from arazzo_engine.location import Location
from arazzo_engine.problems import Problem
from arazzo_engine.reports.json_report import dumps
from arazzo_engine.reports.json_report import result_object
from arazzo_engine.reports.json_report import write_json_report
from arazzo_engine.reports.junit import write_junit
from arazzo_engine.reports.listing import render_listing
from arazzo_engine.reports.listing import workflow_listing
from arazzo_engine.reports.redaction import NO_REDACTION
from arazzo_engine.reports.redaction import Redactor
from arazzo_engine.reports.terminal import TerminalRenderer

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Mapping
    from collections.abc import Sequence

    from arazzo_engine.models import ArazzoDocument
    from arazzo_engine.runner import DryRunResult

__all__ = ["build_parser", "main"]

EXIT_OK = 0
"""The command did what was asked (``run``: the workflow succeeded)."""
EXIT_FAILED = 1
"""``run``: the workflow failed; ``validate``: the document has error-severity problems."""
EXIT_USAGE = 2
"""Bad usage, or a document that cannot be read, parsed or used."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl-C."""

_UNREADABLE = (DocumentRetrievalError, DocumentParseError, SourceRetrievalError)


# -- argument types ----------------------------------------------------------------


def _assignment(what: str) -> Callable[[str], tuple[str, str]]:
    def parse(text: str) -> tuple[str, str]:
        try:
            return split_assignment(text)
        except ValueError:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise argparse.ArgumentTypeError(f"expected {what}, got {shown!r}") from None

    parse.__name__ = what
    return parse


def _server_arg(text: str) -> tuple[str, str]:
    name, url = _assignment("SOURCE=URL")(text)
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise argparse.ArgumentTypeError(f"expected an http(s) URL for {name}, got {url!r}")
    return name, url


def _auth_arg(text: str) -> tuple[str, str, str]:
    try:
        return split_auth(text)
    except ValueError as exc:  # the message never contains the credential
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the ``arazzo`` argument parser (see ``docs/cli.md``)."""
    parser = argparse.ArgumentParser(
        prog="arazzo",
        description="Validate, list and run Arazzo workflows.",
        epilog="exit codes: 0 ok/succeeded, 1 failed (or validation errors), "
        "2 bad document or usage. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"arazzo-engine {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )
    common.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (text)"
    )
    source = argparse.ArgumentParser(add_help=False)
    source.add_argument(
        "--source",
        action="append",
        type=_assignment("SOURCE=PATH|URL"),
        default=[],
        metavar="SOURCE=PATH|URL",
        help="load source description SOURCE from PATH or URL instead of its url (repeatable)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", parents=[common, source], help="check a document without sending requests"
    )
    validate.add_argument("file", metavar="FILE", help="the Arazzo document (path or URL)")
    validate.set_defaults(handler=_validate)

    listing = commands.add_parser(
        "list", parents=[common], help="list the workflows, their inputs and outputs"
    )
    listing.add_argument("file", metavar="FILE", help="the Arazzo document (path or URL)")
    listing.set_defaults(handler=_list)

    run = commands.add_parser("run", parents=[common, source], help="run a workflow")
    run.add_argument("file", metavar="FILE", help="the Arazzo document (path or URL)")
    run.add_argument("--workflow", metavar="ID", help="the workflowId (optional if only one)")
    run.add_argument(
        "--input",
        action="append",
        type=_assignment("NAME=VALUE"),
        default=[],
        metavar="NAME=VALUE",
        help="an input, typed by the workflow's inputs schema (repeatable)",
    )
    run.add_argument(
        "--inputs", metavar="FILE|-", help="a JSON object of inputs ('-' reads standard input)"
    )
    run.add_argument(
        "--server",
        action="append",
        type=_server_arg,
        default=[],
        metavar="SOURCE=URL",
        help="send SOURCE's requests to this base URL (repeatable)",
    )
    run.add_argument(
        "--auth",
        action="append",
        type=_auth_arg,
        default=[],
        metavar="SOURCE.SCHEME=VALUE",
        help="a credential for a security scheme: user:password for http basic, "
        "else the token or key (repeatable; never printed)",
    )
    run.add_argument("--report-junit", metavar="FILE", help="write a JUnit XML report")
    run.add_argument("--report-json", metavar="FILE", help="write a detailed JSON report")
    run.add_argument(
        "--dry-run", action="store_true", help="print the requests that would be sent; send none"
    )
    run.add_argument(
        "-v", "--verbose", action="store_true", help="show each request and response (redacted)"
    )
    run.add_argument(
        "--timeout", type=_positive, default=30.0, metavar="SECONDS", help="per request (30)"
    )
    run.add_argument(
        "--no-validate",
        action="store_true",
        help="skip the static checks of 'arazzo validate' that otherwise run first",
    )
    run.add_argument(
        "--openapi-validation",
        choices=("off", "warn", "error"),
        default="warn",
        help="check requests/responses against the OpenAPI description (warn)",
    )
    run.set_defaults(handler=_run)
    return parser


# -- the commands -----------------------------------------------------------------


class _Usage(Exception):
    """A usage problem found after parsing (exit 2)."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = tuple(details)


class _Io:
    """Where a command writes: a rich console on stdout, plain text on stderr."""

    def __init__(self, redact: Redactor = NO_REDACTION) -> None:
        self.console = Console(
            file=sys.stdout, highlight=False, emoji=False, markup=False, soft_wrap=True
        )
        self.redact = redact

    def out(self, text: str) -> None:
        sys.stdout.write(self.redact(text) + "\n")

    def err(self, text: str) -> None:
        sys.stderr.write(self.redact(text) + "\n")

    def json(self, value: Any) -> None:
        # Redact the values, not the serialized text, so the JSON stays well-formed.
        sys.stdout.write(dumps(self.redact.data(value)) + "\n")


def _is_url(text: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) is not None


def _location_of(text: str) -> str:
    return text if _is_url(text) else path_to_uri(text)


def _load(file: str) -> ArazzoDocument:
    path = None if _is_url(file) else Path(file)
    if path is not None and not path.is_file():
        reason = "it is a directory" if path.is_dir() else "no such file"
        raise DocumentRetrievalError(f"cannot read {file}: {reason}", hint="check the path")

    from arazzo_engine.loader import load

    return load(file if path is None else path)


def _overrides(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: _location_of(value) for name, value in pairs}


def _check_source_names(doc: ArazzoDocument, names: Iterable[str], option: str) -> None:
    known = [s.name for s in doc.source_descriptions]
    for name in names:
        if name not in known:
            raise _Usage(
                f"{option}: the document has no source description {name!r}",
                ["source descriptions: " + (", ".join(known) or "(none)")],
            )


def _check_schemes(
    flags: Iterable[tuple[str, str, str]], schemes: Mapping[str, tuple[str, ...]]
) -> None:
    for source, scheme, _value in flags:
        known = schemes.get(source)
        if known is not None and scheme not in known:
            raise _Usage(
                f"--auth {source}.{scheme}: source {source!r} has no security scheme {scheme!r}",
                [f"security schemes of {source}: " + (", ".join(known) or "(none)")],
            )


def _problem_from(exc: ArazzoError, file: str) -> Problem:
    rule = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__.removesuffix("Error")).lower()
    message = exc.message
    if isinstance(exc, ExpressionSyntaxError):
        message = f"{exc.message} at offset {exc.offset} in {exc.expression!r}"
    return Problem(
        rule=rule or "error",
        severity="error",
        message=" ".join(message.split()),
        location=exc.location or Location(file=file),
        hint=exc.hint,
    )


def _validate(args: argparse.Namespace, io: _Io) -> int:
    from arazzo_engine import validate

    problems: list[Problem] = []
    unreadable = False
    try:
        doc = _load(args.file)
        _check_source_names(doc, (n for n, _ in args.source), "--source")
        problems = list(validate(doc, sources=_overrides(args.source) or None))
    except DocumentValidationError as exc:
        if args.debug:
            raise
        problems = list(exc.problems)
    except ArazzoError as exc:
        if args.debug:
            raise
        unreadable = isinstance(exc, _UNREADABLE)
        problems = [_problem_from(exc, args.file)]
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if args.format == "json":
        io.json([p.to_dict() for p in problems])
    else:
        for problem in problems:
            io.out(str(problem))
        if problems:
            io.out(f"{args.file}: {errors} error(s), {warnings} warning(s)")
        else:
            io.out(f"{args.file}: valid")
    if unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if errors else EXIT_OK


def _list(args: argparse.Namespace, io: _Io) -> int:
    doc = _load(args.file)
    listing = workflow_listing(doc)
    if args.format == "json":
        io.json(listing)
    else:
        render_listing(io.console, listing)
    return EXIT_OK


def _choose_workflow(doc: ArazzoDocument, wanted: str | None) -> str:
    workflows = [(w.workflow_id, w.summary) for w in doc.workflows]
    ids = [workflow_id for workflow_id, _ in workflows]
    listing = [f"  {wid}" + (f"  {summary}" if summary else "") for wid, summary in workflows]
    if wanted is None:
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise _Usage("the document has no workflows")
        raise _Usage(
            f"the document has {len(ids)} workflows; choose one with --workflow ID:", listing
        )
    if wanted not in ids:
        raise _Usage(f"no workflow {wanted!r} in the document; its workflows are:", listing)
    return wanted


def _plan_object(workflow_id: str, plan: DryRunResult) -> dict[str, Any]:
    requests = []
    for planned in plan.requests:
        spec = planned.request
        body = spec.body.decode("utf-8", errors="replace") if spec.body else None
        requests.append(
            {
                "stepId": planned.step_id,
                "method": spec.method,
                "url": spec.redact(spec.url),
                "headers": dict(spec.redacted_headers()),
                "body": spec.redact(body) if body is not None else None,
            }
        )
    return {
        "workflowId": workflow_id,
        "dryRun": True,
        "requests": requests,
        "stoppedAt": plan.stopped_at,
        "reason": plan.reason,
    }


def _secrets(flags: Iterable[tuple[str, str, str]], environ: Mapping[str, str]) -> list[str]:
    values = [value for _, _, value in flags]
    values += [v for k, v in environ.items() if k.startswith(ENV_AUTH_PREFIX) and v]
    return values


def _gather_inputs(
    args: argparse.Namespace, doc: ArazzoDocument, workflow_id: str
) -> dict[str, Any]:
    workflow = doc.workflow(workflow_id)
    properties, _required = input_properties(workflow.inputs, doc.components.inputs)
    file_values = read_inputs_file(args.inputs, sys.stdin) if args.inputs else None
    return collect_inputs(
        properties, assignments=args.input, file_values=file_values, environ=os.environ
    )


def _gather_auth(
    args: argparse.Namespace, doc: ArazzoDocument, sources: Mapping[str, str], io: _Io
) -> dict[str, dict[str, Any]]:
    from arazzo_engine.fetch import DEFAULT_FETCHER

    environ = os.environ
    schemes: dict[str, tuple[str, ...]] = {}
    if args.auth or auth_variables(environ):
        schemes = security_scheme_names(doc, overrides=sources, fetcher=DEFAULT_FETCHER)
        _check_schemes(args.auth, schemes)
        for name in unmatched_variables(environ, schemes):
            io.err(f"arazzo run: warning: {name} names no security scheme of this document")
    return collect_credentials(args.auth, environ=environ, schemes=schemes)


class _Invalid(Exception):
    """``arazzo run`` found validation errors and sent nothing (exit 2)."""


def _check_before_run(
    doc: ArazzoDocument, workflow_id: str, sources: Mapping[str, str], io: _Io
) -> None:
    """Run the checks of ``arazzo validate`` on the workflows this run may execute."""
    from arazzo_engine.validation import iter_problems
    from arazzo_engine.validation import workflows_used_by

    workflows = workflows_used_by(doc, workflow_id)
    problems = list(iter_problems(doc, sources=sources or None, workflows=workflows))
    errors = [p for p in problems if p.severity == "error"]
    for problem in errors or problems:
        io.err(f"arazzo run: {problem}")
    if errors:
        raise _Invalid(
            f"{len(errors)} validation error(s); nothing was sent "
            "(fix them, or run with --no-validate)"
        )


def _run(args: argparse.Namespace, io: _Io) -> int:
    from arazzo_engine.runner import Runner

    doc = _load(args.file)
    workflow_id = _choose_workflow(doc, args.workflow)
    _check_source_names(doc, (n for n, _ in args.source), "--source")
    _check_source_names(doc, (n for n, _ in args.server), "--server")
    _check_source_names(doc, (s for s, _, _ in args.auth), "--auth")
    sources = _overrides(args.source)
    servers = dict(args.server)
    if not args.no_validate:
        _check_before_run(doc, workflow_id, sources, io)

    inputs = _gather_inputs(args, doc, workflow_id)
    auth = _gather_auth(args, doc, sources, io)

    text = args.format == "text"
    renderer = TerminalRenderer(
        io.console, verbose=args.verbose, redact=io.redact, workflow_id=workflow_id
    )
    options: dict[str, Any] = {
        "inputs": inputs,
        "servers": servers or None,
        "auth": auth or None,
        "sources": sources or None,
    }
    try:
        with Runner(
            timeout=args.timeout,
            openapi_validation=args.openapi_validation,
            hooks=renderer.hooks() if text and not args.dry_run else None,
        ) as runner:
            if args.dry_run:
                plan = runner.dry_run(doc, workflow_id, **options)
                if text:
                    renderer.dry_run(workflow_id, plan)
                else:
                    io.json(_plan_object(workflow_id, plan))
                return EXIT_OK
            result = runner.run(doc, workflow_id, **options)
    finally:
        renderer.close()
    if text:
        renderer.result(result)
    else:
        io.json(result_object(result, redact=io.redact))
    for path, write in ((args.report_junit, write_junit), (args.report_json, write_json_report)):
        if path:
            try:
                write(result, path, redact=io.redact)
            except OSError as exc:
                raise _Usage(f"cannot write report {path}: {exc.strerror or exc}") from exc
    return EXIT_OK if result.succeeded else EXIT_FAILED


# -- entry point ------------------------------------------------------------------


def _error_lines(exc: ArazzoError) -> list[str]:
    if isinstance(exc, DocumentValidationError):
        return [exc.message + ":"] + [f"  {problem}" for problem in exc.problems]
    if isinstance(exc, ExpressionSyntaxError):
        where = f"{exc.location}: " if exc.location is not None else ""
        text = f"{where}{exc.message} at offset {exc.offset} in {exc.expression!r}"
        return [text + (f" ({exc.hint})" if exc.hint else "")]
    return [" ".join(str(exc).split())]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``arazzo`` command.

    Args:
        argv: The arguments after the program name (``sys.argv[1:]`` when ``None``).

    Returns:
        The exit code: 0 ok, 1 workflow failed / validation errors, 2 bad document or usage.

    Raises:
        ArazzoError: Only with ``--debug``, which re-raises domain errors with their traceback.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    environ = os.environ
    flags = getattr(args, "auth", [])
    io = _Io(Redactor(_secrets(flags, environ)))
    try:
        code: int = args.handler(args, io)
    except _Invalid as exc:
        io.err(f"arazzo {args.command}: error: {exc}")
        return EXIT_USAGE
    except _Usage as exc:
        io.err(f"arazzo {args.command}: error: {exc}")
        for line in exc.details:
            io.err(line)
        return EXIT_USAGE
    except ArazzoError as exc:
        if args.debug:
            raise
        lines = _error_lines(exc)
        io.err(f"arazzo: error: {lines[0]}")
        for line in lines[1:]:
            io.err(line)
        return EXIT_USAGE
    except KeyboardInterrupt:
        io.err("arazzo: interrupted")
        return EXIT_INTERRUPTED
    return code
