"""The technician's maintenance screen, behind the corner gesture and the PIN.

In the technician's language (the exhibition's ``technician: {language: ...}``), with
finger-sized buttons: resume; what the kiosk shows and since when, with ``kiosk doctor``'s
findings; update from a USB stick with a progress bar; roll back; restart the kiosk;
reboot or shut down the box; leave to a console. Buttons that end something ask for a
second tap. Slow work (doctor, update, rollback) runs in a thread and comes back through
the Clock; the screen raises events for what the app does (resume, restart, leave, power).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from ...content.text import is_rtl
from ...content.problems import first_problems
from ...content.update import UpdateError
from ..kvload import load_kv
from ..widgets.buttons import KButton  # noqa: F401 - in maintenance.kv, as are the others
from ..widgets.card import Card
from ..widgets.progress import ProgressLine  # noqa: F401
from ..widgets.text import KLabel  # noqa: F401
from .base import KioskScreen, mirror

CONFIRM_SECONDS = 5.0
"""A second tap within this time confirms a button that ends something."""
CONFIRMED = ("rollback", "restart", "reboot", "power_off", "console", "reject")


class MaintenanceTools(Protocol):
    """What the maintenance screen works with, given by the app (the technician's tools,
    ``kiosk.technician.maintenance.MaintenanceTools``; tests give their own). Each call
    but ``reboot`` and ``power_off`` is slow and made off the UI thread."""

    def check(self) -> list[Any]:
        """``kiosk doctor``'s findings, each with ``status`` (OK, WARN, FAIL, SKIP), ``name``,
        ``found`` and ``fix``; a doctor that cannot run is one FAIL finding, never a raise."""

    def update(self, stick: Any, report: Callable[[Any], None]) -> None:
        """Update from ``stick`` (with ``name``), each step given to ``report`` (with
        ``phase``, ``fraction``, ``problems``, ``message`` and ``version``)."""

    def rollback(self) -> str:
        """Bring back the content shown before; the version now live (``UpdateError`` if none)."""

    def reboot(self) -> str | None:
        """Ask the box to reboot: None when asked, else why it could not."""

    def power_off(self) -> str | None:
        """Ask the box to shut down: None when asked, else why it could not."""

    def waiting_messages(self) -> list[Any]:
        """The book of remembrance's messages waiting for a decision, oldest first, each with
        ``id``, ``section``, ``written``, ``text``, ``name``, ``place`` and ``language``."""

    def decide_message(self, message_id: str, approve: bool) -> bool:
        """Approve or reject one message; False when there is no such message."""


class Sheet(Card):
    """A card over the whole screen: while shown, no touch reaches what is under it."""

    def on_touch_down(self, touch: Any) -> bool:
        return bool(super().on_touch_down(touch) or (self.shown and self.collide_point(*touch.pos)))


class MaintenanceScreen(KioskScreen):
    """Events up: ``on_resume``, ``on_restart``, ``on_console`` (leave to a console)."""

    screen_name = "maintenance"

    message = StringProperty("")
    stick_name = StringProperty("")
    working = BooleanProperty(False)
    moderating = BooleanProperty(False)
    """The book's waiting messages are open, one at a time, to approve or reject."""

    __events__ = ("on_resume", "on_restart", "on_console")

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        self.tools: MaintenanceTools | None = None
        self.status_of: Callable[[], Any] | None = None
        self.status: Any = None
        """What the kiosk shows (``kiosk.technician.maintenance.KioskStatus``)."""
        self.stick: Any = None
        self.findings: list[Any] | None = None
        self.progress: Any = None
        self.armed: tuple[str, float] | None = None
        self._doctor_running = False
        self.waiting: list[Any] | None = None
        """The book's messages waiting for a decision (None until read)."""
        self.shown_message = 0
        super().__init__(context, **kwargs)
        ids = self.ids
        self.buttons = {"resume": ids.resume, "usb": ids.usb, "rollback": ids.rollback, "restart": ids.restart,
                        "reboot": ids.reboot, "power_off": ids.power_off, "console": ids.console}
        for name, button in self.buttons.items():
            button.bind(on_release=lambda _b, n=name: self.press(n))
        self.book_buttons = {"approve": ids.approve, "reject": ids.reject, "next_message": ids.next_message,
                             "close_book": ids.close_book, "book": ids.book}
        for name, button in self.book_buttons.items():
            button.bind(on_release=lambda _b, n=name: self.press(n))
        self.bind(moderating=lambda *_: self.refresh())
        self.refresh()

    def on_resume(self) -> None:
        pass

    def on_restart(self) -> None:
        pass

    def on_console(self) -> None:
        pass

    # -- what the app gives it ------------------------------------------------------------
    def open_with(self, tools: MaintenanceTools, status_of: Callable[[], Any], stick: Any,
                  language: str) -> None:
        """Shown afresh: the technician's language, what the kiosk shows, the stick if one is in.
        ``status_of()`` reads what the kiosk shows (again after an update or a rollback)."""
        self.tools, self.status_of, self.stick = tools, status_of, stick
        self.status = status_of()
        self.armed = None
        if not self.working:
            self.message, self.progress = "", None
        self.language, self.rtl = language, is_rtl(language)
        self.moderating = False
        self.refresh()
        self.run_doctor()
        self.read_book()

    def stick_arrived(self, stick: Any) -> None:
        self.stick = stick
        self.refresh()

    def stick_gone(self, stick: Any) -> None:
        if self.stick == stick:
            self.stick = None
        self.refresh()

    # -- buttons ----------------------------------------------------------------------------
    def press(self, name: str) -> None:
        now = self.context.clock()
        if name in CONFIRMED:
            if self.armed is None or self.armed[0] != name or now - self.armed[1] > CONFIRM_SECONDS:
                self.armed = (name, now)
                self.refresh()
                return
        self.armed = None
        if name == "resume":
            self.dispatch("on_resume")
        elif name == "usb":
            self.start_update()
        elif name == "rollback":
            self.start_rollback()
        elif name == "restart":
            self.dispatch("on_restart")
        elif name == "console":
            self.dispatch("on_console")
        elif name == "book":
            self.moderating, self.shown_message = True, 0
        elif name == "close_book":
            self.moderating = False
        elif name == "next_message" and self.waiting:
            self.shown_message = (self.shown_message + 1) % len(self.waiting)
        elif name in ("approve", "reject"):
            self.decide(name == "approve")
        elif name in ("reboot", "power_off") and self.tools is not None:
            refused = self.tools.reboot() if name == "reboot" else self.tools.power_off()
            self.message = self.t("m_power_refused", reason=refused) if refused else self.t(f"m_{name}_asked")
        self.refresh()

    # -- work off the UI thread ---------------------------------------------------------------
    def _in_thread(self, work: Callable[[], None]) -> None:
        self.working = self.busy = True
        threading.Thread(target=work, name="maintenance", daemon=True).start()

    def _done(self, _dt: float = 0) -> None:
        self.working = self.busy = False
        if self.status_of is not None:
            self.status = self.status_of()
        self.refresh()

    def run_doctor(self) -> None:
        if self._doctor_running or self.tools is None:
            return
        self._doctor_running = True
        self.findings = None
        tools = self.tools

        def work() -> None:
            found = tools.check()
            Clock.schedule_once(lambda _dt: self._show_findings(found), 0)

        threading.Thread(target=work, name="doctor", daemon=True).start()

    def _show_findings(self, found: list[Any]) -> None:
        self._doctor_running = False
        self.findings = found
        self.refresh()

    def read_book(self) -> None:
        """The waiting messages, read off the UI thread."""
        if self.tools is None or not hasattr(self.tools, "waiting_messages"):
            return
        tools = self.tools

        def work() -> None:
            try:
                found = tools.waiting_messages()
            except Exception as exc:  # noqa: BLE001 - said on the screen, the rest goes on
                text = self.t("m_failed", reason=str(exc))
                Clock.schedule_once(lambda _dt: setattr(self, "message", text), 0)
                found = []
            Clock.schedule_once(lambda _dt: self._show_waiting(found), 0)

        threading.Thread(target=work, name="book", daemon=True).start()

    def _show_waiting(self, found: list[Any]) -> None:
        self.waiting = found
        self.shown_message = min(self.shown_message, max(0, len(found) - 1))
        self.refresh()

    def decide(self, approve: bool) -> None:
        """Approve or reject the message shown, then read what still waits."""
        if self.tools is None or not self.waiting:
            return
        message = self.waiting[self.shown_message]
        tools = self.tools

        def work() -> None:
            try:
                tools.decide_message(message.id, approve)
                text = self.t("m_book_approved" if approve else "m_book_rejected")
            except Exception as exc:  # noqa: BLE001
                text = self.t("m_failed", reason=str(exc))
            Clock.schedule_once(lambda _dt: setattr(self, "message", text), 0)
            Clock.schedule_once(lambda _dt: self.read_book(), 0)

        # gone from the list at once, so a second tap never decides the next one
        self.waiting = [m for m in self.waiting if m is not message]
        self.shown_message = min(self.shown_message, max(0, len(self.waiting) - 1))
        threading.Thread(target=work, name="book", daemon=True).start()

    def _book_texts(self) -> None:
        ids = self.ids
        waiting = self.waiting or []
        ids.book.raw = self.t("m_book", count=len(waiting)) if waiting else self.t("m_book_none")
        ids.book.disabled = not waiting
        ids.approve.raw, ids.next_message.raw = self.t("m_approve"), self.t("m_next_message")
        ids.reject.raw = self._label("reject")
        ids.reject.selected = self.armed is not None and self.armed[0] == "reject"
        ids.close_book.raw = self.t("m_close_book")
        if not waiting:
            ids.book_position.raw, ids.book_text.raw, ids.book_signed.raw = self.t("m_book_none"), "", ""
            for button in (ids.approve, ids.reject, ids.next_message):
                button.disabled = True
            return
        for button in (ids.approve, ids.reject):
            button.disabled = False
        ids.next_message.disabled = len(waiting) < 2
        shown = waiting[min(self.shown_message, len(waiting) - 1)]
        section = self.context.exhibition.section(shown.section)
        title = self.tx(section.title) if section is not None else shown.section
        ids.book_position.raw = self.t("m_book_of", index=self.shown_message + 1, count=len(waiting), section=title)
        ids.book_text.raw = shown.text
        ids.book_signed.raw = " · ".join(p for p in (shown.name, shown.place, f"{shown.written:%Y-%m-%d %H:%M}",
                                                     shown.language) if p)

    def start_update(self) -> None:
        if self.working or self.stick is None or self.tools is None:
            return
        stick, tools = self.stick, self.tools

        def report(step: Any) -> None:
            Clock.schedule_once(lambda _dt: self._show_progress(step), 0)

        def work() -> None:
            tools.update(stick, report)
            Clock.schedule_once(self._done, 0)

        self._in_thread(work)
        self.refresh()

    def _show_progress(self, step: Any) -> None:
        self.progress = step
        self.refresh()

    def start_rollback(self) -> None:
        if self.working or self.tools is None:
            return
        tools = self.tools

        def work() -> None:
            try:
                text = self.t("m_rolled_back", version=tools.rollback())
            except UpdateError as exc:
                text = self.t("m_failed", reason=str(exc))
            Clock.schedule_once(lambda _dt: setattr(self, "message", text), 0)
            Clock.schedule_once(self._done, 0)

        self.message = self.t("m_rolling_back")
        self._in_thread(work)

    # -- drawing -------------------------------------------------------------------------------
    def _label(self, name: str) -> str:
        if self.armed is not None and self.armed[0] == name:
            return self.t("m_confirm", action=self.t(f"m_{name}"))
        if name == "reject":
            return self.t("m_reject")
        if name == "rollback" and self.status is not None and self.status.previous:
            return self.t("m_rollback_to", version=self._ltr(self.status.previous))
        return self.t(f"m_{name}")

    def _ltr(self, value: object) -> str:
        """A path, version or date inside right-to-left text stays one left-to-right run
        (isolated: its leading slash stays in front)."""
        return f"\u2066{value}\u2069" if self.rtl else str(value)

    def _status_lines(self) -> list[str]:
        status = self.status
        if status is None:
            return []
        lines = [self.t("m_version", version=self._ltr(status.version))]
        if status.content:
            since = status.since.strftime("%Y-%m-%d %H:%M") if status.since else "?"
            lines.append(self.t("m_content", version=self._ltr(status.content), since=self._ltr(since)))
        lines.append(self.t("m_shown", path=self._ltr(status.shown)))
        lines.append(self.t("m_signed_by", signer=self._ltr(status.signed_by)) if status.signed_by else self.t("m_unsigned"))
        if status.trusted is None:
            lines.append(self.t("m_trust_broken"))
        elif status.trusted:
            lines.append(self.t("m_trusts", keys=", ".join(self._ltr(key) for key in status.trusted)))
        else:
            lines.append(self.t("m_trusts_none"))
        if status.opening is not None:
            is_open, change = status.opening
            when = self._ltr(f"{change:%Y-%m-%d %H:%M}") if change is not None else "-"
            lines.append(self.t("m_open_until" if is_open else "m_closed_until", time=when))
        if status.problems:
            lines.append(self.t("m_problems", count=len(status.problems)))
            lines += [f"  {p}" for p in first_problems(status.problems, 6)]
        else:
            lines.append(self.t("m_no_problems"))
        return lines

    def _doctor_lines(self) -> list[str]:
        if self.findings is None:
            return [self.t("m_checking")]
        failed = sum(f.status == "FAIL" for f in self.findings)
        warned = sum(f.status == "WARN" for f in self.findings)
        lines = [self.t("m_doctor", failed=failed, warned=warned)]
        for finding in self.findings:
            if finding.status in ("FAIL", "WARN"):
                lines.append(f"{finding.status} {finding.name}: {finding.found}")
                if finding.fix:
                    lines.append(f"    -> {finding.fix}")
        return lines

    def _progress_text(self) -> str:
        step = self.progress
        if step is None:
            return self.message
        percent = int(step.fraction * 100)
        if step.phase == "checking":
            return self.t("m_stick_checking", name=self.stick_name)
        if step.phase == "copying":
            return self.t("m_copying", percent=percent)
        if step.phase == "preparing":
            return self.t("m_preparing", percent=percent) + "\n" + self.t("m_may_pull")
        if step.phase == "done":
            return self.t("m_updated", version=self._ltr(step.version)) + "\n" + self.t("m_may_pull")
        if step.phase == "problems":
            return "\n".join([self.t("m_stick_problems"), *first_problems(step.problems)])
        return self.t("m_failed", reason=step.message)

    def refresh(self) -> None:
        if not hasattr(self, "buttons"):
            return
        ids = self.ids
        self.stick_name = self.stick.name if self.stick is not None else ""
        ids.title.raw = self.t("m_title")
        ids.status.raw = "\n".join(self._status_lines())
        ids.doctor.raw = "\n".join(self._doctor_lines())
        for name, button in self.buttons.items():
            button.raw = self._label(name)
            button.selected = self.armed is not None and self.armed[0] == name
        ids.usb.raw = (self.t("m_usb", name=self.stick_name) if self.stick is not None else self.t("m_usb_none"))
        ids.usb.disabled = self.stick is None or self.working
        ids.rollback.disabled = self.working or self.status is None or not self.status.previous
        ids.progress_text.raw = self._progress_text()
        self._book_texts()
        step = self.progress
        ids.bar.opacity = 1 if step is not None and step.phase in ("copying", "preparing", "done") else 0
        ids.bar.value = step.fraction if step is not None else 0
        ids.bar.rtl = self.rtl
        for label in (ids.title, ids.status, ids.doctor, ids.progress_text, *self.buttons.values(),
                      ids.book_position, ids.book_signed, *self.book_buttons.values()):
            label.rtl = self.rtl
        mirror(ids.book_actions, [ids.approve, ids.reject, ids.next_message, ids.close_book], self.rtl)
        mirror(ids.header, [ids.title, ids.resume], self.rtl)
        if not self.portrait:
            mirror(ids.columns, [ids.info, ids.actions], self.rtl)
