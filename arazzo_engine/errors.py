"""The exception tree: every error raised by arazzo-engine is an ``ArazzoError``.

Our exception hierarchy::

    ArazzoError
    ├── DocumentError                  a document cannot be used as given
    │   ├── DocumentRetrievalError     the file or URL cannot be read
    │   ├── DocumentParseError         not well-formed YAML/JSON, or not a mapping
    │   ├── DocumentValidationError    structural problems (carries all of them)
    │   ├── UnsupportedVersionError    an ``arazzo`` version we do not interpret
    │   └── SourceCycleError           ``arazzo`` sources that refer to each other
    ├── ExpressionError
    │   ├── ExpressionSyntaxError      a runtime expression or condition does not parse
    │   └── ExpressionEvaluationError  it parses, but cannot be evaluated here
    │       └── UnresolvedReferenceError  (also a LookupError) it names nothing
    ├── SourceError
    │   ├── SourceRetrievalError       a source description cannot be fetched or parsed
    │   ├── SourceReferenceError       a ``$ref`` or JSON pointer in a source leads nowhere
    │   ├── OperationNotFoundError     (also a LookupError) no such operationId/path
    │   └── AmbiguousOperationError    an unqualified operationId in several sources
    ├── RequestBindingError            the request cannot be built from the step
    │   ├── MissingParameterError      a required (e.g. path) parameter has no value
    │   └── MissingCredentialError     the operation's security needs a credential
    ├── OpenAPIValidationError         a request or response breaks its OpenAPI description
    ├── TransportError                 sending failed (wraps httpx errors)
    │   └── TransportTimeoutError      ... because it took too long
    ├── ExecutionError                 a run cannot go on
    │   ├── InputValidationError       inputs do not match the workflow's schema
    │   ├── WorkflowNotFoundError      (also a LookupError) no such workflowId
    │   ├── StepNotFoundError          (also a LookupError) no such stepId
    │   ├── StepFailedError            raised by ``WorkflowResult.raise_for_failure()``
    │   ├── MaxStepsExceededError      the step budget ran out (``goto`` loops)
    │   ├── MaxDepthExceededError      nested workflows too deep
    │   └── DeadlineExceededError      the run's overall deadline passed
    └── UnsupportedFeatureError        a valid construct we do not (yet) interpret

Every class carries the data its message is made from, and every message says
what went wrong and where (see ``arazzo_engine.location.Location``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from arazzo_engine.location import Location
    from arazzo_engine.problems import Problem

__all__ = [
    "AmbiguousOperationError",
    "ArazzoError",
    "DeadlineExceededError",
    "DocumentError",
    "DocumentParseError",
    "DocumentRetrievalError",
    "DocumentValidationError",
    "ExecutionError",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionSyntaxError",
    "InputValidationError",
    "MaxDepthExceededError",
    "MaxStepsExceededError",
    "MissingCredentialError",
    "MissingParameterError",
    "OpenAPIValidationError",
    "OperationNotFoundError",
    "RequestBindingError",
    "SourceCycleError",
    "SourceError",
    "SourceReferenceError",
    "SourceRetrievalError",
    "StepFailedError",
    "StepNotFoundError",
    "TransportError",
    "TransportTimeoutError",
    "UnresolvedReferenceError",
    "UnsupportedFeatureError",
    "UnsupportedVersionError",
    "WorkflowNotFoundError",
]


class ArazzoError(Exception):
    """Base class of every error raised by arazzo-engine.

    Args:
        message: What went wrong, in one sentence.
        location: Where, when it is known.
        hint: How to fix it, when there is something useful to say.
    """

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        """The bare message, without location or hint."""
        self.location = location
        """Where the error is, or ``None``."""
        self.hint = hint
        """A suggestion for fixing it, or ``None``."""

    def __str__(self) -> str:
        text = self.message
        if self.location is not None:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


# -- documents -------------------------------------------------------------------


class DocumentError(ArazzoError):
    """A document (Arazzo or referenced) cannot be used as given."""


class DocumentRetrievalError(DocumentError):
    """A document's file or URL cannot be read."""


class DocumentParseError(DocumentError):
    """A document is not well-formed YAML/JSON, or is not a mapping at the top."""


