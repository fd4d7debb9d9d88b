"""The shell: screens, idle and attract timers, lockdown, and the wiring between them.

Screens get the validated exhibition and raise events; the app decides where to go.
Time comes from ``clock`` (monotonic seconds) and ``wall_clock`` (local datetime), both
passed in so that tests step them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from ..content.lastgood import is_good
from ..content.schedule import SilenceKeeper, local_now, quiet_at
from ..content.loader import LoadResult
from ..content.text import is_rtl
from ..analytics.book import BookStore, default_book_database
from ..analytics.recorder import exhibition_version, recorder_for
from ..content.models import RemembranceBookSection
from ..technician.pin import PinAttempts, PinStore
from .lockdown import CornerHold
from ..technician.maintenance import IDLE_SECONDS as MAINTENANCE_IDLE
from ..technician.maintenance import LEAVE_FOR_MAINTENANCE, RESTART, KioskStatus, MaintenanceTools, kiosk_status
from ..media.assets import Assets
from ..media.playback import FFPyPlayback, Playback
from .memory import drop_label_surfaces, trim_heap, tune_heap
from .sleep import DisplaySleeper, DisplayState, NightWatch
from ..technician.display import choose_power
from ..visit.session import AttractLoop, IdlePhase, IdleWatch
from ..ui import navigation as to
from ..ui import theme
from ..ui.ground import Fade, Ground, WholeScreens
from ..ui.i18n import Strings, language_name
from ..ui.screens import SCREENS
from ..ui.screens.attract import AttractScreen
from ..ui.screens.base import KioskScreen, ScreenContext
from ..ui.screens.maintenance import MaintenanceScreen
from ..ui.textures import TextureCache
from ..ui.theme import Metrics
from ..ui.widgets.overlays import (AccessChooser, IdleWarning, LanguageChooser, PinPad, ProblemMarker,
                                   SetupNeeded, Stillness)

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25
DRAFT_WARNING = 15.0
"""The shortest "still there?" countdown before a message half written is discarded, whatever
the exhibition's own ``idle.warning`` (even 0)."""
DARK_FPS = 4.0
"""Kivy's loop wakes this often while the screen sleeps: nothing is drawn, a touch is seen
within a quarter of a second."""
KEY_ESCAPE, KEY_F1 = 27, 282



