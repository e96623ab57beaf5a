"""Loopback emulators of the three APIs behind the official examples.

Each emulator installs routes on a ``LoopbackServer`` and keeps a little state, so it can
answer the way the real API would (its OpenAPI description) and take every branch the
example documents. Where an example reads a field its own OpenAPI description does not
define, the emulator says so in a comment and answers what the example expects.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlencode

from tests.loopback import LoopbackServer
from tests.loopback import Reply
from tests.loopback import Request

if TYPE_CHECKING:
    import re


def form(request: Request) -> dict[str, str]:
    """The request's ``application/x-www-form-urlencoded`` body, one value per field."""
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    pairs = parse_qs(request.body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in pairs.values()), pairs
    return {k: v[0] for k, v in pairs.items()}


# --- pet-coupons: a petstore with coupons --------------------------------------------


@dataclass
class PetStore:
    """The pet-coupons API: pets searchable by tag and status, coupons per pet, orders.

    The pet endpoints need ``Authorization: Bearer <token>`` (petstore_auth); the coupon
    endpoint takes that or an ``api_key`` header; ordering is open (no security).
    """

    server: LoopbackServer
    token: str = "tok-petstore"
    api_key: str = "key-petstore"
    pets: list[dict[str, Any]] = field(default_factory=list)
    coupons: dict[int, dict[str, Any]] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1001)
        route = self.server.route
        route("GET", "/pet/findByTags")(self.find_by_tags)
        route("GET", "/pet/findByStatus")(self.find_by_status)
        route("GET", r"/pet/(\d+)/coupons")(self.coupon)
        route("POST", "/store/order")(self.place_order)

    def add_pet(self, pet_id: int, name: str, tags: list[str], status: str = "available") -> None:
        tag_objects = [{"id": i, "name": t} for i, t in enumerate(tags, 1)]
        self.pets.append(
            {"id": pet_id, "name": name, "photoUrls": [], "price": 100.0, "tags": tag_objects}
            | {"status": status}
        )

    def _authorized(self, request: Request, *, api_key_ok: bool = False) -> bool:
        if request.headers.get("authorization") == f"Bearer {self.token}":
            return True
        return api_key_ok and request.headers.get("api_key") == self.api_key

    def find_by_tags(self, request: Request, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return Reply(401, {"message": "unauthorized"})
        wanted = set(request.query.get("tags", []))
        found = [p for p in self.pets if wanted & {t["name"] for t in p["tags"]}]
        return Reply(200, found)

    def find_by_status(self, request: Request, match: re.Match[str]) -> Reply:
        if not self._authorized(request):
            return Reply(401, {"message": "unauthorized"})
        if "page" not in request.query:
            return Reply(400, {"message": "page is required"})
        (status,) = request.query.get("status", ["available"])
        page = int(request.query["page"][0])
        size = int(request.query.get("pageSize", ["10"])[0])
        found = [p for p in self.pets if p["status"] == status]
        return Reply(200, found[(page - 1) * size : page * size])

    def coupon(self, request: Request, match: re.Match[str]) -> Reply:
        if not self._authorized(request, api_key_ok=True):
            return Reply(401, {"message": "unauthorized"})
        coupon = self.coupons.get(int(match.group(1)))
        if coupon is None:
            return Reply(404, {"message": "Pet not found or coupon not available"})
        return Reply(200, coupon)

    def place_order(self, request: Request, match: re.Match[str]) -> Reply:
        order = request.json()
        if not isinstance(order, dict) or order.get("petId") not in {p["id"] for p in self.pets}:
            return Reply(400, {"message": "Invalid input"})
        known = {c["couponCode"] for c in self.coupons.values()}
        if "couponCode" in order and order["couponCode"] not in known:
            return Reply(400, {"message": "unknown coupon"})
        placed = {"id": next(self._ids), **order}
        self.orders.append(placed)
        return Reply(200, placed)


# --- oauth: an authorization server ----------------------------------------------------


@dataclass
class OAuthServer:
    """The oauth example's authorization server: /authorize and /oauth/token.

    ``/authorize`` answers 200 with a JSON body: the example reads the code from
    ``$response.body#/code`` (a real server redirects with ``?code=``; spec-notes §8) and
    its criteria require ``$response.body#/access_token`` there as well, so the emulator
    returns an implicit-style token beside the code unless ``authorize_mode`` says otherwise.
    Tokens are rotated on refresh: a refresh token works once.
    """

    server: LoopbackServer
    clients: dict[str, tuple[str, str]] = field(default_factory=dict)
    authorize_mode: str = "code-and-token"  # or "code-only", "deny"
    token_reply: tuple[int, Any] | None = None  # forces the token endpoint's answer
    refresh_revoked: bool = False  # every refresh token is refused (invalid_grant)
    codes: dict[str, str] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._serial = itertools.count(1)
        self.server.route("GET", "/authorize")(self.authorize)
        self.server.route("POST", "/oauth/token")(self.token)

    def _new(self, prefix: str) -> str:
        return f"{prefix}-{next(self._serial)}"

    def authorize(self, request: Request, match: re.Match[str]) -> Reply:
        query = {k: v[0] for k, v in request.query.items()}
        client = self.clients.get(query.get("client_id", ""))
        if client is None or client[1] != query.get("redirect_uri"):
            return Reply(400, {"error": "invalid_request"})
        if query.get("response_type") != "code":
            return Reply(400, {"error": "unsupported_response_type"})
        if self.authorize_mode == "deny":
            return Reply(403, {"error": "access_denied", "state": query.get("state")})
        code = self._new("code")
        self.codes[code] = query["client_id"]
        body: dict[str, Any] = {"code": code, "state": query.get("state")}
        if self.authorize_mode == "code-and-token":
            body["access_token"] = self._new("implicit")
        return Reply(200, body)

    def _tokens(self, client_id: str) -> dict[str, Any]:
        access, refresh = self._new("access"), self._new("refresh")
        self.issued.append(access)
        self.refresh_tokens[refresh] = client_id
        return {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": refresh,
        }

    def token(self, request: Request, match: re.Match[str]) -> Reply:
        if self.token_reply is not None:
            return Reply(*self.token_reply)
        fields = form(request)
        grant = fields.get("grant_type")
        client = self.clients.get(fields.get("client_id", ""))
        secret_ok = client is not None and client[0] == fields.get("client_secret")
        if grant == "client_credentials":
            if not secret_ok:
                return Reply(401, {"error": "invalid_client"})
            access = self._new("access")
            self.issued.append(access)
            return Reply(200, {"access_token": access, "token_type": "Bearer", "expires_in": 60})
        if grant == "authorization_code":
            if not secret_ok:
                return Reply(401, {"error": "invalid_client"})
            owner = self.codes.pop(fields.get("code", ""), None)
            redirect_ok = client is not None and client[1] == fields.get("redirect_uri")
            if owner != fields["client_id"] or not redirect_ok:
                return Reply(400, {"error": "invalid_grant"})
            return Reply(200, self._tokens(owner))
        if grant == "refresh_token":
            owner = self.refresh_tokens.pop(fields.get("refresh_token", ""), None)
            if owner is None or self.refresh_revoked:
                return Reply(400, {"error": "invalid_grant"})
            return Reply(200, self._tokens(owner))
        return Reply(400, {"error": "unsupported_grant_type"})


# --- bnpl: a buy-now-pay-later platform ------------------------------------------------


@dataclass
class BnplPlatform:
    """The BNPL API, mounted under ``/bnpl/v1`` (its OpenAPI server URL).

    Known customers are URIs mapped to whether they may borrow; new customers are
    eligible unless their postal code is listed in ``ineligible_postcodes``. Products
    qualify when their code is in ``eligible_codes``. New customers need an eligibility
    check; known ones do not. ``authorization_required`` makes a new loan return a
    ``redirectAuthToken``.
    """

    server: LoopbackServer
    prefix: str = "/bnpl/v1"
    eligible_codes: set[str] = field(default_factory=set)
    known_customers: dict[str, bool] = field(default_factory=dict)
    ineligible_postcodes: set[str] = field(default_factory=set)
    authorization_required: bool = False
    existing_customer_flag: bool | None = None  # forces existingCustomerNotEligible
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    loans: dict[str, dict[str, Any]] = field(default_factory=dict)
    auth_tokens: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        route, p = self.server.route, self.prefix
        route("POST", f"{p}/products")(self.products)
        route("GET", f"{p}/terms-and-conditions")(self.terms)
        route("POST", f"{p}/customers")(self.create_customer)
        route("POST", f"{p}/loan-transactions")(self.create_loan)
        route("GET", f"{p}/auth")(self.authorize)
        route("GET", f"{p}/loan-transactions/([^/]+)")(self.loan)
        route("PATCH", f"{p}/loan-transactions/([^/]+)/status")(self.loan_status)

    @property
    def base_url(self) -> str:
        return self.server.url + self.prefix

    @staticmethod
    def problem(status: int, title: str) -> Reply:
        return Reply(status, {"type": "about:blank", "status": str(status), "title": title})

    def products(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get("products"), list):
            return self.problem(400, "products must be an array in a JSON object")
        customer = body.get("customer")
        known = isinstance(customer, dict) and "uri" in customer
        may_borrow = self.known_customers.get(customer["uri"], False) if known else True
        codes = [
            p["productCode"] for p in body["products"] if p["productCode"] in self.eligible_codes
        ]
        codes = codes if may_borrow else []
        total = sum(
            p["purchaseAmount"]["amount"] for p in body["products"] if p["productCode"] in codes
        )
        # The workflow reads `products` (outputs, JSONPath criteria); the OpenAPI description
        # names the list `productCodes`. The emulator returns both.
        reply: dict[str, Any] = {
            "productCodes": codes,
            "products": codes,
            "eligibilityCheckRequired": not known,
            "totalAmount": {"currency": "EUR", "amount": total},
        }
        flag = self.existing_customer_flag
        if flag is None and known and not may_borrow:
            flag = True
        if flag is not None:
            reply["existingCustomerNotEligible"] = flag
        return Reply(200, reply)

    def terms(self, request: Request, match: re.Match[str]) -> Reply:
        return Reply(200, ["Repay in 3 monthly installments.", "No interest if paid on time."])

    def create_customer(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        required = ("firstName", "lastName", "dateOfBirth", "postalCode")
        if (
            not all(body.get(k) for k in required)
            or body.get("termsAndConditionsAccepted") is not True
        ):
            return self.problem(400, "customer details incomplete")
        if body["postalCode"] in self.ineligible_postcodes:
            return Reply(200, {"reasonCode": "POSTCODE_NOT_SERVED"})
        customer_id = f"cust-{next(self._ids)}"
        self.customers[customer_id] = body
        uri = f"{self.base_url}/customers/{customer_id}"
        return Reply(201, {"customerId": customer_id, "links": {"self": uri}})

    def create_loan(self, request: Request, match: re.Match[str]) -> Reply:
        body = request.json()
        customer = body.get("enrolledCustomer") or body.get("newCustomer")
        products = body.get("products")
        if not customer or not isinstance(products, list) or not products:
            return self.problem(400, "a customer and products are required")
        loan_id = f"loan-{next(self._ids)}"
        self.loans[loan_id] = {"customer": customer, "products": products, "status": "Pending"}
        reply: dict[str, Any] = {
            "loanTransactionId": loan_id,
            "links": {"self": f"{self.base_url}/loan-transactions/{loan_id}"},
        }
        if self.authorization_required:
            token = str(uuid.uuid4())
            self.auth_tokens[token] = loan_id
            reply["redirectAuthToken"] = token
        else:
            self.loans[loan_id]["status"] = "Finalised"
        return Reply(202, reply)

    def authorize(self, request: Request, match: re.Match[str]) -> Reply:
        (token,) = request.query.get("AuthorizationToken", [""])
        loan_id = self.auth_tokens.get(token)
        if loan_id is None:
            return self.problem(400, "unknown authorization token")
        consent = f"{self.server.url}/consent?{urlencode({'loan': loan_id})}"
        return Reply(302, None, {"Location": consent})

    def loan(self, request: Request, match: re.Match[str]) -> Reply:
        loan = self.loans.get(match.group(1))
        if loan is None:
            return self.problem(404, "no such loan")
        schedule = [
            {"paymentDate": f"2025-0{i}-01", "amount": {"currency": "EUR", "amount": 10.0}}
            | {"lastPayment": i == 3}
            for i in (1, 2, 3)
        ]
        return Reply(
            200,
            {
                "customer": loan["customer"],
                "products": [{"productCode": c, "netAmount": 10.0} for c in loan["products"]],
                "status": loan["status"],
                "totalAmount": {"currency": "EUR", "amount": 30.0},
                "paymentSchedule": schedule,
            },
        )

    def loan_status(self, request: Request, match: re.Match[str]) -> Reply:
        loan = self.loans.get(match.group(1))
        if loan is None:
            return self.problem(404, "no such loan")
        loan["status"] = request.json().get("loanStatus", loan["status"])
        return Reply(204)