class DocumentValidationError(DocumentError):
    """A document breaks structural rules; ``problems`` lists every one found.

    Args:
        problems: All problems found, in document order.
        file: The document they belong to.
    """

    def __init__(self, problems: Sequence[Problem], *, file: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        """Every problem found, each with its own location."""
        count = len(self.problems)
        first = self.problems[0] if self.problems else None
        where = file or (first.location.file if first else None) or "the document"
        summary = f"{count} problem{'s' if count != 1 else ''} in {where}"
        super().__init__(summary, location=first.location if first else None)

    def __str__(self) -> str:
        lines = [self.message + ":"]
        for problem in self.problems:
            text = f"  {problem.location}: {problem.message}"
            if problem.hint:
                text += f" ({problem.hint})"
            lines.append(text)
        return "\n".join(lines)


class UnsupportedVersionError(DocumentError):
    """The document's ``arazzo`` version is not one this engine interprets.

    Args:
        version: The version the document declares.
        supported: The versions that are interpreted.
        location: Where the ``arazzo`` field is.
    """

    def __init__(
        self, version: str, supported: Sequence[str], *, location: Location | None = None
    ) -> None:
        self.version = version
        self.supported = tuple(supported)
        super().__init__(
            f"Arazzo version {version!r} is not supported",
            location=location,
            hint="supported versions: " + ", ".join(self.supported),
        )


class SourceCycleError(DocumentError):
    """``arazzo`` source descriptions refer to each other in a cycle.

    Args:
        chain: The documents in the cycle, first repeated at the end.
        location: The source description that closes the cycle.
    """

    def __init__(self, chain: Sequence[str], *, location: Location | None = None) -> None:
        self.chain = tuple(chain)
        super().__init__(
            "arazzo source descriptions form a cycle: " + " -> ".join(self.chain),
            location=location,
        )


# -- expressions -----------------------------------------------------------------


class ExpressionError(ArazzoError):
    """A runtime expression, template or condition is wrong."""


class ExpressionSyntaxError(ExpressionError):
    """An expression does not parse; points at the offending character.

    Args:
        message: What is wrong.
        expression: The whole expression text.
        offset: 0-based index of the offending character in ``expression``.
        location: Where the expression is in the document.
    """

    def __init__(
        self,
        message: str,
        *,
        expression: str,
        offset: int,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        self.expression = expression
        self.offset = offset
        super().__init__(message, location=location, hint=hint)

    def with_location(self, location: Location) -> ExpressionSyntaxError:
        """Return a copy of this error that points into the document at ``location``."""
        return type(self)(
            self.message,
            expression=self.expression,
            offset=self.offset,
            location=location,
            hint=self.hint,
        )

    @property
    def detailed_message(self) -> str:
        """The message, the expression, and a caret under the offending character."""
        head = f"{self.location}: " if self.location is not None else ""
        return (
            f"{head}{self.message} at offset {self.offset}\n"
            f"  {self.expression}\n"
            f"  {' ' * self.offset}^"
        )

    def __str__(self) -> str:
        return self.detailed_message


class ExpressionEvaluationError(ExpressionError):
    """An expression parses but cannot be evaluated in the given context."""


class UnresolvedReferenceError(ExpressionEvaluationError, LookupError):
    """An expression refers to something that does not exist (strict mode)."""


# -- sources and operations ------------------------------------------------------


class SourceError(ArazzoError):
    """A source description, or something looked up in one, is wrong."""


class SourceRetrievalError(SourceError):
    """A source description cannot be fetched or parsed."""


class SourceReferenceError(SourceError):
    """A ``$ref`` or JSON pointer inside a source description leads nowhere."""


class OperationNotFoundError(SourceError, LookupError):
    """No operation matches a step's ``operationId`` or ``operationPath``."""


class AmbiguousOperationError(SourceError):
    """An unqualified ``operationId`` exists in more than one source description."""


# -- request binding -------------------------------------------------------------


class RequestBindingError(ArazzoError):
    """A step's request cannot be built from its parameters and body."""


class MissingParameterError(RequestBindingError):
    """A parameter the operation requires (a path parameter, say) has no value."""


class MissingCredentialError(RequestBindingError):
    """The operation's security requirements need a credential the caller did not give."""


class OpenAPIValidationError(ArazzoError):
    """A request or response does not match its OpenAPI description.

    Recorded on a step when the runner's ``openapi_validation`` is ``"error"``.
    """


# -- transport -------------------------------------------------------------------


class TransportError(ArazzoError):
    """Sending a request failed before a response arrived (wraps ``httpx.HTTPError``)."""


class TransportTimeoutError(TransportError):
    """A request timed out."""


# -- execution -------------------------------------------------------------------


class ExecutionError(ArazzoError):
    """A workflow run cannot go on."""


class InputValidationError(ExecutionError):
    """The inputs given to a workflow do not match its ``inputs`` schema."""


class WorkflowNotFoundError(ExecutionError, LookupError):
    """No workflow has the requested ``workflowId``."""


class StepNotFoundError(ExecutionError, LookupError):
    """No step of the workflow has the requested ``stepId``."""


class StepFailedError(ExecutionError):
    """A workflow failed; raised by ``WorkflowResult.raise_for_failure()``."""


class MaxStepsExceededError(ExecutionError):
    """A run executed more steps than its budget allows (usually a ``goto`` loop)."""


class MaxDepthExceededError(ExecutionError):
    """Workflows called each other more deeply than the limit allows."""


class DeadlineExceededError(ExecutionError):
    """A run went past its overall deadline."""


class UnsupportedFeatureError(ArazzoError):
    """A valid construct that this engine does not interpret."""
