"""Benchmark: the kiosk beside the browser players venues would install (Chromium in kiosk mode).

Anthias, PiSignage, Xibo's player and PiOSK all draw through a web engine. This builds the
kiosk's attract loop and gallery swipe as a small HTML page (CSS transforms and
transitions), runs it in Debian's Chromium in kiosk mode on an Xvfb display with software
rendering (no GPU here, as for the kiosk), and measures it in the same run as the kiosk on
the same display.

Inputs (made in a temporary folder): PHOTOS distinct 2400x1600 JPEGs; the exhibition the
kiosk shows (one gallery of them, its attract playlist showing them 8 s a slide), prepared
with ``kiosk prepare``; the page the browser shows (``page.html``): the same photos, the
same pan and zoom over each slide (scale 1.02 to 1.14 and a drift, linear over the slide
and its fade), a 1 s cross-fade, the call to touch in four languages; and a gallery
(``gallery.html``) whose strip follows a drag and glides 0.3 s ease-out to the next photo.

Both run for real on one Xvfb display, 1920x1080, one at a time, several rounds in turn:
- **first frame**: from the process's start to the first frame on the display with a
  photo on it (the display read back with XGetImage every few ms);
- **attract CPU**: the CPU seconds of the whole process tree (Chromium's browser, GPU,
  renderer and utility processes; the kiosk's one process with its threads) over SECONDS of
  the loop after a warm-up, from ``/proc/PID/stat``, scaled to a minute;
- **memory**: the proportional set size (PSS, ``/proc/PID/smaps_rollup``) of the whole tree
  after the loop, and the plain sum of resident sizes beside it;
- **swipe**: xdotool drags from x=1500 to x=300 on the gallery; from the button's release
  to the display settled on the next photo (one row of the display across the photo read
  with XGetImage until it stops changing).

Ends with two ``RESULT`` lines: the attract loop's CPU, and the memory, the kiosk's against
Chromium's (ratio = Chromium / kiosk).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PHOTOS = 4
SIZE = (2400, 1600)
SLIDE = 8.0
SECONDS = 30.0
WARMUP = 6.0
ROUNDS = 2
SWIPES = 8
ROW = 540
"""The display row read to see the photo move (through the middle of the photo)."""

KIOSK_CHILD = r'''
import signal, sys
import kiosk.shell.runner as runner

original = runner.configure_kivy

def configure(*args, **kwargs):
    original(*args, **kwargs)
    from kivy.clock import Clock

    def gallery(*_args):
        from kivy.app import App
        Clock.schedule_once(lambda _dt: App.get_running_app().open("section", section="photos", index=0), 0)

    signal.signal(signal.SIGUSR1, gallery)

runner.configure_kivy = configure
from kiosk.cli import main
sys.exit(main(["run", sys.argv[1], "--windowed", "--size", "1920x1080"]))
'''

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
html,body{{margin:0;width:100%;height:100%;overflow:hidden;background:#141210;cursor:none}}
.slide{{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;opacity:0;
  transition:opacity 1s ease-out;will-change:transform,opacity}}
.slide.on{{opacity:1}}
@keyframes pan{{from{{transform:scale(1.02) translate(0.8%,-0.5%)}}to{{transform:scale(1.14) translate(-5.6%,3.5%)}}}}
.moving{{animation:pan {move}s linear forwards}}
.shade{{position:absolute;inset:0;background:linear-gradient(#0000 55%,#000d)}}
.title{{position:absolute;top:7vh;width:100%;text-align:center;color:#f2ede4;font:600 84px serif}}
.calls{{position:absolute;bottom:6vh;width:100%;display:flex;justify-content:space-around;color:#eee;
  font:600 34px sans-serif}}
</style></head><body>
{slides}
<div class="shade"></div><div class="title">In memory — a sample exhibition</div>
<div class="calls"><span>Başlamaq üçün toxunun</span><span>Touch to begin</span>
<span dir="rtl">المس الشاشة للبدء</span><span>Коснитесь, чтобы начать</span></div>
<script>
const slides=[...document.querySelectorAll('.slide')];let i=0;
function next(){{const old=slides[(i+slides.length-1)%slides.length],s=slides[i%slides.length];
 s.classList.remove('moving');void s.offsetWidth;s.classList.add('moving','on');
 if(old!==s){{old.classList.remove('on');setTimeout(()=>old.classList.remove('moving'),1000)}}i++}}
next();setInterval(next,{slide});
</script></body></html>"""

