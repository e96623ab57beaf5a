"""The official Arazzo 1.0.0 examples (pet-coupons, oauth, bnpl) run against loopback emulators.

The documents are read from the shared spec data at test time; their known defects are
patched by name (tests/runner/official/patches.py). Each test drives one branch the example
documents and checks the steps taken, what the emulated API received, and the outputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

import httpx
import pytest

import arazzo_engine as az
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.runner import Runner
from tests.runner.official.patches import BNPL
from tests.runner.official.patches import PATCHES
from tests.runner.official.patches import examples_dir
from tests.runner.official.patches import load_example
from tests.runner.official.patches import raw_example
from tests.runner.official.servers import BnplPlatform
from tests.runner.official.servers import OAuthServer
from tests.runner.official.servers import PetStore
from tests.runner.official.servers import form

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.loopback import LoopbackServer


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    """One runner for the module: it loads each example's OpenAPI description once.

    Keep-alive is off because every test starts its own loopback server.
    """
    client = httpx.Client(limits=httpx.Limits(max_keepalive_connections=0))
    with client, Runner(client=client) as shared:
        yield shared


def ids(result: az.WorkflowResult) -> list[str]:
    return [s.step_id for s in result.steps]


def actions(result: az.WorkflowResult) -> list[str | None]:
    return [s.action for s in result.steps]


def test_patches_are_named_explained_and_apply_to_the_published_documents():
    for example, patches in PATCHES.items():
        raw_example(example)  # the file exists in the shared data
        for patch in patches:
            assert patch.what, patch.name
            assert patch.why, patch.name
            assert patch.ref.startswith("spec-notes §"), patch.name
        assert len({p.name for p in patches}) == len(patches)
        load_example(example)  # every patch finds the text it changes


# --- pet-coupons -------------------------------------------------------------------------

PET_INPUTS = {"my_pet_tags": ["puppy", "dalmatian"], "store_id": "pets.example.com"}


@pytest.fixture
def petstore(server: LoopbackServer) -> PetStore:
    store = PetStore(server)
    store.add_pet(7, "Pongo", ["puppy", "dalmatian"])
    store.add_pet(8, "Tom", ["cat"])
    store.add_pet(9, "Perdita", ["dalmatian"], status="sold")
    store.coupons[7] = {"id": 1, "description": "Puppy week", "couponCode": "PUPPY10"}
    return store


def pet_run(
    runner: Runner, store: PetStore, workflow_id: str, inputs: dict[str, Any], **kwargs: Any
) -> Any:
    return runner.run(
        load_example("pet-coupons", **kwargs),
        workflow_id,
        inputs=inputs,
        servers={"pet-coupons": store.server.url},
        auth={"pet-coupons": {"petstore_auth": store.token, "api_key": store.api_key}},
    )


def test_pet_coupons_apply_coupon_finds_pet_and_coupon_and_orders(petstore, drive):
    result = drive(
        load_example("pet-coupons"),
        "apply-coupon",
        inputs=PET_INPUTS,
        servers={"pet-coupons": petstore.server.url},
        auth={"pet-coupons": {"petstore_auth": petstore.token, "api_key": petstore.api_key}},
    )
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["find-pet", "find-coupons", "place-order"]
    assert result.outputs == {"apply_coupon_pet_order_id": 1001}
    assert result.steps[1].outputs == {"my_coupon_code": "PUPPY10"}
    nested = result.steps[2].workflow
    assert nested is not None
    assert nested.workflow_id == "place-order"
    assert ids(nested) == ["place-order"]
    assert nested.outputs == {"workflow_order_id": 1001}

    find, coupons, order = petstore.server.requests
    assert (find.method, find.path) == ("GET", "/pet/findByTags")
    assert find.query == {"tags": ["puppy", "dalmatian"]}  # array, form style, exploded
    assert find.headers["authorization"] == f"Bearer {petstore.token}"
    assert (coupons.method, coupons.path) == ("GET", "/pet/7/coupons")
    # getPetCoupons accepts api_key OR petstore_auth: the first alternative is used
    assert coupons.headers["api_key"] == petstore.api_key
    assert "authorization" not in coupons.headers
    assert (order.method, order.path) == ("POST", "/store/order")
    assert "authorization" not in order.headers  # placeOrder has no security
    assert order.headers["content-type"] == "application/json"
    # the optional `quantity` input was not given, so the payload leaves it out
    assert order.json() == {"petId": 7, "couponCode": "PUPPY10", "status": "placed"} | {
        "complete": False
    }
    assert petstore.orders == [{"id": 1001, **order.json()}]


def test_pet_coupons_no_coupon_for_the_pet_stops_before_ordering(runner, petstore):
    petstore.coupons.clear()
    result = pet_run(runner, petstore, "apply-coupon", PET_INPUTS)
    assert result.status == "failed"
    assert ids(result) == ["find-pet", "find-coupons"]
    assert result.explain().startswith(
        "step find-coupons: expected $statusCode == 200, got 404; the response was: "
    )
    assert result.outputs == {"apply_coupon_pet_order_id": None}
    assert [r.path for r in petstore.server.requests] == ["/pet/findByTags", "/pet/7/coupons"]
    assert petstore.orders == []


def test_pet_coupons_no_matching_pet_fails_without_a_malformed_request(runner, petstore):
    # find-pet answers 200 [] and its output `$response.body#/0/id` is null (lenient
    # outputs); a required path parameter must not be sent as an empty segment.
    result = pet_run(runner, petstore, "apply-coupon", {"my_pet_tags": ["parrot"]})
    assert result.status == "failed"
    assert ids(result) == ["find-pet", "find-coupons"]
    assert result.steps[0].outputs == {"my_pet_id": None}
    assert [r.path for r in petstore.server.requests] == ["/pet/findByTags"]
    coupons = result.steps[1]
    assert coupons.status_code is None
    assert coupons.error is not None
    assert "petId" in coupons.error.message


def test_pet_coupons_buy_available_pet_without_coupon(petstore, drive):
    result = drive(
        load_example("pet-coupons"),
        "buy-available-pet",
        inputs={"store_id": "pets.example.com"},
        servers={"pet-coupons": petstore.server.url},
        auth={"pet-coupons": {"petstore_auth": petstore.token}},
    )
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["find-pet", "place-order"]
    assert result.outputs == {"buy_pet_order_id": 1001}
    find, order = petstore.server.requests
    assert find.path == "/pet/findByStatus"
    # the reusable parameters `page` (component value 1) and `pageSize` (component value 100,
    # overridden by the step's `value: 10`) follow the literal `status`
    assert find.query == {"status": ["available"], "page": ["1"], "pageSize": ["10"]}
    assert find.headers["authorization"] == f"Bearer {petstore.token}"
    assert order.json() == {"petId": 7, "status": "placed", "complete": False}


def test_pet_coupons_place_order_runs_on_its_own_with_all_inputs(runner, petstore):
    inputs = {"pet_id": 8, "quantity": 2, "coupon_code": "PUPPY10"}
    result = pet_run(runner, petstore, "place-order", inputs)
    assert result.status == "succeeded", result.explain()
    assert result.outputs == {"workflow_order_id": 1001}
    (order,) = petstore.server.requests
    assert order.json() == {
        "petId": 8,
        "quantity": 2,
        "couponCode": "PUPPY10",
        "status": "placed",
        "complete": False,
    }


def test_pet_coupons_place_order_rejects_inputs_against_its_schema(runner, petstore):
    with pytest.raises(az.InputValidationError, match="pet_id"):
        pet_run(runner, petstore, "place-order", {"pet_id": "seven"})
    assert petstore.server.requests == []


def test_pet_coupons_unpatched_workflow_step_status_code_fails_after_ordering(runner, petstore):
    # $statusCode is undefined for a workflowId step: the nested order is placed, then the
    # calling step fails its criterion.
    result = pet_run(
        runner, petstore, "apply-coupon", PET_INPUTS, without=["workflow-step-status-code"]
    )
    assert result.status == "failed"
    assert ids(result) == ["find-pet", "find-coupons", "place-order"]
    assert result.explain() == (
        "step place-order: expected $statusCode == 200, got nothing (undefined)"
    )
    assert len(petstore.orders) == 1
    assert result.steps[2].outputs == {"my_order_id": 1001}  # outputs are evaluated on failure


def test_pet_coupons_unpatched_parameter_names(runner, petstore):
    result = pet_run(
        runner, petstore, "apply-coupon", PET_INPUTS, without=["pet-id-parameter-name"]
    )
    assert result.status == "failed"
    assert result.steps[1].error is not None
    assert result.steps[1].error.type == "MissingParameterError"
    assert [r.path for r in petstore.server.requests] == ["/pet/findByTags"]

    petstore.server.requests.clear()
    result = pet_run(runner, petstore, "apply-coupon", PET_INPUTS, without=["tags-parameter-name"])
    # the undeclared `pet_tags` is sent as given (form, exploded); the API filters by `tags`
    # and finds nothing
    assert petstore.server.requests[0].query == {"pet_tags": ["puppy", "dalmatian"]}
    assert result.steps[0].outputs == {"my_pet_id": None}
    assert result.status == "failed"


# --- oauth -------------------------------------------------------------------------------

CLIENT = {"client_id": "app-1", "client_secret": "s3cret"}
REDIRECT = "https://app.example.com/callback"
REFRESH_INPUTS = {
    "my_client_id": "app-1",
    "my_client_secret": "s3cret",
    "my_redirect_uri": REDIRECT,
}


@pytest.fixture
def oauth(server: LoopbackServer) -> OAuthServer:
    return OAuthServer(server, clients={"app-1": ("s3cret", REDIRECT)})


def oauth_run(
    runner: Runner, auth_server: OAuthServer, workflow_id: str, inputs: dict[str, Any]
) -> Any:
    return runner.run(
        load_example("oauth"),
        workflow_id,
        inputs=inputs,
        servers={"apim-auth": auth_server.server.url},
    )


def test_oauth_client_credentials_flow(oauth, drive):
    result = drive(
        load_example("oauth"),
        "client-credentials-flow",
        inputs=CLIENT,
        servers={"apim-auth": oauth.server.url},
    )
    assert result.status == "succeeded", result.explain()
    assert result.outputs == {"access_token": "access-1"}
    (request,) = oauth.server.requests
    assert (request.method, request.path) == ("POST", "/oauth/token")
    assert form(request) == {**CLIENT, "grant_type": "client_credentials"}
    assert [c.passed for c in result.steps[0].criteria] == [True, True]


def test_oauth_client_credentials_rejected(runner, oauth):
    result = oauth_run(
        runner, oauth, "client-credentials-flow", {**CLIENT, "client_secret": "wrong"}
    )
    assert result.status == "failed"
    assert result.steps[0].status_code == 401
    assert result.explain().startswith("step get-client-creds-token: expected $statusCode == 200")
    assert result.outputs == {"access_token": None}


def test_oauth_authorization_code_flow(runner, oauth):
    result = oauth_run(
        runner, oauth, "authorization-code-flow", {**CLIENT, "redirect_uri": REDIRECT}
    )
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["browser-authorize", "get-access-token"]
    assert result.steps[0].outputs == {"code": "code-1"}
    assert result.outputs == {
        "access_token": "access-3",
        "refresh_token": "refresh-4",
        "expires_in": 3600,
    }
    authorize, token = oauth.server.requests
    assert (authorize.method, authorize.path) == ("GET", "/authorize")
    assert authorize.query == {
        "client_id": ["app-1"],
        "redirect_uri": [REDIRECT],
        "response_type": ["code"],
        "scope": ["read"],
        "state": ["12345"],
    }
    assert form(token) == {
        "grant_type": "authorization_code",
        "code": "code-1",
        "redirect_uri": REDIRECT,
        **CLIENT,
    }
    assert oauth.codes == {}  # the code was redeemed


def test_oauth_refresh_token_flow_runs_the_code_flow_then_refreshes(oauth, drive):
    result = drive(
        load_example("oauth"),
        "refresh-token-flow",
        inputs=REFRESH_INPUTS,
        servers={"apim-auth": oauth.server.url},
    )
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["do-the-auth-flow", "do-the-refresh"]
    auth_flow = result.steps[0].workflow
    assert auth_flow is not None
    assert auth_flow.workflow_id == "authorization-code-flow"
    assert ids(auth_flow) == ["browser-authorize", "get-access-token"]
    # the callee's inputs were mapped from the caller's differently named inputs
    assert auth_flow.inputs == {**CLIENT, "redirect_uri": REDIRECT}
    assert result.steps[0].outputs == {"my_refresh_token": "refresh-4"}
    assert result.outputs == {
        "access_token": "access-5",
        "refresh_token": "refresh-6",
        "expires_in": 3600,
    }
    refresh = oauth.server.requests[-1]
    assert form(refresh) == {"grant_type": "refresh_token", "refresh_token": "refresh-4"}
    assert list(oauth.refresh_tokens) == ["refresh-6"]  # refresh-4 was used up
    # the document omits client_id, which the OpenAPI form schema requires: a warning only
    (warning,) = result.steps[1].warnings
    assert "client_id" in warning


def test_oauth_refresh_token_flow_stops_when_authorization_is_denied(runner, oauth):
    oauth.authorize_mode = "deny"
    result = oauth_run(runner, oauth, "refresh-token-flow", REFRESH_INPUTS)
    assert result.status == "failed"
    assert ids(result) == ["do-the-auth-flow"]
    assert result.explain().startswith(
        "step do-the-auth-flow: workflow authorization-code-flow failed: step browser-authorize: "
        "expected $statusCode == 200, got 403"
    )
    assert [r.path for r in oauth.server.requests] == ["/authorize"]


def test_oauth_authorize_without_a_token_in_its_body_fails_the_code_flow(runner, oauth):
    # A standards-like answer (code and state only) fails the document's second criterion,
    # `$response.body#/access_token != null`: the missing member compares like null.
    oauth.authorize_mode = "code-only"
    result = oauth_run(
        runner, oauth, "authorization-code-flow", {**CLIENT, "redirect_uri": REDIRECT}
    )
    assert result.status == "failed"
    assert ids(result) == ["browser-authorize"]
    (failed,) = result.steps[0].failed_criteria
    assert failed.condition == "$response.body#/access_token != null"
    assert [r.path for r in oauth.server.requests] == ["/authorize"]


def test_oauth_refresh_rejected_fails_on_status_though_jsonpath_passes(runner, oauth):
    oauth.refresh_revoked = True
    result = oauth_run(runner, oauth, "refresh-token-flow", REFRESH_INPUTS)
    assert result.status == "failed"
    assert ids(result) == ["do-the-auth-flow", "do-the-refresh"]
    refresh = result.steps[1]
    assert refresh.status_code == 400
    assert form(oauth.server.requests[-1])["refresh_token"] == "refresh-4"
    # `$[?@.access_token != null]` selects the body's member "invalid_grant" (RFC 9535: the
    # filter visits the root's children, where @.access_token is Nothing, and Nothing != null),
    # so only the status criterion fails (spec-notes §4).
    assert [(c.kind, c.passed) for c in refresh.criteria] == [("simple", False), ("jsonpath", True)]
    assert result.outputs == {"access_token": None, "refresh_token": None, "expires_in": None}


@pytest.mark.parametrize(
    ("body", "succeeds"),
    [
        # The authors mean "a token was issued", but under RFC 9535 the filter runs over the
        # members of the body object: any member makes @.access_token Nothing, and
        # Nothing != null holds, so a null token or an error body passes (spec-notes §4).
        ({"access_token": None, "token_type": "Bearer"}, True),
        ({"error": "invalid_grant"}, True),
        ({"access_token": "tok-9"}, True),
        # an object without members gives an empty nodelist: the criterion fails
        ({}, False),
    ],
)
def test_oauth_token_criterion_follows_rfc9535(runner, oauth, body, succeeds):
    oauth.token_reply = (200, body)
    result = oauth_run(runner, oauth, "client-credentials-flow", CLIENT)
    assert result.succeeded is succeeds, result.explain()
    jsonpath = result.steps[0].criteria[1]
    assert (jsonpath.kind, jsonpath.condition) == ("jsonpath", "$[?@.access_token != null]")
    assert jsonpath.passed is succeeds
    assert result.outputs == {"access_token": body.get("access_token")}


# --- bnpl --------------------------------------------------------------------------------

NEW_CUSTOMER = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "dateOfBirth": "1990-12-10T00:00:00Z",
    "postalCode": "EC1A 1BB",
}
KNOWN_CUSTOMER = {"uri": "https://bnpl.example.com/customers/known-1"}
BASKET = [
    {"productCode": "TV-55", "purchaseAmount": {"currency": "EUR", "amount": 499.0}},
    {"productCode": "GIFT-CARD", "purchaseAmount": {"currency": "EUR", "amount": 50.0}},
]


@pytest.fixture
def bnpl(server: LoopbackServer) -> BnplPlatform:
    return BnplPlatform(
        server, eligible_codes={"TV-55"}, known_customers={KNOWN_CUSTOMER["uri"]: True}
    )


def bnpl_run(
    runner: Runner, platform: BnplPlatform, customer: dict[str, Any], **kwargs: Any
) -> Any:
    return runner.run(
        load_example("bnpl", **kwargs),
        BNPL,
        inputs={"customer": customer, "products": BASKET},
        servers={"BnplApi": platform.base_url},
        # the document names the description by its GitHub URL: load the local copy instead
        sources={"BnplApi": str(examples_dir() / "bnpl-openapi.yaml")},
    )


def requests_by_path(platform: BnplPlatform) -> dict[str, Any]:
    prefix = platform.prefix
    return {f"{r.method} {r.path.removeprefix(prefix)}": r for r in platform.server.requests}


def test_bnpl_new_customer_enrolled_and_loan_authorized(bnpl, drive):
    bnpl.authorization_required = True
    result = drive(
        load_example("bnpl"),
        BNPL,
        inputs={"customer": NEW_CUSTOMER, "products": BASKET},
        servers={"BnplApi": bnpl.base_url},
        sources={"BnplApi": str(examples_dir() / "bnpl-openapi.yaml")},
    )
    assert result.status == "succeeded", result.explain()
    assert ids(result) == [
        "checkLoanCanBeProvided",
        "getCustomerTermsAndConditions",
        "createCustomer",
        "initiateBnplTransaction",
        "authenticateCustomerAndAuthorizeLoan",
        "retrieveFinalizedPaymentPlan",
        # the document gives retrieveFinalizedPaymentPlan no action, so the default (next
        # step) runs updateOrderStatus as well
        "updateOrderStatus",
    ]
    assert actions(result) == [
        "goto step getCustomerTermsAndConditions (qualifyingProductsFound)",
        "goto step createCustomer (eligibilityCheckRequired)",
        "goto step initiateBnplTransaction (customerIsEligible)",
        "goto step authenticateCustomerAndAuthorizeLoan (CustomerAuthorizationRequired)",
        "next",
        "next",
        "next",
    ]
    assert [s.status_code for s in result.steps] == [200, 200, 201, 202, 302, 200, 204]
    sent = requests_by_path(bnpl)
    assert list(sent) == [
        "POST /products",
        "GET /terms-and-conditions",
        "POST /customers",
        "POST /loan-transactions",
        "GET /auth",
        "GET /loan-transactions/loan-2",
        "PATCH /loan-transactions/loan-2/status",
    ]
    assert sent["POST /products"].json() == {"customer": NEW_CUSTOMER, "products": BASKET}
    assert sent["POST /customers"].json() == {**NEW_CUSTOMER, "termsAndConditionsAccepted": True}
    customer_uri = f"{bnpl.base_url}/customers/cust-1"
    assert result.step("createCustomer").outputs == {"customer": customer_uri}
    # `{$inputs.customer#/uri}` selects nothing for a new customer: it renders as ""
    assert sent["POST /loan-transactions"].json() == {
        "enrolledCustomer": "",
        "newCustomer": customer_uri,
        "products": ["TV-55"],
    }
    token = result.step("initiateBnplTransaction").outputs["redirectAuthToken"]
    assert sent["GET /auth"].query == {"AuthorizationToken": [token]}
    # the 302 is the step's expected answer; the redirect is reported, not followed
    consent = f"{bnpl.server.url}/consent?loan=loan-2"
    assert result.step("authenticateCustomerAndAuthorizeLoan").outputs == {"redirectUrl": consent}
    assert not any(r.path == "/consent" for r in bnpl.server.requests)
    assert sent["PATCH /loan-transactions/loan-2/status"].json() == {"loanStatus": "Completed"}
    assert bnpl.loans["loan-2"]["status"] == "Completed"
    plan = result.outputs["finalizedPaymentPlan"]
    assert plan["customer"] == customer_uri
    assert plan["products"] == [{"productCode": "TV-55", "netAmount": 10.0}]
    assert len(plan["paymentSchedule"]) == 3


def test_bnpl_known_customer_without_checks_or_authorization(runner, bnpl):
    result = bnpl_run(runner, bnpl, KNOWN_CUSTOMER)
    assert result.status == "succeeded", result.explain()
    assert ids(result) == [
        "checkLoanCanBeProvided",
        "getCustomerTermsAndConditions",
        "initiateBnplTransaction",
        "retrieveFinalizedPaymentPlan",
        "updateOrderStatus",
    ]
    assert actions(result)[:3] == [
        "goto step getCustomerTermsAndConditions (qualifyingProductsFound)",
        "goto step initiateBnplTransaction (eligibilityCheckNotRequired)",
        "goto step retrieveFinalizedPaymentPlan (CustomerAuthorizationNotRequired)",
    ]
    sent = requests_by_path(bnpl)
    assert "POST /customers" not in sent
    assert sent["POST /products"].json()["customer"] == KNOWN_CUSTOMER
    # createCustomer never ran: its output is missing and renders as ""
    assert sent["POST /loan-transactions"].json() == {
        "enrolledCustomer": KNOWN_CUSTOMER["uri"],
        "newCustomer": "",
        "products": ["TV-55"],
    }
    assert result.step("initiateBnplTransaction").outputs["redirectAuthToken"] is None
    assert result.outputs["finalizedPaymentPlan"]["status"] == "Finalised"
    assert result.outputs["finalizedPaymentPlan"]["customer"] == KNOWN_CUSTOMER["uri"]


def test_bnpl_no_qualifying_products_ends_after_the_check(runner, bnpl):
    bnpl.eligible_codes.clear()
    result = bnpl_run(runner, bnpl, NEW_CUSTOMER)
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["checkLoanCanBeProvided"]
    assert actions(result) == ["end (qualifyingProductsNotFound)"]
    assert result.steps[0].outputs["eligibleProducts"] == []
    assert result.outputs == {"finalizedPaymentPlan": None}
    assert len(bnpl.server.requests) == 1


def test_bnpl_new_customer_not_eligible_ends_after_enrolment(runner, bnpl):
    bnpl.ineligible_postcodes.add(NEW_CUSTOMER["postalCode"])
    result = bnpl_run(runner, bnpl, NEW_CUSTOMER)
    assert result.status == "succeeded", result.explain()
    assert ids(result) == [
        "checkLoanCanBeProvided",
        "getCustomerTermsAndConditions",
        "createCustomer",
    ]
    assert result.steps[-1].status_code == 200
    assert result.steps[-1].action == "end (customerIsNotEligible)"
    assert result.steps[-1].outputs == {"customer": None}
    assert bnpl.loans == {}
    assert result.outputs == {"finalizedPaymentPlan": None}


@pytest.mark.parametrize(
    ("flag", "action"),
    [
        # A known customer who may not borrow: the API sets the flag and returns no products.
        # The document's first action tests `existingCustomerNotEligible == false`, the
        # opposite of its name, so it is the "no products" action that ends the run.
        (True, "end (qualifyingProductsNotFound)"),
        # Read literally, a `false` flag ends the workflow at once, products or not.
        (False, "end (existingCustomerNotEligible)"),
    ],
)
def test_bnpl_existing_customer_flag(runner, bnpl, flag, action):
    if flag:
        bnpl.known_customers[KNOWN_CUSTOMER["uri"]] = False
    bnpl.existing_customer_flag = flag
    result = bnpl_run(runner, bnpl, KNOWN_CUSTOMER)
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["checkLoanCanBeProvided"]
    assert actions(result) == [action]
    assert len(bnpl.server.requests) == 1


def test_bnpl_published_jsonpath_ends_the_workflow_even_with_qualifying_products(runner, bnpl):
    # Under RFC 9535 `$[?count(@.products) > 0]` filters the *members* of the response object
    # (productCodes, products, eligibilityCheckRequired, totalAmount); none of them has a
    # `products` member, so count() is 0 for each and "found" selects nothing, while
    # `$[?count(@.products) == 0]` selects all four: "qualifyingProductsNotFound" ends the run
    # although a product qualifies (spec-notes §4). The engine is right; the patch
    # `jsonpath-rfc9535` restores the authors' intent for the branch tests above.
    result = bnpl_run(runner, bnpl, NEW_CUSTOMER, without=["jsonpath-rfc9535"])
    assert result.status == "succeeded", result.explain()
    assert ids(result) == ["checkLoanCanBeProvided"]
    check = result.steps[0]
    assert check.outputs["eligibleProducts"] == ["TV-55"]
    assert check.action == "end (qualifyingProductsNotFound)"
    assert result.outputs == {"finalizedPaymentPlan": None}


def test_bnpl_unpatched_quoted_templates_send_a_json_string(runner, bnpl):
    result = bnpl_run(runner, bnpl, NEW_CUSTOMER, without=["quoted-json-templates"])
    assert result.status == "failed"
    assert ids(result) == ["checkLoanCanBeProvided"]
    assert result.steps[0].status_code == 400
    body = bnpl.server.requests[0].json()
    # the rendered text is not JSON (an object inside quotes), so it went out as one string
    assert isinstance(body, str)
    assert body.startswith('{\n  "customer": "{"firstName":"Ada"')


def test_bnpl_unpatched_loan_transaction_id_leaves_the_path_unfilled(runner, bnpl):
    result = bnpl_run(runner, bnpl, KNOWN_CUSTOMER, without=["loan-transaction-id-output"])
    assert result.status == "failed"
    assert ids(result)[-1] == "retrieveFinalizedPaymentPlan"
    error = result.steps[-1].error
    assert error is not None
    assert error.type == "MissingParameterError"
    assert "loanTransactionId" in error.message
    assert not any(
        r.method == "GET" and "/loan-transactions/" in r.path for r in bnpl.server.requests
    )


def test_bnpl_unpatched_authorization_parameter_sends_no_token(runner, bnpl):
    bnpl.authorization_required = True
    result = bnpl_run(runner, bnpl, NEW_CUSTOMER, without=["authorization-token-parameter"])
    assert result.status == "failed"
    assert ids(result)[-1] == "authenticateCustomerAndAuthorizeLoan"
    assert result.steps[-1].status_code == 400
    auth = requests_by_path(bnpl)["GET /auth"]
    assert auth.query == {}  # the step's own output is not defined yet: nothing to send


def test_bnpl_unpatched_workflow_output_stops_the_run_before_sending(runner, bnpl):
    # `$steps.retrieveFinalizedPaymentPlan.finalizedPaymentPlan` (no `.outputs`) does not
    # parse as a runtime expression: the run refuses the document before any request
    with pytest.raises(DocumentValidationError) as info:
        bnpl_run(runner, bnpl, KNOWN_CUSTOMER, without=["workflow-output-path"])
    (problem,) = info.value.problems
    assert problem.rule == "expression-syntax"
    assert problem.location.pointer == "/workflows/0/outputs/finalizedPaymentPlan"
    assert bnpl.server.requests == []
