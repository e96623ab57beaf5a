"""The ``arazzo`` entry point: version, usage errors, unreadable files, --debug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from arazzo_engine.__about__ import __version__
from arazzo_engine.cli import main
from arazzo_engine.errors import DocumentRetrievalError

REPO = Path(__file__).resolve().parents[2]


def test_version_in_process(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"arazzo-engine {__version__}"


def test_python_dash_m_version_smoke():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "arazzo_engine", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"arazzo-engine {__version__}"


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "list", "validate"])
def test_unreadable_file_exits_2_with_one_line(capsys, tmp_path, command):
    missing = tmp_path / "missing.yaml"
    code = main([command, str(missing)])
    captured = capsys.readouterr()
    assert code == 2
    if command == "validate":  # validate reports it as a problem line on stdout
        assert f"{missing}:0:0 error document-retrieval cannot read" in captured.out
    else:
        assert captured.err.count("\n") == 1
        assert captured.err.startswith(f"arazzo: error: cannot read {missing}: no such file")


def test_directory_is_unreadable(capsys, tmp_path):
    assert main(["list", str(tmp_path)]) == 2
    assert "it is a directory" in capsys.readouterr().err


def test_debug_reraises_with_traceback(tmp_path):
    with pytest.raises(DocumentRetrievalError):
        main(["--debug", "run", str(tmp_path / "missing.yaml")])
    with pytest.raises(DocumentRetrievalError):
        main(["run", "--debug", str(tmp_path / "missing.yaml")])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "novalue"], "argument --input: expected NAME=VALUE, got 'novalue'"),
        (["--server", "orders"], "argument --server: expected SOURCE=URL"),
        (["--server", "orders=localhost:80"], "expected an http(s) URL for orders"),
        (["--source", "orders"], "argument --source: expected SOURCE=PATH|URL"),
        (["--timeout", "0"], "expected a positive number of seconds"),
        (["--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_bad_options_are_usage_errors(capsys, fixtures, args, message):
    assert main(["run", str(fixtures / "orders.arazzo.yaml"), *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("value", ["s3cr3t-value", "orders=s3cr3t-value", "orders.=s3cr3t-value"])
def test_bad_auth_syntax_never_echoes_the_credential(capsys, fixtures, value):
    assert main(["run", str(fixtures / "orders.arazzo.yaml"), "--auth", value]) == 2
    captured = capsys.readouterr()
    assert "SOURCE.SCHEME=VALUE" in captured.err
    assert "s3cr3t-value" not in captured.out + captured.err


def test_expression_syntax_errors_fold_into_one_line():
    from arazzo_engine.cli import _error_lines
    from arazzo_engine.errors import ExpressionSyntaxError
    from arazzo_engine.location import Location

    exc = ExpressionSyntaxError(
        "unexpected '='",
        expression="$statusCode == = 1",
        offset=15,
        location=Location("a.yaml", 3, 5),
    )
    assert _error_lines(exc) == [
        "a.yaml:3:5 (/): unexpected '=' at offset 15 in '$statusCode == = 1'"
    ]