GALLERY = """<!doctype html><html><head><meta charset="utf-8"><style>
html,body{{margin:0;width:100%;height:100%;overflow:hidden;background:#141210;cursor:none;touch-action:none}}
#strip{{position:absolute;top:0;left:0;height:100%;display:flex;will-change:transform}}
#strip img{{width:100vw;height:100vh;object-fit:contain;flex:none;user-select:none;-webkit-user-drag:none}}
</style></head><body><div id="strip">{images}</div><script>
const strip=document.getElementById('strip'),W=innerWidth,n=strip.children.length;let index=0,x0=null,dx=0;
function place(glide){{strip.style.transition=glide?'transform .3s ease-out':'none';
 strip.style.transform=`translateX(${{-index*W+dx}}px)`}}
addEventListener('pointerdown',e=>{{x0=e.clientX;dx=0;place(false)}});
addEventListener('pointermove',e=>{{if(x0!==null){{dx=e.clientX-x0;place(false)}}}});
addEventListener('pointerup',e=>{{if(x0===null)return;const d=e.clientX-x0;x0=null;dx=0;
 if(Math.abs(d)>W*0.15)index=Math.max(0,Math.min(n-1,index+(d<0?1:-1)));place(true)}});
</script></body></html>"""


# --- the display, read back ------------------------------------------------------------------

