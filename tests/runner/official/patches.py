"""Load the official Arazzo 1.0.0 examples, with named patches for their known defects.

The examples are read from the shared spec data directory at test time, never copied.
A patch is applied to the parsed document (a plain mapping) and checks that the text it
changes is still there, so a new upstream revision of an example fails loudly instead of
being patched silently. Each patch names what it changes, why the example cannot run
without it, and where the defect is recorded (``shared/notes/spec-notes.md``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._yaml import parse_yaml
from arazzo_engine.fetch import path_to_uri
from arazzo_engine.loader import load
from tests.conftest import spec_dir

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from pathlib import Path

    from arazzo_engine.models import ArazzoDocument

Doc = dict[str, Any]


def examples_dir() -> Path:
    """The folder holding the official 1.0.0 examples and their OpenAPI descriptions."""
    return spec_dir() / "examples" / "1.0.0"


@dataclass(frozen=True)
class Patch:
    """One named change to an example document.

    Attributes:
        name: Short id used by tests to pick or leave out the patch.
        what: The change, in words.
        why: Why the example does not run (or not as documented) without it.
        ref: Where the defect is recorded.
        apply: Edits the parsed document in place; asserts the original text is there.
    """

    name: str
    what: str
    why: str
    ref: str
    apply: Callable[[Doc], None]


def step(doc: Doc, workflow_id: str, step_id: str) -> dict[str, Any]:
    """The raw step ``step_id`` of workflow ``workflow_id``."""
    (workflow,) = [w for w in doc["workflows"] if w["workflowId"] == workflow_id]
    (found,) = [s for s in workflow["steps"] if s["stepId"] == step_id]
    return found


def _replace(container: dict[str, Any], key: str, old: Any, new: Any) -> None:
    assert container[key] == old, f"example changed upstream: {key}={container[key]!r}"
    container[key] = new


def _replace_text(container: dict[str, Any], key: str, old: str, new: str) -> None:
    text = container[key]
    assert text.count(old) == 1, f"example changed upstream: {old!r} not once in {key}"
    container[key] = text.replace(old, new)


# --- pet-coupons -----------------------------------------------------------------------


def _pet_coupons_workflow_step_criteria(doc: Doc) -> None:
    for workflow_id in ("apply-coupon", "buy-available-pet"):
        target = step(doc, workflow_id, "place-order")
        assert target["workflowId"] == "place-order"
        assert target["successCriteria"] == [{"condition": "$statusCode == 200"}]
        del target["successCriteria"]


def _pet_coupons_tags_parameter(doc: Doc) -> None:
    (parameter,) = step(doc, "apply-coupon", "find-pet")["parameters"]
    _replace(parameter, "name", "pet_tags", "tags")


def _pet_coupons_pet_id_parameter(doc: Doc) -> None:
    (parameter,) = step(doc, "apply-coupon", "find-coupons")["parameters"]
    _replace(parameter, "name", "pet_id", "petId")


PET_COUPONS_PATCHES = (
    Patch(
        "workflow-step-status-code",
        "drop `successCriteria: [$statusCode == 200]` from the two `workflowId: place-order` "
        "steps, so they succeed when the called workflow succeeds (the engine's default)",
        "a workflowId step sends no request, so $statusCode is undefined and the criterion "
        "always fails; the called workflow already checks its own $statusCode == 200",
        "spec-notes §8 pet-coupons (1.1 fixture workflow-success-criteria)",
        _pet_coupons_workflow_step_criteria,
    ),
    Patch(
        "tags-parameter-name",
        "rename find-pet's query parameter `pet_tags` to the operation's `tags`",
        "findPetsByTags declares `tags`; the engine sends an undeclared `pet_tags` as given, "
        "which the API ignores, so the search is not filtered",
        "spec-notes §8 pet-coupons",
        _pet_coupons_tags_parameter,
    ),
    Patch(
        "pet-id-parameter-name",
        "rename find-coupons' path parameter `pet_id` to the operation's `petId`",
        "getPetCoupons' path /pet/{petId}/coupons cannot be filled: the step fails with "
        "MissingParameterError before sending anything",
        "spec-notes §8 pet-coupons",
        _pet_coupons_pet_id_parameter,
    ),
)

# --- oauth -----------------------------------------------------------------------------

OAUTH_PATCHES: tuple[Patch, ...] = ()
"""oauth runs as published: its defects (the JSONPath criterion that passes for any non-empty
object, the authorization code read from a JSON body) are shown by the tests, not patched."""

# --- bnpl ------------------------------------------------------------------------------

BNPL = "ApplyForLoanAtCheckout"


def _bnpl_quoted_templates(doc: Doc) -> None:
    check = step(doc, BNPL, "checkLoanCanBeProvided")["requestBody"]
    _replace_text(check, "payload", '"{$inputs.customer}"', "{$inputs.customer}")
    _replace_text(check, "payload", '"{$inputs.products}"', "{$inputs.products}")
    initiate = step(doc, BNPL, "initiateBnplTransaction")["requestBody"]
    old = '"{$steps.checkLoanCanBeProvided.outputs.eligibleProducts}"'
    _replace_text(initiate, "payload", old, old[1:-1])


def _bnpl_loan_transaction_id(doc: Doc) -> None:
    outputs = step(doc, BNPL, "initiateBnplTransaction")["outputs"]
    assert "loanTransactionId" not in outputs
    outputs["loanTransactionId"] = "$response.body#/loanTransactionId"


def _bnpl_authorization_parameter(doc: Doc) -> None:
    (parameter,) = step(doc, BNPL, "authenticateCustomerAndAuthorizeLoan")["parameters"]
    _replace(parameter, "name", "redirectAuthToken", "AuthorizationToken")
    _replace(
        parameter,
        "value",
        "$steps.authenticateCustomerAndAuthorizeLoan.outputs.redirectAuthToken",
        "$steps.initiateBnplTransaction.outputs.redirectAuthToken",
    )


def _bnpl_workflow_output(doc: Doc) -> None:
    (workflow,) = doc["workflows"]
    _replace(
        workflow["outputs"],
        "finalizedPaymentPlan",
        "$steps.retrieveFinalizedPaymentPlan.finalizedPaymentPlan",
        "$steps.retrieveFinalizedPaymentPlan.outputs.finalizedPaymentPlan",
    )


def _bnpl_jsonpath(doc: Doc) -> None:
    actions = step(doc, BNPL, "checkLoanCanBeProvided")["onSuccess"]
    found, not_found = actions[1]["criteria"][1], actions[2]["criteria"][1]
    _replace(found, "condition", "$[?count(@.products) > 0]", "$.products[*]")
    _replace(not_found, "condition", "$[?count(@.products) == 0]", "$[?length($.products) == 0]")


BNPL_PATCHES = (
    Patch(
        "quoted-json-templates",
        'unquote the embedded object/array values `"{$inputs.customer}"`, '
        '`"{$inputs.products}"` and `"{$steps.checkLoanCanBeProvided.outputs.eligibleProducts}"` '
        "in the JSON text payloads",
        "an object inside quotes renders as invalid JSON text, which the engine then sends as "
        "one JSON string instead of an object",
        "spec-notes §8 bnpl",
        _bnpl_quoted_templates,
    ),
    Patch(
        "loan-transaction-id-output",
        "add the output `loanTransactionId: $response.body#/loanTransactionId` to "
        "initiateBnplTransaction",
        "retrieveFinalizedPaymentPlan and updateOrderStatus read "
        "$steps.initiateBnplTransaction.outputs.loanTransactionId, which is never defined, so "
        "their path parameter has no value",
        "spec-notes §8 bnpl",
        _bnpl_loan_transaction_id,
    ),
    Patch(
        "authorization-token-parameter",
        "authenticateCustomerAndAuthorizeLoan: name the query parameter `AuthorizationToken` (as "
        "getAuthorization declares it) and read it from initiateBnplTransaction's outputs",
        "the step reads its own (not yet evaluated) output and names a parameter the operation "
        "does not declare, so the required AuthorizationToken is missing",
        "spec-notes §8 bnpl",
        _bnpl_authorization_parameter,
    ),
    Patch(
        "workflow-output-path",
        "workflow output `$steps.retrieveFinalizedPaymentPlan.finalizedPaymentPlan` -> "
        "`$steps.retrieveFinalizedPaymentPlan.outputs.finalizedPaymentPlan`",
        "without `.outputs` the text is not a runtime expression, so it is a literal string",
        "spec-notes §8 bnpl (fixed in the tests/v1.0/pass copy)",
        _bnpl_workflow_output,
    ),
    Patch(
        "jsonpath-rfc9535",
        "checkLoanCanBeProvided's actions: `$[?count(@.products) > 0]` -> `$.products[*]` and "
        "`$[?count(@.products) == 0]` -> `$[?length($.products) == 0]` (RFC 9535 idioms for "
        "the authors' intent)",
        "under RFC 9535 the filter runs over the body's members and count() counts nodes, so "
        "'found' never matches a real body and 'not found' always does: every run would end "
        "after the first step",
        "spec-notes §4 (bnpl row) and §8 bnpl",
        _bnpl_jsonpath,
    ),
)

PATCHES = {
    "pet-coupons": PET_COUPONS_PATCHES,
    "oauth": OAUTH_PATCHES,
    "bnpl": BNPL_PATCHES,
}
FILES = {
    "pet-coupons": "pet-coupons.arazzo.yaml",
    "oauth": "oauth.arazzo.yaml",
    "bnpl": "bnpl-arazzo.yaml",
}


def raw_example(example: str) -> Doc:
    """The example's document as published, parsed (YAML 1.2, like the engine's loader)."""
    path = examples_dir() / FILES[example]
    parsed = parse_yaml(path.read_text(encoding="utf-8"))
    assert isinstance(parsed, dict)
    return parsed


_CACHE: dict[tuple[str, tuple[str, ...]], ArazzoDocument] = {}


def load_example(example: str, *, without: Iterable[str] = ()) -> ArazzoDocument:
    """Load an example with all its patches except those named in ``without``.

    Args:
        example: ``pet-coupons``, ``oauth`` or ``bnpl``.
        without: Names of patches to leave out.

    Returns:
        The loaded document, with its ``uri`` the example's own file (so relative source
        URLs resolve next to it).
    """
    skipped = tuple(sorted(without))
    known = {p.name for p in PATCHES[example]}
    assert set(skipped) <= known, f"unknown patches {set(skipped) - known}"
    key = (example, skipped)
    if key not in _CACHE:
        doc = copy.deepcopy(raw_example(example))
        for patch in PATCHES[example]:
            if patch.name not in skipped:
                patch.apply(doc)
        _CACHE[key] = load(doc, base_uri=path_to_uri(str(examples_dir() / FILES[example])))
    return _CACHE[key]