class _BackToAttract(ExceptionHandler):
    """An unexpected error in a screen is logged and the kiosk returns to the attract loop."""

    def __init__(self, app: "KioskApp") -> None:
        super().__init__()
        self.app = app

    def handle_exception(self, inst: BaseException) -> int:
        if isinstance(inst, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.exception("unexpected error in a screen; back to the attract loop", exc_info=inst)
        self.app.errors += 1
        Clock.schedule_once(lambda _dt: self.app.go_attract("error"), 0)
        return ExceptionManager.PASS


class KioskApp(App):
    """The kiosk. ``loaded`` is a validated exhibition; nothing here reads YAML."""

    title = "Kiosk"

    def __init__(self, loaded: LoadResult, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], dt.datetime] = local_now,
                 textures: TextureCache | None = None, pin_store: PinStore | None = None,
                 corner: str = "top-left", problem: str | None = None,
                 maintenance: MaintenanceTools | None = None, playback: Playback | None = None,
                 sleeper: DisplaySleeper | None = None, dark_fps: float | None = DARK_FPS,
                 book: Path | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if loaded.exhibition is None:
            raise ValueError("the kiosk needs an exhibition that loaded")
        self.loaded = loaded
        self.exhibition = loaded.exhibition
        self.pending: LoadResult | None = None
        """A reloaded exhibition waiting for the visitor to finish (applied on the next return home)."""
        self.problem = problem
        """Why the content on screen is not the curator's latest (broken save, last good copy shown)."""
        self.clock = clock
        self.wall_clock = wall_clock
        self.textures = textures
        self.playback = playback or FFPyPlayback()
        """What plays clips: ffpyplayer, or the null backend the tests step (kiosk/media/playback.py)."""
        self.pins = PinAttempts(pin_store or PinStore())
        self.corner = CornerHold(corner)
        self._corner_touch: Any = None
        """The touch holding the corner now, to see whether a widget took it (a button press)."""
        self.language = self.exhibition.default_language
        self.palette = theme.NORMAL
        self.text_scale = 1.0
        """Large text and high contrast, a visitor's choice for their visit (passed down to the screens)."""
        self.strings = Strings()
        self.screens: dict[str, KioskScreen] = {}
        self.history: list[tuple[str, to.Destination]] = []
        """The screens the visitor came through, each with where they asked to go (for Back)."""
        self.overlay: Any = None
        self.errors = 0
        self.exit_reason: str | None = None
        self.analytics = recorder_for(self.exhibition, loaded.files, loaded.source, clock=clock, wall_clock=wall_clock)
        """What visitors did (kiosk/analytics), from the exhibition's `analytics` setting."""
        self.book_path = Path(book) if book is not None else None
        """Where the book of remembrance is kept (default: $KIOSK_BOOK, else $KIOSK_HOME/book.sqlite3)."""
        self.book: BookStore | None = None
        """The book of remembrance's messages, opened when the exhibition has a book (kiosk/analytics/book.py)."""
        self._open_book()
        self.exit_status = 0
        """What ``kiosk run`` exits with (kiosk.service does not restart on LEAVE_FOR_MAINTENANCE)."""
        if maintenance is None:
            from ..content.update import default_content_dir

            maintenance = MaintenanceTools(default_content_dir())
        if getattr(maintenance, "book", False) is None and self.book is not None:
            maintenance.book = self.book.path  # the technician moderates the book this kiosk keeps
        self.maintenance_tools = maintenance
        self.stick: Any = None
        """The USB stick holding an exhibition that is in now (kiosk.technician.usb.Stick), from the watcher."""
        self.stick_pad: Any = None
        """The PIN pad a stick opened: the right PIN there starts the update from it."""
        now = clock()
        idle = self.exhibition.idle
        self.idle = IdleWatch(idle.timeout, idle.warning, now)
        self.assets = Assets.of(loaded, getattr(textures, "renditions", None))
        """Every media file of the exhibition shown, resolved once (kiosk/media/assets.py)."""
        self.attract = AttractLoop(self.exhibition, self.assets, wall_clock)
        self._tick_event = None
        self._exceptions = _BackToAttract(self)
        self.stillness: Stillness | None = None
        self.stillness_for: object = None
        """The quiet hours or silence entry now on screen."""
        self.night = NightWatch(self.exhibition.opening, self.exhibition.idle.timeout)
        """Whether the screen should sleep now (the opening hours; shell/sleep.py)."""
        self.sleeper = sleeper or DisplaySleeper(
            lambda: choose_power(self.exhibition.technician.display_power)[0])
        """Switches the display off and on, off the UI thread, and says so in display.json."""
        self.dark: bool | None = None
        """True while the screen sleeps; None until the first tick has decided."""
        self.dark_fps = dark_fps
        """How often Kivy's loop wakes while the screen sleeps (None: leave it, as the harness does)."""
        self._darkness: Widget | None = None
        self._swallowed: set[Any] = set()
        """Touches that woke the screen, or fell on it while dark: none of their moves or lifts goes on."""
        self._fps: float | None = None
        self.silences = SilenceKeeper()
        """Each minute of silence held once, whatever the wall clock does (content/schedule.py)."""

    # -- life cycle ---------------------------------------------------------------------
    def build(self) -> FloatLayout:
        tune_heap()  # before the photo decoders start: days of photos must not grow the heap
        drop_label_surfaces()
        theme.register_fonts()
        Window.clearcolor = self.palette.BACKGROUND
        self.metrics = Metrics(int(Window.width), int(Window.height))
        if self.textures is None:
            self.textures = TextureCache(None)
        self.assets.renditions = self.textures.renditions  # PDF pages are drawn into the kiosk's cache
        self.context = ScreenContext(self.exhibition, self.assets, self.strings, self.textures, self.metrics,
                                     self.clock, self.analytics, playback=self.playback, book=self.book)
        root = Ground()  # the window's clear colour is every screen's background
        # a fade draws both screens into framebuffers cleared to the ground, not to black
        self.manager = WholeScreens(transition=Fade(duration=0.25, clearcolor=self.palette.BACKGROUND))
        root.add_widget(self.manager)
        self.marker = ProblemMarker(size_hint=(None, None), size=(18 * self.metrics.u, 18 * self.metrics.u),
                                    pos_hint={"right": 0.995, "top": 0.995}, opacity=1 if self.problem else 0)
        root.add_widget(self.marker)
        self.layer = FloatLayout()
        root.add_widget(self.layer)
        Window.bind(on_touch_down=self._window_touch_down, on_touch_move=self._window_touch_move,
                    on_touch_up=self._window_touch_up,
                    on_request_close=self._refuse_close, on_keyboard=self._on_keyboard)
        ExceptionManager.add_handler(self._exceptions)
        self._tick_event = Clock.schedule_interval(self.tick, TICK_SECONDS)
        Clock.schedule_once(self.save_screenshot, 10)  # only with $KIOSK_SCREENSHOT (a fleet's status)
        self.go_attract()
        return root

    def start_in_window(self) -> None:
        """Build the app into Kivy's window without running Kivy's loop: the caller makes the
        frames (``kiosk/shell/harness.py``, for tests, benchmarks and ``kiosk preview``)."""
        self._run_prepare()

    def on_stop(self) -> None:
        if self._tick_event is not None:
            self._tick_event.cancel()
            self._tick_event = None
        Window.unbind(on_touch_down=self._window_touch_down, on_touch_move=self._window_touch_move,
                    on_touch_up=self._window_touch_up,
                      on_request_close=self._refuse_close, on_keyboard=self._on_keyboard)
        if self._exceptions in ExceptionManager.handlers:
            ExceptionManager.remove_handler(self._exceptions)
        if self.textures is not None:
            self.textures.close()
        self.sleeper.close()
        if self.book is not None:
            self.book.close()  # what visitors sent is written before the app goes
        if self._fps is not None:  # Kivy's loop paced as before the screen slept
            Clock._max_fps, self._fps = self._fps, None
        self.analytics.close("exit" if self.exit_reason else "stopped")  # the visit under way ends, all written

    def _open_book(self) -> None:
        """The book's store, when the exhibition has a book of remembrance; retention from its sections."""
        keep = [(s.id, s.keep) for s in self.exhibition.sections if isinstance(s, RemembranceBookSection)]
        if not keep:
            return
        if self.book is None:
            self.book = BookStore(self.book_path or default_book_database(), wall_clock=self.wall_clock, keep=keep)
        else:
            self.book.keep = keep

    # -- lockdown -----------------------------------------------------------------------
    def _refuse_close(self, *_args: Any, **_kwargs: Any) -> bool:
        log.info("a request to close the window was refused (use the corner gesture and PIN)")
        return True

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        if key in (KEY_ESCAPE, KEY_F1):
            return True  # swallowed: neither leaves the app nor opens Kivy's settings
        return False

    def open_settings(self, *_args: Any) -> bool:
        return False

    def leave(self, status: int = LEAVE_FOR_MAINTENANCE, reason: str = "maintenance") -> None:
        """The technician's exit from the maintenance screen: ``status`` is what ``kiosk run``
        exits with (LEAVE_FOR_MAINTENANCE: the unit stays stopped; RESTART: it starts again)."""
        log.info("technician exit (%s, status %d)", reason, status)
        self.exit_reason = reason
        self.exit_status = status
        self.analytics.end_visit("exit")
        self.stop()

    # -- touches seen by the whole window ----------------------------------------------
    def _window_touch_down(self, window: Any, touch: Any) -> bool:
        now = self.clock()
        if self.dark:
            # the touch on a sleeping screen wakes it (or not), and is no tap on anything
            self._swallowed.add(touch.uid)
            if self.night.wakes_on_touch:
                self.wake_screen("woken by a touch")
            return True
        self.idle.touch(now)
        if self.corner.down(touch.uid, touch.x, touch.y, window.width, window.height, now):
            self._corner_touch = touch
        if isinstance(self.overlay, IdleWarning):
            self.close_overlay()
            return True
        return False

    def _window_touch_move(self, window: Any, touch: Any) -> bool:
        if touch.uid in self._swallowed:
            return True
        self.corner.move(touch.uid, touch.x, touch.y, window.width, window.height)
        return False

    def _window_touch_up(self, _window: Any, touch: Any) -> bool:
        if touch.uid in self._swallowed:
            self._swallowed.discard(touch.uid)
            return True
        self.corner.up(touch.uid)
        if self._corner_touch is touch:
            self._corner_touch = None
        self.idle.touch(self.clock())
        return False

    # -- time ---------------------------------------------------------------------------
    def tick(self, _dt: float = 0.0) -> None:
        """Everything that happens by time: idle, attract steps, the corner gesture."""
        now = self.clock()
        touch = self._corner_touch
        if touch is not None and touch.grab_list:
            # a widget took the press (Back sits in the corner on every screen but home,
            # a scroller): it is a button press, not the technician's gesture
            self.corner.cancel(touch.uid)
            self._corner_touch = None
        if self.corner.fired(now) and not isinstance(self.overlay, (PinPad, SetupNeeded)):
            self.open_pin_pad()
        if isinstance(self.overlay, SetupNeeded) and now - self.idle.last_touch >= self.idle.timeout:
            self.close_overlay()
        if isinstance(self.overlay, PinPad) and now - self.idle.last_touch >= self.idle.timeout:
            # a technician who walked away: the pad goes as a visitor screen does, and the
            # screen under it counts down to the attract loop from the same last touch
            log.info("the PIN pad closed after %d s without a touch", self.idle.timeout)
            self.overlay.dispatch("on_cancel")
        if self._night(now):
            return
        if self._still_times():
            return
        current = self.manager.current
        if current == "attract":
            screen: AttractScreen = self.screens["attract"]  # type: ignore[assignment]
            screen.tick(now)
            if self.attract.due(now):
                step = self.attract.advance(now)
                if step is not None:
                    screen.show_step(step)
            return
        if current == "maintenance":
            if self.idle.phase(now) is not IdlePhase.ACTIVE:  # the technician walked away
                log.info("the maintenance screen closed itself after %d s without a touch", MAINTENANCE_IDLE)
                self.close_maintenance()
            return
        # a message half written is never taken without the "still there?" warning first
        drafting = getattr(self.screens.get(current), "draft", False)
        self.idle.warning = max(self.exhibition.idle.warning, DRAFT_WARNING) if drafting \
            else self.exhibition.idle.warning
        phase = self.idle.phase(now)
        if phase is IdlePhase.EXPIRED:
            self.go_attract("idle")
        elif phase is IdlePhase.WARNING:
            self.show_idle_warning(self.idle.remaining(now))
        elif isinstance(self.overlay, IdleWarning):
            self.close_overlay()

    # -- the screen asleep while the venue is closed ------------------------------------------
    def _night(self, now: float) -> bool:
        """Sleep or wake by the opening hours; True while the screen sleeps."""
        if self.night.opening is None and not self.dark:
            return False  # no opening hours: the display's power is never touched
        wall = self.wall_clock()
        resting = self.manager.current == "attract" and self.overlay is None
        # a kiosk started while the venue is closed (after a power cut at night) sleeps at once
        last_touch = -float("inf") if self.dark is None else self.idle.last_touch
        wanted = self.night.dark(wall, now, resting, last_touch)
        if wanted and not self.dark:
            self.sleep_screen(self.night.why(wall))
        elif not wanted and self.dark is not False:
            if self.dark and self.night.closed(wall):
                return True  # closed, and no touch has woken it: it sleeps on
            self.wake_screen(self.night.why(wall))
        return bool(self.dark)

    def _display_state(self, display: str, reason: str) -> DisplayState:
        wall = self.wall_clock()
        change = self.night.opening.next_change(wall) if self.night.opening is not None else None
        return DisplayState(display, display, reason, "", wall.replace(microsecond=0).isoformat(),
                            change.isoformat() if change is not None else None)

    def sleep_screen(self, reason: str) -> None:
        """Nothing drawn, nothing played: the screens leave the window, the display goes off."""
        log.info("the venue is %s: the screen sleeps", reason)
        self.dark = True
        self.close_overlay()
        self.screens["attract"].dispatch("on_leave")  # the clip closes, the motion stops
        if self._darkness is None:
            self._darkness = Widget()
        if self.root is not None and self.root.parent is Window:
            Window.remove_widget(self.root)
        if self._darkness.parent is None:
            Window.add_widget(self._darkness)
        Window.clearcolor = (0, 0, 0, 1)
        if self.dark_fps is not None:
            self._fps, Clock._max_fps = Clock._max_fps, self.dark_fps
        self.sleeper.ask("sleep", self._display_state("asleep", reason))

    def wake_screen(self, reason: str) -> None:
        """The display on, the screens back, the attract loop from its start."""
        was_dark = bool(self.dark)
        self.dark = False
        if was_dark:
            log.info("the screen wakes (%s)", reason)
            if self._darkness is not None and self._darkness.parent is not None:
                Window.remove_widget(self._darkness)
            if self.root is not None and self.root.parent is None:
                Window.add_widget(self.root)
            Window.clearcolor = self.palette.BACKGROUND
            if self._fps is not None:
                Clock._max_fps, self._fps = self._fps, None
            self.idle.touch(self.clock())  # the attract loop shows for a while before it may sleep again
            self.go_attract("woke")
            attract: AttractScreen = self.screens["attract"]  # type: ignore[assignment]
            attract.pulse(True)
        self.sleeper.ask("wake", self._display_state("awake", reason))

    def _still_times(self) -> bool:
        """A minute of silence or quiet hours, decided against the wall clock; True in silence."""
        wall = self.wall_clock()
        held = self.silences.under_way(self.exhibition, wall, self.clock())
        silence = held[0] if held is not None else None
        quiet = quiet_at(self.exhibition, wall) if silence is None and self.manager.current == "attract" else None
        wanted = silence or quiet
        if wanted is not self.stillness_for:
            if self.stillness is not None:
                self.root.remove_widget(self.stillness)
                self.stillness = None
            if silence is not None:
                log.info("a minute of silence begins")
                self.close_overlay()
                if self.manager.current != "attract":
                    self.go_attract("silence")  # a clip stops; the visit ends quietly
                # every language at once: whoever stands there reads it in their own
                lines = [(self.exhibition.text(silence.text, code), is_rtl(code))
                         for code in self.exhibition.languages] if silence.text else []
                self.stillness = Stillness(list(dict.fromkeys(lines)), blocks_touch=True, unit=self.metrics.u)
                emblem = self.assets.emblem()
                if emblem is not None and self.textures is not None:  # the one symbol: the exhibition's own
                    still = self.stillness
                    self.textures.request(emblem, "screen", lambda t, _r: still.show_symbol(t))
            elif quiet is not None:
                self.stillness = Stillness(brightness=quiet.brightness, unit=self.metrics.u)
            if self.stillness is not None:
                # over the screens, under the technician's overlays
                self.root.add_widget(self.stillness, index=1)
                image = self.assets.still(wanted)
                if image is not None and self.textures is not None:
                    still = self.stillness
                    self.textures.request(image, "screen", lambda t, _r: still.show_image(t))
            self.stillness_for = wanted
        if silence is not None and self.stillness is not None:
            self.stillness.show_remaining(held[1] if held is not None else 0.0)
        return silence is not None

    # -- navigation ---------------------------------------------------------------------
    def screen(self, name: str) -> KioskScreen:
        """The screen called ``name``, made on its first visit."""
        if name not in self.screens:
            screen = SCREENS[name](self.context, name=name)
            screen.language, screen.rtl = self.language, is_rtl(self.language)
            screen.palette, screen.text_scale = self.palette, self.text_scale
            screen.bind(on_navigate=self._on_navigate, busy=self._on_busy)
            self.screens[name] = screen
            self.manager.add_widget(screen)
        return self.screens[name]

    def _on_navigate(self, _screen: KioskScreen, destination: to.Destination) -> None:
        self.open(destination)

    def _on_busy(self, _screen: KioskScreen, busy: bool) -> None:
        """A playing clip holds the idle timer; when it stops, the count starts again."""
        self.idle.hold(busy, self.clock())
        if busy and isinstance(self.overlay, IdleWarning):
            self.close_overlay()

    def open(self, destination: to.Destination | str, **options: Any) -> None:
        """Go to ``destination`` (``kiosk.ui.navigation``), decided by its type. Scripts may
        name it in words instead: ``open("section", section="photos", index=3)``."""
        if isinstance(destination, str):
            destination = to.parse(destination, **options)
        elif options:
            raise TypeError(f"options go inside the destination, not beside it: {sorted(options)}")
        if self.manager.current == "attract":  # the touch that left the attract loop: what drew them in
            self.analytics.start_visit(getattr(self.attract.current(), "ref", ""), self.language)
        match destination:
            case to.LanguageChoice():
                self.open_language_chooser()
            case to.ReadingChoice():
                self.open_access_chooser()
            case to.Back():
                if len(self.history) > 1:
                    self.history.pop()
                    name, previous = self.history[-1]
                    self._show(name, previous, remember=False)
                else:
                    self._show("home", to.Home(), remember=False)
            case to.Section():
                section = self.exhibition.section(destination.section_id)
                if section is None or section.KIND.screen not in SCREENS:
                    log.warning("no screen for section %r", destination.section_id)
                    return
                self.analytics.record("section", section.id)
                self._show(section.KIND.screen, destination)
            case to.ClipsFinished():
                # the clip ended: back to its list, marked as watched
                if self.history and self.history[-1][0] == "player":
                    self.history.pop()
                self._show("clips", destination)
            case to.Home():
                self.history.clear()
                if self.pending is not None:
                    self.apply(self.pending)
                self._show("home", destination)
            case to.Overview():
                self._show("overview", destination)
            case to.Player():
                self._show("player", destination)
            case to.Book():
                self._show("book", destination)
            case to.Pages():
                self._show("pages", destination)
            case _:
                raise TypeError(f"no way to {destination!r}")

    def _show(self, name: str, destination: to.Destination, remember: bool = True) -> None:
        screen = self.screen(name)
        screen.show(destination)
        if remember:
            if self.history and self.history[-1][0] == name:
                self.history[-1] = (name, destination)
            else:
                self.history.append((name, destination))
        self.manager.current = name

    def go_attract(self, reason: str = "returned") -> None:
        """Back to the attract loop: a new visit starts with the default language."""
        self.analytics.end_visit(reason, self.idle.last_touch if reason == "idle" else None)  # to the last touch
        self.close_overlay()
        if self.manager.current == "maintenance":  # the visitors' idle times again
            self.idle = IdleWatch(self.exhibition.idle.timeout, self.exhibition.idle.warning, self.clock())
        if self.pending is not None:
            self.apply(self.pending)
        if self.palette is not theme.NORMAL or self.text_scale != 1.0:
            self.palette, self.text_scale = theme.NORMAL, 1.0
            self._pass_reading()
        self.set_language(self.exhibition.default_language)
        for screen in self.screens.values():
            screen.reset_visit()
        self.history.clear()
        screen: AttractScreen = self.screen("attract")  # type: ignore[assignment]
        self.manager.current = "attract"
        step = self.attract.start(self.clock())
        if step is not None:
            screen.show_step(step)
        self.idle.touch(self.clock())
        if self.dark:  # new content while the screen sleeps: it shows at the wake, nothing moves till then
            screen.dispatch("on_leave")
        trim_heap()  # the visit's photos and clips are freed: give their pages back

    # -- content changes ----------------------------------------------------------------
    def content_changed(self, result: LoadResult) -> None:
        """From the watcher's thread: a reload happened (valid or not)."""
        Clock.schedule_once(lambda _dt: self._content_changed(result), 0)

    def _content_changed(self, result: LoadResult) -> None:
        if not is_good(result):
            # the last good exhibition stays; the watcher has logged every error with its place
            self.problem = f"{len(result.errors)} errors in {result.source}"
            self.marker.opacity = 1
            return
        self.problem = None
        self.marker.opacity = 0
        self.pending = result
        if self.manager.current == "attract":
            self.go_attract()  # nobody is visiting: show it now
        else:
            log.info("a reloaded exhibition waits for the visitor to return home")

    def apply(self, result: LoadResult) -> None:
        """Show ``result`` from now on: every screen is made again from it."""
        assert result.exhibition is not None
        log.info("showing the reloaded exhibition %s", result.source)
        self.pending = None
        self.loaded, self.exhibition = result, result.exhibition
        if self.exhibition.default_language != self.language and self.language not in self.exhibition.languages:
            self.language = self.exhibition.default_language
        for screen in list(self.screens.values()):
            screen.dispatch("on_leave")
        self.manager.clear_widgets()
        self.screens.clear()
        self.history.clear()
        if self.textures is not None:
            self.textures.clear()
        self.assets = Assets.of(result, getattr(self.textures, "renditions", None))
        self._open_book()
        self.context = ScreenContext(self.exhibition, self.assets, self.strings, self.textures, self.metrics,
                                     self.clock, self.analytics, playback=self.playback, book=self.book)
        # the ground of every screen (no screen paints its own), the palette's from now on
        self.manager.transition.clearcolor = self.palette.BACKGROUND
        Window.clearcolor = (0, 0, 0, 1) if self.dark else self.palette.BACKGROUND
        self.analytics.follow(self.exhibition.analytics, exhibition_version(result.files, result.source))
        idle = self.exhibition.idle
        self.idle = IdleWatch(idle.timeout, idle.warning, self.clock())
        self.attract = AttractLoop(self.exhibition, self.assets, self.wall_clock)
        self.night = NightWatch(self.exhibition.opening, idle.timeout)

    # -- language -----------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """Every screen shows itself again in ``code``; the visitor keeps their place."""
        if code != self.language:
            self.analytics.record("language", item=self.language, detail=code)
        self.language = code
        rtl = is_rtl(code)
        for name, screen in self.screens.items():
            if name != "maintenance":  # in the technician's language, whatever the visitor chose
                screen.language, screen.rtl = code, rtl

    def open_language_chooser(self) -> None:
        languages = [(code, language_name(code)) for code in self.exhibition.languages]
        chooser = LanguageChooser(languages, self.language, self.strings.get("choose_language", self.language),
                                  unit=self.metrics.u)
        chooser.bind(on_choose=lambda _c, code: (self.set_language(code), self.close_overlay()),
                     on_dismiss=lambda *_: self.close_overlay())
        self.show_overlay(chooser)

    def open_access_chooser(self) -> None:
        labels = {key: self.strings.get(key, self.language) for key in ("large_text", "high_contrast", "done")}
        labels["title"] = self.strings.get("reading_help", self.language)
        chooser = AccessChooser(labels, self.text_scale != 1.0, self.palette is theme.HIGH_CONTRAST,
                                unit=self.metrics.u)
        chooser.bind(on_change=lambda _c, large, contrast: self.set_reading(large, contrast),
                     on_dismiss=lambda *_: self.close_overlay())
        self.show_overlay(chooser)

    def set_reading(self, large: bool, contrast: bool) -> None:
        """Large text and high contrast: every screen restyles itself where it is; the visitor
        keeps their place (and the chooser stays open, in the new style)."""
        self.analytics.record("reading", detail="+".join(m for m, on in (("large_text", large), ("high_contrast",
                                                                                             contrast)) if on) or "normal")
        self.text_scale = theme.LARGE_TEXT_SCALE if large else 1.0
        self.palette = theme.HIGH_CONTRAST if contrast else theme.NORMAL
        self._pass_reading()

    def _pass_reading(self) -> None:
        """The reading mode down to everything on screen: the ground, the screens, the layers over them."""
        # the ground of every screen (no screen paints its own)
        Window.clearcolor = self.manager.transition.clearcolor = self.palette.BACKGROUND
        for widget in (*self.screens.values(), self.overlay, self.stillness, self.marker):
            if widget is not None:
                widget.palette, widget.text_scale = self.palette, self.text_scale

    # -- overlays -----------------------------------------------------------------------
    def show_overlay(self, overlay: Any) -> None:
        self.close_overlay()
        self.overlay = overlay
        overlay.palette, overlay.text_scale = self.palette, self.text_scale
        self.layer.add_widget(overlay)

    def close_overlay(self) -> None:
        if self.overlay is not None:
            self.layer.remove_widget(self.overlay)
            self.overlay = None

    def show_idle_warning(self, remaining: float) -> None:
        if not isinstance(self.overlay, IdleWarning):
            warning = IdleWarning(unit=self.metrics.u)
            warning.heading = self.strings.get("still_there", self.language)
            warning.bind(on_keep=lambda *_: (self.idle.touch(self.clock()), self.close_overlay()))
            self.show_overlay(warning)
        seconds = int(remaining + 0.999)
        self.overlay.seconds = seconds
        self.overlay.message = self.strings.get("touch_to_continue", self.language)

    def open_pin_pad(self) -> None:
        """The technician's PIN pad; while no PIN is set (there is no default), the notice
        that the technician's set-up is needed instead: nothing opens."""
        if not self.pins.store.is_set:
            self.open_setup_needed()
            return
        labels = {key: self.strings.get(key, self.language) for key in ("clear", "ok", "cancel")}
        labels["title"] = self.strings.get("technician", self.language)
        pad = PinPad(labels, unit=self.metrics.u)
        pad.bind(on_pin=self._check_pin, on_cancel=lambda *_: self.close_overlay())
        self.show_overlay(pad)

    def open_setup_needed(self) -> None:
        language = self.exhibition.technician.language
        labels = {"title": self.strings.get("setup_needed", language),
                  "body": self.strings.get("setup_needed_body", language), "done": self.strings.get("done", language)}
        notice = SetupNeeded(labels, unit=self.metrics.u, rtl=is_rtl(language))
        notice.bind(on_dismiss=lambda *_: self.close_overlay())
        self.show_overlay(notice)
        log.warning("the technician's gesture or a USB stick asked for the PIN, but none is set: run 'kiosk set-pin'")

    def _check_pin(self, pad: PinPad, pin: str) -> None:
        now = self.clock()
        locked = self.pins.locked_for(now)
        if locked > 0:
            pad.message = self.strings.get("locked_for", self.language, seconds=int(locked + 0.999))
            return
        if self.pins.try_pin(pin, now):
            self.close_overlay()
            self.open_maintenance(update=pad is self.stick_pad)
            return
        locked = self.pins.locked_for(now)
        pad.message = (self.strings.get("locked_for", self.language, seconds=int(locked + 0.999)) if locked
                       else self.strings.get("wrong_pin", self.language))

    def save_screenshot(self, _dt: float = 0.0) -> None:
        """What visitors see, into $KIOSK_SCREENSHOT every few minutes, for the fleet status (ui/screenshot.py)."""
        from ..ui.screenshot import capture_window, screenshot_plan

        plan = screenshot_plan()
        if plan is not None and self._tick_event is not None:  # not after on_stop
            Clock.schedule_once(self.save_screenshot, plan.every)
            capture_window(plan.path)

    # -- the technician's maintenance screen and USB sticks ------------------------------------
    def open_maintenance(self, update: bool = False) -> None:
        """After the right PIN: the maintenance screen, in the technician's language; it
        closes itself after a few idle minutes. With ``update`` (the PIN was typed on the pad
        a stick opened) the update from that stick starts."""
        created = "maintenance" not in self.screens
        screen: MaintenanceScreen = self.screen("maintenance")  # type: ignore[assignment]
        if created:
            screen.bind(on_resume=lambda *_: self.close_maintenance(),
                        on_restart=lambda *_: self.leave(RESTART, "restart"),
                        on_console=lambda *_: self.leave(LEAVE_FOR_MAINTENANCE, "maintenance"))
        self.close_overlay()
        self.idle = IdleWatch(MAINTENANCE_IDLE, 0.0, self.clock())
        screen.open_with(self.maintenance_tools, self.kiosk_status, self.stick,
                         self.exhibition.technician.language)
        self.manager.current = "maintenance"
        self.stick_pad = None
        if update:
            screen.start_update()

    def close_maintenance(self) -> None:
        """Back to the exhibition: the attract loop, with the visitors' idle times (go_attract)."""
        self.go_attract()

    def kiosk_status(self) -> KioskStatus:
        return kiosk_status(self.loaded, self.maintenance_tools.content_dir, self.problem, self.wall_clock())

    def stick_arrived(self, stick: Any) -> None:
        """From the stick watcher's thread: a stick holding an exhibition was mounted."""
        Clock.schedule_once(lambda _dt: self._stick_arrived(stick), 0)

    def stick_gone(self, stick: Any) -> None:
        """From the stick watcher's thread: the stick was unmounted or pulled."""
        Clock.schedule_once(lambda _dt: self._stick_gone(stick), 0)

    def _stick_arrived(self, stick: Any) -> None:
        self.stick = stick
        if self.dark:
            self.wake_screen("a USB stick was plugged in")  # the technician is there: the pad must show
        if self.manager.current == "maintenance":
            self.screens["maintenance"].stick_arrived(stick)  # type: ignore[attr-defined]
            return
        self.open_pin_pad()
        if not isinstance(self.overlay, PinPad):
            return  # no PIN set: the stick is not read
        self.stick_pad = self.overlay
        self.overlay.title.raw = self.strings.get("m_stick_pin", self.exhibition.technician.language)

    def _stick_gone(self, stick: Any) -> None:
        if self.stick == stick:
            self.stick = None
        if "maintenance" in self.screens:
            self.screens["maintenance"].stick_gone(stick)  # type: ignore[attr-defined]
        if self.stick_pad is not None and self.overlay is self.stick_pad:
            self.close_overlay()  # the stick that asked is gone: nothing to type the PIN for
        self.stick_pad = None
