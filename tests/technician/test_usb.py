"""USB sticks: the mount table, which mounts hold an exhibition, the watcher on a real
loop-mounted image standing in for a stick, and updates from it, whole or pulled half-way.

The loop-mount tests need root and a loop device; the image is FAT (mkfs.vfat from
dosfstools) where the kernel has vfat, else ext4. Elsewhere they skip and say why. udev events for a real stick cannot be made in this sandbox (no
udevd runs, /run/udev is absent): the pyudev monitor is tested for construction and its
filter, and the decision it feeds (:func:`wants_mount`) with stand-in devices.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from kiosk.content.update import INCOMING, VERSIONS, current_version, update_content
from kiosk.technician.usb import (ExhibitionSticks, Mount, NoMounter, Stick, StickProgress, StickWatcher, UdisksMounter,
                       exhibition_on, parse_mountinfo, udev_monitor, update_from_stick, wants_mount)

ROOT = Path(__file__).resolve().parents[2]


def demo_copy(folder: Path) -> Path:
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder


# --- the mount table and the decision ---------------------------------------------------------


def test_mountinfo_is_read_as_the_kernel_writes_it():
    text = ("22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
            "98 22 8:17 / /media/kiosk/MY\\040STICK rw,nosuid shared:50 - vfat /dev/sdb1 ro,fmask=0022\n"
            "99 22 0:45 / /run/user/1000 rw - tmpfs tmpfs rw\n")
    mounts = parse_mountinfo(text)
    assert mounts[Path("/media/kiosk/MY STICK")] == Mount("/dev/sdb1", Path("/media/kiosk/MY STICK"), "vfat")
    assert mounts[Path("/run/user/1000")].source == "tmpfs"


def test_the_exhibition_is_found_at_the_top_of_a_stick_or_in_one_folder_on_it(tmp_path):
    top = tmp_path / "top"
    (top / "config").mkdir(parents=True)
    (top / "config" / "exhibition.yaml").write_text("title: x\n")
    assert exhibition_on(top) == top
    one = tmp_path / "one"
    (one / "Exhibition 2027").mkdir(parents=True)
    (one / "Exhibition 2027" / "exhibition.yaml").write_text("title: x\n")
    (one / "holiday photos").mkdir()
    assert exhibition_on(one) == one / "Exhibition 2027"
    two = tmp_path / "two"
    for name in ("a", "b"):
        (two / name).mkdir(parents=True)
        (two / name / "exhibition.yaml").write_text("title: x\n")
    assert exhibition_on(two) is None  # which one? none is chosen
    (tmp_path / "empty").mkdir()
    assert exhibition_on(tmp_path / "empty") is None
    assert exhibition_on(tmp_path / "gone") is None


def test_only_block_devices_mounted_where_sticks_go_count(tmp_path):
    demo_copy(tmp_path / "media" / "STICK")
    finder = ExhibitionSticks([tmp_path / "media"])
    assert finder.stick_at(Mount("/dev/sdb1", tmp_path / "media" / "STICK", "vfat")) == \
        Stick("/dev/sdb1", tmp_path / "media" / "STICK", tmp_path / "media" / "STICK")
    assert finder.stick_at(Mount("tmpfs", tmp_path / "media" / "STICK", "tmpfs")) is None
    assert ExhibitionSticks([tmp_path / "mnt"]).stick_at(Mount("/dev/sdb1", tmp_path / "media" / "STICK", "vfat")) \
        is None


class Device(dict):
    """A stand-in for a pyudev Device: properties, an action and a subsystem."""

    def __init__(self, action: str, subsystem: str = "block", node: str = "/dev/sdb1", **props: str) -> None:
        super().__init__(props)
        self.action, self.subsystem, self.device_node = action, subsystem, node


def test_udev_events_that_mean_a_stick_to_mount():
    stick = {"ID_BUS": "usb", "ID_FS_USAGE": "filesystem", "ID_FS_TYPE": "vfat"}
    assert wants_mount(Device("add", **stick))
    assert wants_mount(Device("change", **{**stick, "ID_FS_TYPE": "exfat"}))
    assert not wants_mount(Device("remove", **stick))
    assert not wants_mount(Device("add", **{**stick, "ID_BUS": "ata"}))  # the box's own disk
    assert not wants_mount(Device("add", **{**stick, "ID_FS_USAGE": "raid"}))
    assert not wants_mount(Device("add", **{k: v for k, v in stick.items() if k != "ID_FS_TYPE"}))  # no file system
    assert not wants_mount(Device("add", subsystem="usb", **stick))


def test_a_udev_stick_is_mounted_read_only_through_udisks_and_released_once_read(tmp_path):
    calls = []

    def run(args):
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, "", "")

    mounter = UdisksMounter(run)
    watcher = StickWatcher(lambda s: None, lambda s: None, mounter=mounter, monitor=None,
                           finder=ExhibitionSticks([tmp_path]))
    watcher.device_event(Device("add", ID_BUS="usb", ID_FS_USAGE="filesystem", ID_FS_TYPE="vfat"))
    watcher.device_event(Device("add", ID_BUS="ata", ID_FS_USAGE="filesystem", ID_FS_TYPE="ext4", node="/dev/sda2"))
    assert calls == [["udisksctl", "mount", "--no-user-interaction", "-b", "/dev/sdb1", "-o", "ro"]]
    calls.clear()
    mounter.release(Stick("/dev/sdb1", Path("/media/kiosk/STICK"), Path("/media/kiosk/STICK")))
    assert calls == [["udisksctl", "unmount", "--no-user-interaction", "-b", "/dev/sdb1"],
                     ["udisksctl", "power-off", "--no-user-interaction", "-b", "/dev/sdb1"]]
    calls.clear()
    mounter.release(Stick("/dev/sdb1", Path("/mnt/usb"), Path("/mnt/usb")))  # mounted by hand: left to the hand
    assert calls == []


def test_the_real_pyudev_monitor_listens_to_block_devices():
    pyudev = pytest.importorskip("pyudev")
    monitor = udev_monitor()
    assert isinstance(monitor, pyudev.Monitor)
    monitor.start()
    assert monitor.fileno() >= 0
    assert monitor.poll(timeout=0) is None  # nothing plugged in during the test (and no udevd here)


# --- a real stick: a loop-mounted image ----------------------------------------------------------


def why_no_loop() -> str | None:
    import os

    if os.geteuid() != 0:
        return "needs root to mount an image"
    if not shutil.which("mkfs.vfat") and not shutil.which("mkfs.ext4"):
        return "needs mkfs.vfat (apt-get install dosfstools; .ci/run installs it) or mkfs.ext4"
    done = subprocess.run(["losetup", "-f"], capture_output=True, text=True)
    if done.returncode != 0:
        return f"no loop device here: {done.stderr.strip()}"
    return None


@pytest.fixture
def stick_image(tmp_path):
    """A 64 MB FAT image holding the demo exhibition, as a curator's stick would; ``mount(at)``."""
    reason = why_no_loop()
    if reason:
        pytest.skip(reason)
    image = tmp_path / "stick.img"
    subprocess.run(["truncate", "-s", "64M", str(image)], check=True)
    # FAT as sticks come, where this kernel has it; else ext4 (some sandboxes' kernels lack vfat)
    if "vfat" in Path("/proc/filesystems").read_text():
        subprocess.run(["mkfs.vfat", "-n", "EXHIBITION", str(image)], check=True, capture_output=True)
    else:
        subprocess.run(["mkfs.ext4", "-q", "-L", "EXHIBITION", str(image)], check=True, capture_output=True)
    mounted: list[Path] = []

    def mount(at: Path, *options: str) -> Path:
        at.mkdir(parents=True, exist_ok=True)
        opts = ",".join(["loop", *options])
        done = subprocess.run(["mount", "-o", opts, str(image), str(at)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot loop-mount an image here: {done.stderr.strip()}")
        mounted.append(at)
        return at

    # fill it once
    filler = mount(tmp_path / "fill")
    demo_copy(filler)
    subprocess.run(["umount", str(filler)], check=True)
    mounted.remove(filler)
    yield mount
    for at in mounted:
        subprocess.run(["umount", "-l", str(at)], capture_output=True)


def test_the_watcher_sees_a_stick_mounted_and_unmounted_through_the_mount_table(stick_image, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    arrived, gone = [], []
    seen, left = threading.Event(), threading.Event()
    watcher = StickWatcher(lambda s: (arrived.append(s), seen.set()), lambda s: (gone.append(s), left.set()),
                           finder=ExhibitionSticks([media]), mounter=NoMounter(), monitor=None)
    watcher.start()
    try:
        assert not seen.wait(0.5)  # nothing there yet
        point = stick_image(media / "EXHIBITION", "ro")
        assert seen.wait(30), "the mount was not noticed"
        stick = arrived[0]
        assert stick.mount == point and stick.exhibition == point and stick.device.startswith("/dev/loop")
        assert stick.name == "EXHIBITION"
        subprocess.run(["umount", str(point)], check=True)
        assert left.wait(30), "the unmount was not noticed"
        assert gone == [stick]
    finally:
        watcher.stop()


def test_a_stick_already_in_when_the_kiosk_starts_is_seen(stick_image, tmp_path):
    media = tmp_path / "media"
    point = stick_image(media / "EXHIBITION", "ro")
    seen = threading.Event()
    arrived = []
    watcher = StickWatcher(lambda s: (arrived.append(s), seen.set()), lambda s: None,
                           finder=ExhibitionSticks([media]), mounter=NoMounter(), monitor=None)
    watcher.start()
    try:
        assert seen.wait(30)
        assert arrived[0].mount == point
    finally:
        watcher.stop()


def test_an_update_from_a_stick_reports_each_step_and_switches(stick_image, tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    point = stick_image(tmp_path / "media" / "EXHIBITION", "ro")
    steps: list[StickProgress] = []
    released = []
    done = update_from_stick(Stick("/dev/loop9", point, point), content, steps.append,
                             prepare=lambda _copy, progress: (progress(0, 2), progress(2, 2)),
                             release=released.append)
    assert done is not None and current_version(content) == done.version != first
    phases = [s.phase for s in steps]
    assert phases[0] == "checking" and phases[-1] == "done"
    copying = [s for s in steps if s.phase == "copying"]
    assert len(copying) > 3 and copying[-1].done == copying[-1].total > 0
    assert [s.done for s in copying] == sorted(s.done for s in copying)
    assert not any(s.may_pull for s in steps if s.phase in ("checking", "copying"))  # not while it is read
    assert all(s.may_pull for s in steps if s.phase in ("preparing", "done"))
    assert len(released) == 1  # unmounted once read, before preparing
    assert phases.index("preparing") > max(i for i, p in enumerate(phases) if p == "copying")


def test_a_stick_pulled_half_way_changes_nothing(stick_image, tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    before = sorted(p.name for p in (content / VERSIONS).iterdir())
    point = stick_image(tmp_path / "media" / "EXHIBITION", "ro")
    steps: list[StickProgress] = []
    pulled = []

    def report(step: StickProgress) -> None:
        steps.append(step)
        if step.phase == "copying" and not pulled and step.done < step.total:
            # the technician pulls the stick: the files are gone from under the copy
            subprocess.run(["umount", "-l", str(point)], check=True)
            pulled.append(step.done)

    done = update_from_stick(Stick("/dev/loop9", point, point), content, report, prepare=None)
    assert pulled, "the copy ended before the stick could be pulled"
    assert done is None
    assert steps[-1].phase == "failed" and "the live content was not changed" in steps[-1].message
    assert current_version(content) == first
    after = sorted(p.name for p in (content / VERSIONS).iterdir())
    assert after == before and not any(name.startswith(INCOMING) for name in after)


def test_a_stick_with_errors_is_refused_in_plain_words(stick_image, tmp_path):
    content = tmp_path / "content"
    update_content(demo_copy(tmp_path / "first"), content)
    first = current_version(content)
    point = stick_image(tmp_path / "media" / "EXHIBITION")
    (point / "config" / "exhibition.yaml").write_text("title: {en: x}\nlanguages: [en]\nsectoins: []\n")
    steps: list[StickProgress] = []
    assert update_from_stick(Stick("/dev/loop9", point, point), content, steps.append, prepare=None) is None
    last = steps[-1]
    assert last.phase == "problems" and last.may_pull
    assert any(line.startswith("config/exhibition.yaml, line 3: ") and "did you mean 'sections'" in line
               for line in last.problems), last.problems
    assert current_version(content) == first