class Display:
    """An Xvfb display and a fast read of one row of it (XGetImage through libX11)."""

    def __init__(self, number: int) -> None:
        self.name = f":{number}"
        self.server = subprocess.Popen(["Xvfb", self.name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XGetImage.restype = ctypes.c_void_p
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                  ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x11.XFree.argtypes = [ctypes.c_void_p]
        self.x11 = x11
        deadline = time.monotonic() + 20
        self.dpy = None
        while self.dpy is None and time.monotonic() < deadline:
            time.sleep(0.2)
            self.dpy = x11.XOpenDisplay(self.name.encode()) or None
        assert self.dpy, "Xvfb did not start"
        self.root = x11.XDefaultRootWindow(self.dpy)

    def row(self, y: int = ROW, x: int = 0, width: int = 1920, height: int = 1) -> bytes:
        image = self.x11.XGetImage(self.dpy, self.root, x, y, width, height, 0xFFFFFFFF, 2)  # ZPixmap
        data = ctypes.cast(ctypes.c_void_p.from_address(image + 16).value, ctypes.POINTER(ctypes.c_char))
        pixels = ctypes.string_at(data, width * height * 4)
        self.x11.XFree(ctypes.c_void_p.from_address(image + 16).value)
        self.x11.XFree(image)
        return pixels

    def lit(self) -> bool:
        """A photo is on the display: the middle of it is neither black nor one colour."""
        block = self.row(ROW - 100, 560, 800, 200)
        values = block[::37]
        return max(values) - min(values) > 40 and sum(values) / len(values) > 25

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(10)


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def memory_of(pids: list[int]) -> tuple[float, float]:
    """(PSS, RSS) of the processes, in MB."""
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024, rss / 1024


# --- the two players ----------------------------------------------------------------------------

def start_kiosk(display: Display, exhibition: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "DISPLAY": display.name, "KIOSK_HOME": str(home), "SDL_AUDIODRIVER": "dummy"}
    env.pop("SDL_VIDEODRIVER", None)
    return subprocess.Popen([sys.executable, "-c", KIOSK_CHILD, str(exhibition)], env=env, cwd=str(c.ROOT),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_chromium(display: Display, page: Path, profile: Path) -> subprocess.Popen:
    shutil.rmtree(profile, ignore_errors=True)
    env = {**os.environ, "DISPLAY": display.name}
    return subprocess.Popen(["chromium", "--kiosk", "--no-sandbox", "--no-first-run", "--disable-gpu",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-features=Translate,MediaRouter", "--noerrdialogs", "--password-store=basic",
                             "--window-position=0,0", "--window-size=1920,1080", f"--user-data-dir={profile}",
                             page.as_uri()], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    pids = tree(process.pid)
    for pid in reversed(pids):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(5)


def first_frame(display: Display, started: float, process: subprocess.Popen) -> float:
    deadline = started + 60
    while time.perf_counter() < deadline:
        if display.lit():
            return time.perf_counter() - started
        assert process.poll() is None, "the player ended before its first frame"
        time.sleep(0.005)
    raise TimeoutError("no photo on the display within 60 s")


def attract(display: Display, process: subprocess.Popen) -> tuple[float, float, float]:
    """(cores, PSS MB, RSS MB) over SECONDS of the loop, after WARMUP."""
    time.sleep(WARMUP)
    pids = tree(process.pid)
    cpu0, wall0 = cpu_of(pids), time.perf_counter()
    time.sleep(SECONDS)
    pids = tree(process.pid)  # a process started in between counts from its start
    cores = (cpu_of(pids) - cpu0) / (time.perf_counter() - wall0)
    pss, rss = memory_of(pids)
    return cores, pss, rss


def xdo(display: Display, *args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, env={**os.environ, "DISPLAY": display.name}, timeout=20)


def swipe(display: Display, back: bool = False) -> tuple[float, float]:
    """Seconds from the release of a drag to the display's first change (the answer) and to
    the display settled on the next photo (the row unchanged for 60 ms)."""
    x0, x1 = (300, 1500) if back else (1500, 300)
    xdo(display, "mousemove", str(x0), str(ROW), "mousedown", "1")
    for i in range(1, 9):
        xdo(display, "mousemove", str(int(x0 + (x1 - x0) * i / 8)), str(ROW))
        time.sleep(0.012)
    before = display.row()
    xdo(display, "mouseup", "1")
    released = time.perf_counter()
    last, last_change, answer = before, released, None
    while time.perf_counter() - released < 3.0:
        now = display.row()
        t = time.perf_counter()
        if now != last:
            last, last_change = now, t
            answer = t - released if answer is None else answer
        elif t - last_change > 0.06 and now != before:
            break
        time.sleep(0.002)
    return (answer if answer is not None else last_change - released), last_change - released


def swipes(display: Display) -> list[tuple[float, float]]:
    times = []
    for n in range(SWIPES):
        times.append(swipe(display, back=n % 2 == 1))
        time.sleep(0.6)
    return times


def main() -> int:
    for tool in ("chromium", "Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench/browser.py needs Debian's {tool} (apt-get install chromium xvfb xdotool)")
    tmp = c.setup_env("browser")
    folder = tmp / "exhibition"
    names = [f"photos/{i + 1:03d}.jpg" for i in range(PHOTOS)]
    c.make_photos([folder / "media" / n for n in names], SIZE, seed=300)
    exhibition = c.write_exhibition(folder, names, slide=f"{SLIDE:.0f}s")
    seconds, _summary = c.run_prepare(exhibition, tmp / "kiosk-cache" / "renditions")
    slides = "\n".join(f'<img class="slide" src="media/{n}">' for n in names)
    (folder / "page.html").write_text(PAGE.format(slides=slides, move=SLIDE + 1.2, slide=int(SLIDE * 1000)))
    (folder / "gallery.html").write_text(GALLERY.format(images="".join(f'<img src="media/{n}">' for n in names)))
    version = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{PHOTOS} photos {SIZE[0]}x{SIZE[1]}, slides of {SLIDE:.0f} s; kiosk prepare {seconds:.1f} s; {version}, "
          f"--disable-gpu (software raster and compositing); Xvfb 1920x1080")

    display = Display(90 + os.getpid() % 9)
    figures: dict[str, dict[str, list[float]]] = {"kiosk": {}, "chromium": {}}

    def note(who: str, key: str, value: float) -> None:
        figures[who].setdefault(key, []).append(value)

    try:
        for round_ in range(ROUNDS):
            for who in ("kiosk", "chromium"):
                started = time.perf_counter()
                process = (start_kiosk(display, exhibition, tmp / "kiosk-home") if who == "kiosk"
                           else start_chromium(display, folder / "page.html", tmp / "profile"))
                try:
                    note(who, "first", first_frame(display, started, process))
                    cores, pss, rss = attract(display, process)
                    note(who, "cores", cores)
                    note(who, "pss", pss)
                    note(who, "rss", rss)
                    if who == "kiosk":
                        os.kill(process.pid, signal.SIGUSR1)  # the gallery, as a visitor's two taps would open it
                        time.sleep(2.5)
                        target = process
                    else:
                        stop(process)
                        target = start_chromium(display, folder / "gallery.html", tmp / "profile")
                        first_frame(display, time.perf_counter(), target)
                        time.sleep(2.0)
                    for answer, settled in swipes(display):
                        note(who, "answer", answer)
                        note(who, "swipe", settled)
                    if target is not process:
                        stop(target)
                finally:
                    stop(process)
                print(f"round {round_ + 1}, {who}: first frame {figures[who]['first'][-1]:.2f} s, "
                      f"{figures[who]['cores'][-1]:.2f} cores, PSS {figures[who]['pss'][-1]:.0f} MB "
                      f"(RSS {figures[who]['rss'][-1]:.0f} MB), swipes p95 "
                      f"{c.p95(figures[who]['swipe'][-SWIPES:]) * 1000:.0f} ms", flush=True)
                time.sleep(1.0)
    finally:
        display.close()

    k, b = figures["kiosk"], figures["chromium"]
    rows = [("first frame with a photo", "first", "s", 1), ("attract loop", "cores", "cores", 1),
            ("memory, PSS of every process", "pss", "MB", 1), ("memory, RSS summed", "rss", "MB", 1)]
    for label, key, unit, scale in rows:
        print(f"{label}: kiosk {c.median(k[key]) * scale:.2f} {unit}, Chromium {c.median(b[key]) * scale:.2f} {unit} "
              f"({c.ratio(c.median(b[key]), c.median(k[key])):.1f}x)")
    print(f"swipe, release to the display's first change (median, p95 of {len(k['answer'])}): kiosk "
          f"{c.median(k['answer']) * 1000:.0f}, {c.p95(k['answer']) * 1000:.0f} ms; Chromium "
          f"{c.median(b['answer']) * 1000:.0f}, {c.p95(b['answer']) * 1000:.0f} ms")
    print(f"swipe, release to settled (median, p95 of {len(k['swipe'])}): kiosk {c.median(k['swipe']) * 1000:.0f}, "
          f"{c.p95(k['swipe']) * 1000:.0f} ms; Chromium {c.median(b['swipe']) * 1000:.0f}, "
          f"{c.p95(b['swipe']) * 1000:.0f} ms (each glides to rest: the kiosk's glide and the page's 0.3 s)")
    print("ratio = Chromium / kiosk (above 1: the kiosk costs less)")
    print(json.dumps({w: {key: [round(v, 4) for v in vs] for key, vs in f.items()} for w, f in figures.items()}))
    print(c.result_line("browser_attract_cpu_per_minute", c.median(k["cores"]) * 60, "s",
                        c.median(b["cores"]) * 60, ">=3x less than Chromium"))
    print(c.result_line("browser_memory_pss", c.median(k["pss"]), "MB", c.median(b["pss"]),
                        ">=2x less than Chromium", digits=0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
