"""The official Arazzo 1.0.0 examples validate to exactly their known defects.

spec-notes §8 lists the defects of the examples; every one that can be found
without sending a request is expected here by rule and pointer, and nothing else
except the few real defects §8 does not list (marked "not in §8" below).
Remote source descriptions are loaded from local copies (no network).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from arazzo_engine.loader import load
from arazzo_engine.validation import iter_problems
from tests.conftest import spec_dir

if TYPE_CHECKING:
    from pathlib import Path


def _examples() -> Path:
    return spec_dir() / "examples" / "1.0.0"


def _petstore() -> Path:
    return spec_dir() / "external/swagger-api/swagger-petstore/src/main/resources/openapi.yaml"


EXPECTED: dict[str, list[tuple[str, str]]] = {
    # ./animals.yaml does not exist: one finding for the source; the steps that use
    # it are not reported again.
    "ExtendedParametersExample.arazzo.yaml": [
        ("source-unavailable", "/sourceDescriptions/0/url"),
    ],
    "FAPI-PAR.arazzo.yaml": [
        # $sourceDescriptions.auth-api.PAR, the operationId is 'Par' (hint: did you mean).
        ("operation-not-found", "/workflows/0/steps/0/operationId"),
        # Not in §8: TokenRequestBody is a required input, but TokenStep sends a
        # hand-written JSON template instead of it.
        ("input-unused", "/workflows/0/inputs"),
    ],
    "LoginAndRetrievePets.arazzo.yaml": [
        # operationPath ends at the Path Item, no method segment.
        ("operation-not-found", "/workflows/0/steps/1/operationPath"),
    ],
    "bnpl-arazzo.yaml": [
        # "customer": "{$inputs.customer}" quotes an object input inside a JSON string
        # template (and "products" an array one).
        ("template-quoted-structure", "/workflows/0/steps/0/requestBody/payload"),
        ("template-quoted-structure", "/workflows/0/steps/0/requestBody/payload"),
        # authenticateCustomerAndAuthorizeLoan reads its own output (which it does
        # not even declare: the token is an output of initiateBnplTransaction) ...
        ("step-order", "/workflows/0/steps/4/parameters/0/value"),
        ("step-output-unknown", "/workflows/0/steps/4/parameters/0/value"),
        # ... under the name redirectAuthToken; the operation's is AuthorizationToken.
        ("parameter-unknown", "/workflows/0/steps/4/parameters/0"),
        ("parameter-missing", "/workflows/0/steps/4/parameters"),
        # loanTransactionId is never declared as an output of initiateBnplTransaction.
        ("step-output-unknown", "/workflows/0/steps/5/parameters/0/value"),
        ("step-output-unknown", "/workflows/0/steps/6/parameters/0/value"),
        # Not in §8: updateBnplLoanTransactionStatus takes {status} with
        # additionalProperties: false; the payload sends {loanStatus}.
        ("body-property-missing", "/workflows/0/steps/6/requestBody/payload"),
        ("body-property-unknown", "/workflows/0/steps/6/requestBody/payload/loanStatus"),
        # $steps.retrieveFinalizedPaymentPlan.finalizedPaymentPlan: missing '.outputs'.
        ("expression-syntax", "/workflows/0/outputs/finalizedPaymentPlan"),
    ],
    "oauth.arazzo.yaml": [
        # Not in §8: get-token requires client_id; the refresh request does not send it.
        ("body-property-missing", "/workflows/0/steps/1/requestBody/payload"),
    ],
    "pet-coupons.arazzo.yaml": [
        # The OpenAPI description has no servers.
        ("source-no-servers", "/workflows/0/steps/0/operationId"),
        # pet_tags / pet_id, the operations' parameters are tags / petId.
        ("parameter-unknown", "/workflows/0/steps/0/parameters/0"),
        ("parameter-unknown", "/workflows/0/steps/1/parameters/0"),
        ("parameter-missing", "/workflows/0/steps/1/parameters"),
        # $statusCode == 200 on workflowId steps, which have no HTTP status.
        ("expression-scope", "/workflows/0/steps/2/successCriteria/0/condition"),
        ("expression-scope", "/workflows/1/steps/1/successCriteria/0/condition"),
    ],
}
"""Findings by example, in the order they are reported.

Defects of §8 that are not found statically, on purpose: bnpl's JSONPath criteria
(they parse; RFC 9535 just gives them another meaning), oauth's always-true
JSONPath, FAPI-PAR's requestBody without contentType (its
operation, unresolvable, is the only one concerned) and its ``code`` output read
from the body of a 302. bnpl's ``updateOrderStatus`` is reachable by falling
through from ``retrieveFinalizedPaymentPlan``, so ``step-unreachable`` (which is
conservative) does not report it.
"""


def _overrides(name: str) -> dict[str, str]:
    if name == "LoginAndRetrievePets.arazzo.yaml":
        return {"petStoreDescription": _petstore().as_uri()}
    if name == "bnpl-arazzo.yaml":
        return {"BnplApi": (_examples() / "bnpl-openapi.yaml").as_uri()}
    return {}


def test_all_six_examples_are_covered():
    assert sorted(p.name for p in _examples().glob("*arazzo*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_findings(name):
    doc = load(_examples() / name)
    problems = list(iter_problems(doc, sources=_overrides(name)))
    assert [(p.rule, p.location.pointer) for p in problems] == EXPECTED[name]
    for problem in problems:
        assert problem.location.file is not None
        assert problem.location.file.endswith(name)
        assert problem.location.line is not None
        assert problem.hint


def test_fapi_par_hint_names_the_real_operation_id():
    doc = load(_examples() / "FAPI-PAR.arazzo.yaml")
    first = next(iter(iter_problems(doc)))
    assert first.hint == "did you mean 'Par'?"
