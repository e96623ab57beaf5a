"""The Studio simulator's state: flows, revisions, test users, executions and their steps."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.simulators.studio.definitions import walk_from_trigger

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ExecutionRecord",
    "FlowRecord",
    "RevisionRecord",
    "StepRecord",
    "StudioStore",
    "format_date",
    "new_sid",
]


def new_sid(prefix: str) -> str:
    """Return a new Twilio-style SID: a two-letter prefix and 32 lower-case hex digits.

    Args:
        prefix: ``FW`` (flow), ``FN`` (execution), ``FT`` (step), ``FC`` (contact), ``RQ``.

    Returns:
        The SID, e.g. ``FW0f3c…`` (34 characters).
    """
    return prefix + uuid.uuid4().hex


def format_date(timestamp: float | None) -> str | None:
    """Format a POSIX timestamp the way Studio v2 does (ISO 8601, UTC, whole seconds).

    Args:
        timestamp: Seconds since the epoch, or ``None``.

    Returns:
        ``2026-11-26T14:34:46Z``, or ``None`` for ``None``.
    """
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class RevisionRecord:
    """One saved revision of a flow."""

    revision: int
    friendly_name: str
    status: str
    definition: dict[str, Any]
    commit_message: str | None
    date_created: float
    date_updated: float | None = None


@dataclass
class StepRecord:
    """One recorded step (a widget transition) of an execution."""

    sid: str
    parent_step_sid: str | None
    name: str
    transitioned_from: str
    transitioned_to: str
    type: str
    context: dict[str, Any]
    date_created: float


@dataclass
class ExecutionRecord:
    """One execution of a flow for a contact."""

    sid: str
    flow_sid: str
    contact_channel_address: str
    from_address: str
    contact_sid: str
    flow_version: int
    context: dict[str, Any]
    date_created: float
    ends_at: float | None
    """When the execution ends by itself (``None``: only ``Status=ended`` ends it)."""
    ended_at: float | None = None
    """When ``UpdateExecution`` ended it explicitly."""
    steps: list[StepRecord] = field(default_factory=list)
    initiated_by: str = field(default_factory=lambda: new_sid("RQ"))
    """The (simulated) Request SID of the REST call that created it."""

    def end_time(self, now: float) -> float | None:
        """Return when the execution ended, or ``None`` while it is still active.

        Args:
            now: The current time (seconds since the epoch).

        Returns:
            The end time, or ``None``.
        """
        if self.ended_at is not None:
            return self.ended_at
        if self.ends_at is not None and now >= self.ends_at:
            return self.ends_at
        return None

    def status(self, now: float) -> str:
        """Return ``active`` or ``ended`` at time ``now``.

        Args:
            now: The current time (seconds since the epoch).

        Returns:
            The execution's status.
        """
        return "active" if self.end_time(now) is None else "ended"


@dataclass
class FlowRecord:
    """One flow with its revisions, test users and executions."""

    sid: str
    friendly_name: str
    status: str
    definition: dict[str, Any]
    commit_message: str | None
    date_created: float
    date_updated: float | None = None
    revisions: list[RevisionRecord] = field(default_factory=list)
    test_users: list[str] = field(default_factory=list)
    executions: dict[str, ExecutionRecord] = field(default_factory=dict)

    @property
    def revision(self) -> int:
        """The latest revision number."""
        return self.revisions[-1].revision

    def find_revision(self, name: str) -> RevisionRecord | None:
        """Find a revision by number, ``LatestRevision`` or ``LatestPublished``.

        Args:
            name: The ``{Revision}`` path segment.

        Returns:
            The revision, or ``None`` when there is no such revision.
        """
        if name == "LatestRevision":
            return self.revisions[-1]
        if name == "LatestPublished":
            published = [r for r in self.revisions if r.status == "published"]
            return published[-1] if published else None
        if not name.isdigit():
            return None
        return next((r for r in self.revisions if r.revision == int(name)), None)


class StudioStore:
    """Thread-safe in-memory Studio state.

    Every method takes the store's lock, so the HTTP server's request threads can call
    them concurrently. Records returned to callers must only be read while holding
    :attr:`lock` (the app does so while rendering).

    Args:
        execution_duration: Seconds an execution stays ``active`` before it ends by
            itself; ``None`` keeps it active until ``Status=ended``.
        one_active_per_contact: Reject a new execution of a flow for a contact that
            already has an active one (Studio's documented default behaviour; the
            response code is unconfirmed, the simulator answers 409 / 20409).
        clock: The time source (seconds since the epoch); tests may inject one.
    """

    def __init__(
        self,
        *,
        execution_duration: float | None = 2.0,
        one_active_per_contact: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lock = threading.RLock()
        """The lock that guards every record."""
        self.execution_duration = execution_duration
        self.one_active_per_contact = one_active_per_contact
        self.clock = clock
        self.flows: dict[str, FlowRecord] = {}

    def now(self) -> float:
        """Return the store's current time.

        Returns:
            Seconds since the epoch.
        """
        return self.clock()

    def create_flow(
        self, friendly_name: str, status: str, definition: dict[str, Any], commit: str | None
    ) -> FlowRecord:
        """Create a flow and its revision 1.

        Args:
            friendly_name: ``FriendlyName``.
            status: ``draft`` or ``published``.
            definition: The parsed, valid definition.
            commit: ``CommitMessage`` or ``None``.

        Returns:
            The new flow.
        """
        with self.lock:
            now = self.now()
            flow = FlowRecord(new_sid("FW"), friendly_name, status, definition, commit, now)
            flow.revisions.append(RevisionRecord(1, friendly_name, status, definition, commit, now))
            self.flows[flow.sid] = flow
            return flow

    def update_flow(
        self,
        flow: FlowRecord,
        status: str,
        friendly_name: str | None,
        definition: dict[str, Any] | None,
        commit: str | None,
    ) -> FlowRecord:
        """Save a new revision of a flow (the revision number goes up by one).

        Args:
            flow: The flow to update.
            status: The new ``Status``.
            friendly_name: A new name, or ``None`` to keep it.
            definition: A new parsed definition, or ``None`` to keep it.
            commit: ``CommitMessage`` of the new revision, or ``None``.

        Returns:
            The updated flow.
        """
        with self.lock:
            now = self.now()
            flow.status = status
            flow.friendly_name = friendly_name if friendly_name is not None else flow.friendly_name
            flow.definition = definition if definition is not None else flow.definition
            flow.commit_message = commit
            flow.date_updated = now
            flow.revisions.append(
                RevisionRecord(
                    flow.revision + 1, flow.friendly_name, status, flow.definition, commit, now
                )
            )
            return flow

    def get_flow(self, sid: str) -> FlowRecord | None:
        """Return a flow by SID, or ``None``.

        Args:
            sid: The flow SID.

        Returns:
            The flow or ``None``.
        """
        with self.lock:
            return self.flows.get(sid)

    def delete_flow(self, sid: str) -> bool:
        """Delete a flow with its revisions and executions.

        Args:
            sid: The flow SID.

        Returns:
            Whether the flow existed.
        """
        with self.lock:
            return self.flows.pop(sid, None) is not None

    def active_execution_for(self, flow: FlowRecord, contact: str) -> ExecutionRecord | None:
        """Return an active execution of ``flow`` for ``contact``, if there is one.

        Args:
            flow: The flow.
            contact: The contact channel address (``To``).

        Returns:
            The active execution, or ``None``.
        """
        with self.lock:
            now = self.now()
            for execution in flow.executions.values():
                if (
                    execution.contact_channel_address == contact
                    and execution.status(now) == "active"
                ):
                    return execution
            return None

    def create_execution(
        self, flow: FlowRecord, to: str, from_: str, parameters: Any
    ) -> ExecutionRecord:
        """Start an execution of ``flow`` and record the steps its Trigger leads to.

        Args:
            flow: The flow to execute (its latest published revision, else its latest).
            to: ``To``, the contact channel address.
            from_: ``From``, the flow's channel address.
            parameters: The parsed ``Parameters`` (exposed as ``flow.data``).

        Returns:
            The new execution (status ``active``).
        """
        with self.lock:
            now = self.now()
            revision = flow.find_revision("LatestPublished") or flow.revisions[-1]
            sid = new_sid("FN")
            context: dict[str, Any] = {
                "flow": {
                    "flow_sid": flow.sid,
                    "sid": sid,
                    "channel": {"address": from_},
                    "data": parameters,
                    "variables": {},
                },
                "contact": {"channel": {"address": to}},
                "trigger": {
                    "request": {"to": to, "from": from_, "parameters": parameters},
                },
                "widgets": {},
            }
            ends_at = None if self.execution_duration is None else now + self.execution_duration
            execution = ExecutionRecord(
                sid, flow.sid, to, from_, new_sid("FC"), revision.revision, context, now, ends_at
            )
            parent: str | None = None
            for move in walk_from_trigger(revision.definition):
                if move.widget_type == "trigger":
                    step_context = {"flow": context["flow"], "trigger": context["trigger"]}
                else:
                    widget = {"status": move.event, "name": move.from_widget}
                    context["widgets"][move.from_widget] = widget
                    step_context = {"widgets": {move.from_widget: widget}}
                step = StepRecord(
                    new_sid("FT"),
                    parent,
                    move.event,
                    move.from_widget,
                    move.to_widget,
                    move.widget_type,
                    step_context,
                    now,
                )
                execution.steps.append(step)
                parent = step.sid
            flow.executions[sid] = execution
            return execution

    def get_execution(self, flow: FlowRecord, sid: str) -> ExecutionRecord | None:
        """Return an execution of ``flow`` by SID, or ``None``.

        Args:
            flow: The flow.
            sid: The execution SID.

        Returns:
            The execution or ``None``.
        """
        with self.lock:
            return flow.executions.get(sid)

    def end_execution(self, execution: ExecutionRecord) -> ExecutionRecord:
        """End an active execution now (``UpdateExecution Status=ended``).

        Args:
            execution: The execution.

        Returns:
            The execution.
        """
        with self.lock:
            if execution.end_time(self.now()) is None:
                execution.ended_at = self.now()
            return execution

    def delete_execution(self, flow: FlowRecord, sid: str) -> bool:
        """Delete an execution with its steps.

        Args:
            flow: The flow.
            sid: The execution SID.

        Returns:
            Whether the execution existed.
        """
        with self.lock:
            return flow.executions.pop(sid, None) is not None
