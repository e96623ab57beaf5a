"""Checks of runtime expressions: they parse, and what they name exists and is available."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import compile_value
from arazzo_engine.validation import rules as r
from arazzo_engine.validation._base import input_names
from arazzo_engine.validation._base import input_schema
from arazzo_engine.validation._base import is_structured
from arazzo_engine.validation._base import nearest

if TYPE_CHECKING:
    from arazzo_engine.criteria import CompiledCriterion
    from arazzo_engine.expressions import Reference
    from arazzo_engine.location import Location
    from arazzo_engine.models import Criterion
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.validation._base import Pass

__all__ = ["HTTP_ROOTS", "Scope", "WorkflowChecker"]

HTTP_ROOTS = frozenset({"statusCode", "response", "request", "url", "method"})
"""Expression roots that read the current step's HTTP exchange."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an expression is evaluated, and so what it may read.

    Attributes:
        where: A phrase for messages ("a parameter", "workflow outputs").
        step: The step it belongs to (``None`` at workflow level).
        http: Whether ``$statusCode``/``$response``/... exist there.
        after_outputs: Whether the step's own outputs exist there (action criteria).
        callee: For a ``workflowId`` step, the workflow it calls (``$outputs`` are its outputs).
        phase: ``request`` (parameters, bodies: nothing sent yet), ``response`` (criteria,
            outputs, actions), ``call`` (a workflow step's criteria and outputs) or
            ``workflow`` (workflow outputs).
    """

    where: str
    step: Step | None = None
    http: bool = True
    after_outputs: bool = False
    callee: Workflow | None = None
    phase: str = "response"


@dataclass
class WorkflowChecker:
    """Checks the expressions of one workflow.

    Attributes:
        p: The validation pass.
        workflow: The workflow.
        reach: Step id -> the step ids reachable from it (for ``$steps`` ordering).
        used_inputs: Names of the inputs the workflow reads (filled as it goes).
    """

    p: Pass
    workflow: Workflow
    reach: Mapping[str, frozenset[str]]
    used_inputs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.steps = {s.step_id: s for s in self.workflow.steps}
        self.input_names, self.required_inputs = input_names(
            self.workflow.inputs, self.p.document.components.inputs
        )

    # -- sites --------------------------------------------------------------------------

    def expression(self, text: str, scope: Scope, location: Location) -> None:
        """A field that holds one runtime expression (an output, a criterion context)."""
        compiled = compile_value(text)
        if compiled is None:
            if text.startswith("$") or "{$" in text:
                self._syntax(text, location)
            return
        for reference in compiled.references():
            self.reference(reference, scope, location)

    def value(self, value: Any, scope: Scope, location: Location) -> None:
        """A value (parameter value, payload, replacement): every string in it."""
        for text, tokens in _strings(value, ()):
            where = location if not tokens else location.within(*tokens)
            compiled = compile_value(text)
            if compiled is None:
                if text.startswith("$") and not text.startswith("$$") or "{$" in text:
                    self._literal(text, where)
                continue
            for reference in compiled.references():
                self.reference(reference, scope, where)

    def criterion(
        self, criterion: Criterion, scope: Scope, location: Location
    ) -> CompiledCriterion | None:
        """Compile a criterion and check the expressions it reads."""
        from arazzo_engine.criteria import compile_criterion_of

        if criterion.context is not None:
            self.expression(criterion.context, scope, location.within("context"))
            try:
                compile_expression(criterion.context)
            except ExpressionSyntaxError:
                if not compile_template(criterion.context).is_single_expression:
                    return None  # reported just above
        try:
            compiled = compile_criterion_of(criterion)
        except ExpressionSyntaxError as exc:
            self.p.report(
                r.CRITERION_SYNTAX,
                f"{criterion.kind} condition {criterion.condition!r} does not parse: "
                f"{exc.message} (at offset {exc.offset})",
                location.within("condition"),
                _syntax_hint(criterion.kind),
            )
            return None
        except UnsupportedFeatureError as exc:
            self.p.report(r.CRITERION_UNSUPPORTED, exc.message, location, exc.hint)
            return None
        for reference in compiled.references():
            if criterion.context is not None and reference.text == criterion.context:
                continue  # checked above
            self.reference(reference, scope, location.within("condition"))
        return compiled

    def quoted_structures(self, text: str, location: Location) -> None:
        """A JSON text template that quotes an object/array input: ``"x": "{$inputs.obj}"``."""
        components = self.p.document.components.inputs
        for ref in compile_template(text).expressions:
            quoted = text[ref.start - 2 : ref.start - 1] == '"' and text[ref.end + 1 : ref.end + 2]
            if ref.kind != "inputs" or quoted != '"':
                continue
            schema = input_schema(
                self.workflow.inputs, components, ref.name or "", ref.pointer or ()
            )
            if is_structured(schema, components):
                self.p.report(
                    r.TEMPLATE_QUOTED_STRUCTURE,
                    f'"{{{ref.text}}}" puts an object or array inside a JSON string, so the '
                    "body is not the JSON it looks like",
                    location,
                    f"drop the quotes around {{{ref.text}}}, or use an object payload with "
                    f"{ref.text} as a value",
                )

    # -- references ---------------------------------------------------------------------

    def reference(self, ref: Reference, scope: Scope, location: Location) -> None:
        """Check one runtime expression found at ``location``."""
        kind = ref.kind
        if kind in HTTP_ROOTS and not scope.http:
            self.p.report(
                r.EXPRESSION_SCOPE,
                f"{ref.text} is used in {scope.where}, where there is no HTTP {_missing(scope)}",
                location,
                _scope_hint(scope),
            )
        elif kind == "steps":
            self._step_reference(ref, scope, location)
        elif kind == "inputs":
            self._input_reference(ref, location)
        elif kind == "outputs":
            self._outputs_reference(ref, scope, location)
        elif kind == "workflows":
            self._workflow_reference(ref, location)
        elif kind == "sourceDescriptions":
            self._source_reference(ref, location)
        elif kind == "components":
            self._component_reference(ref, location)

    def _step_reference(self, ref: Reference, scope: Scope, location: Location) -> None:
        step_id, name = ref.id or "", ref.name or ""
        target = self.steps.get(step_id)
        if target is None:
            self.p.report(
                r.STEP_UNKNOWN,
                f"{ref.text}: workflow {self.workflow.workflow_id!r} has no step {step_id!r}",
                location,
                nearest(step_id, self.steps, "steps"),
            )
            return
        current = scope.step
        if current is not None:
            own = step_id == current.step_id
            reachable = current.step_id in self.reach.get(step_id, frozenset())
            if not reachable and not (own and scope.after_outputs):
                why = (
                    "its own outputs, which do not exist yet"
                    if own
                    else f"step {step_id!r}, which cannot have run before {current.step_id!r}"
                )
                self.p.report(
                    r.STEP_ORDER,
                    f"{ref.text} in step {current.step_id!r} reads {why}",
                    location,
                    "read outputs of an earlier step, or move this step after it",
                )
        if name not in target.outputs and not any(name.startswith(o + ".") for o in target.outputs):
            self.p.report(
                r.STEP_OUTPUT_UNKNOWN,
                f"{ref.text}: step {step_id!r} has no output {name!r}",
                location,
                nearest(name, target.outputs, f"outputs of {step_id!r}")
                if target.outputs
                else f"step {step_id!r} declares no outputs; add {name}: <expression>",
            )

    def _input_reference(self, ref: Reference, location: Location) -> None:
        name = ref.name or ""
        candidates = [name[:i] for i, ch in enumerate(name) if ch == "."] + [name]
        names = self.input_names
        if names is None:
            self.used_inputs.update(candidates)
            return
        found = next((c for c in candidates if c in names), None)
        if found is not None:
            self.used_inputs.add(found)
            return
        self.p.report(
            r.INPUT_UNDECLARED,
            f"{ref.text}: workflow {self.workflow.workflow_id!r} declares no input {name!r}",
            location,
            nearest(name, names, "declared inputs")
            if names
            else "declare it under the workflow's inputs properties",
        )

    def _outputs_reference(self, ref: Reference, scope: Scope, location: Location) -> None:
        callee = scope.callee
        name = ref.name or ""
        if callee is not None and name not in callee.outputs:
            self.p.report(
                r.WORKFLOW_REFERENCE,
                f"{ref.text}: workflow {callee.workflow_id!r} has no output {name!r}",
                location,
                nearest(name, callee.outputs, f"outputs of {callee.workflow_id!r}"),
            )

    def _workflow_reference(self, ref: Reference, location: Location) -> None:
        workflow_id, name = ref.id or "", ref.name or ""
        target, _why = self.p.find_workflow(workflow_id)
        if target is None:
            self.p.report(
                r.WORKFLOW_REFERENCE,
                f"{ref.text}: there is no workflow {workflow_id!r}",
                location,
                nearest(workflow_id, self.p.workflow_ids(), "workflows"),
            )
            return
        if ref.field == "outputs":
            declared: Sequence[str] | None = list(target.outputs)
        else:
            names, _ = input_names(target.inputs, self.p.document.components.inputs)
            declared = None if names is None else sorted(names)
        if declared is not None and name not in declared:
            what = "output" if ref.field == "outputs" else "input"
            self.p.report(
                r.WORKFLOW_REFERENCE,
                f"{ref.text}: workflow {workflow_id!r} declares no {what} {name!r}",
                location,
                nearest(name, declared, f"its {ref.field}"),
            )

    def _source_reference(self, ref: Reference, location: Location) -> None:
        name, member = ref.id or "", ref.name or ""
        names = self.p.source_names()
        if name not in names:
            self.p.report(
                r.SOURCE_UNKNOWN,
                f"{ref.text}: there is no source description {name!r}",
                location,
                nearest(name, names, "source descriptions"),
            )
            return
        source = self.p.openapi_source(name)
        if source is None or member in ("url", "type", "name"):
            return
        if member not in source.operations:
            self.p.report(
                r.SOURCE_UNKNOWN,
                f"{ref.text}: source description {name!r} has no operation or field {member!r}",
                location,
                nearest(member, [*source.operations, "url", "type"], "operations"),
            )

    def _component_reference(self, ref: Reference, location: Location) -> None:
        components = self.p.document.components
        group: Mapping[str, Any] = {
            "parameters": components.parameters,
            "successActions": components.success_actions,
            "failureActions": components.failure_actions,
        }.get(ref.field or "", {})
        if (ref.name or "") not in group:
            self.p.report(
                r.COMPONENT_UNKNOWN,
                f"{ref.text}: components.{ref.field} has no {ref.name!r}",
                location,
                nearest(ref.name or "", group, f"components.{ref.field}"),
            )

    # -- findings -----------------------------------------------------------------------

    def _syntax(self, text: str, location: Location) -> None:
        try:
            compile_expression(text)
            detail = "it is not a runtime expression"
        except ExpressionSyntaxError as exc:
            detail = f"{exc.message} (at offset {exc.offset})"
        self.p.report(
            r.EXPRESSION_SYNTAX,
            f"{text!r} does not parse: {detail}",
            location,
            _expression_hint(text),
        )

    def _literal(self, text: str, location: Location) -> None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        self.p.report(
            r.EXPRESSION_LITERAL,
            f"{shown!r} looks like a runtime expression but does not parse, so it is sent as text",
            location,
            _expression_hint(text),
        )

    def unused_inputs(self, also_used: set[str]) -> None:
        """Report required inputs that nothing in the workflow reads."""
        if self.input_names is None:
            return
        for name in sorted(self.required_inputs - self.used_inputs - also_used):
            pointer_holder = self.workflow
            self.p.report(
                r.INPUT_UNUSED,
                f"workflow {self.workflow.workflow_id!r} requires input {name!r} but never uses it",
                pointer_holder.location.within("inputs"),
                f"use $inputs.{name}, or drop it from the required inputs",
            )


def _strings(
    value: Any, tokens: tuple[str | int, ...]
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    if isinstance(value, str):
        yield value, tokens
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, (*tokens, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*tokens, index))


def _expression_hint(text: str) -> str:
    if text.startswith("$steps.") and ".outputs." not in text:
        return "step outputs are read as $steps.<stepId>.outputs.<name>"
    if text.startswith("$"):
        return (
            "runtime expressions start with $url, $method, $statusCode, $request., "
            "$response., $inputs., $outputs., $steps., $workflows., $sourceDescriptions. "
            "or $components."
        )
    return "embed expressions as {$inputs.name}; other braces are literal text"


def _syntax_hint(kind: str) -> str:
    if kind == "simple":
        return "e.g. $statusCode == 200 && $response.body#/ok == true; strings in single quotes"
    if kind == "regex":
        return "a Python regular expression, applied with re.search"
    if kind == "jsonpath":
        return "an RFC 9535 JSONPath query, e.g. $.items[?@.id == 1]"
    return "an XPath expression, e.g. //status = 'ok'"


def _scope_hint(scope: Scope) -> str:
    if scope.phase == "call":
        callee = scope.callee.workflow_id if scope.callee else "<id>"
        return (
            "a workflow step has no HTTP response; test the called workflow's outputs, "
            f"e.g. $outputs.<name> or $workflows.{callee}.outputs.<name>"
        )
    if scope.phase == "workflow":
        return "workflow outputs read step outputs: $steps.<stepId>.outputs.<name>"
    return "the request is not sent yet; read inputs or earlier step outputs instead"


def _missing(scope: Scope) -> str:
    return "request yet" if scope.phase == "request" else "exchange"
