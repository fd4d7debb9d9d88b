"""deploy/: the units as systemd reads them, the X wrapper with a real xinit, the refusal
of 32-bit ARM, and deploy/install.sh run end to end in a throwaway Debian 12 root.

The throwaway root is made once per machine with debootstrap (minbase, from the mirror in
this machine's apt sources) and kept as a tarball in ~/.cache/kiosk-test-roots (or
$KIOSK_TEST_ROOTS); apt's downloads and pip's cache are kept beside it, so only the first
run pays for them. It needs root (chroot, bind mounts) and debootstrap; elsewhere the test
skips and says which is missing.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
CACHE = Path(os.environ.get("KIOSK_TEST_ROOTS") or Path.home() / ".cache" / "kiosk-test-roots")
SUITE = "bookworm"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


# --- the units --------------------------------------------------------------------------------


def test_leaving_for_maintenance_is_the_one_exit_the_unit_does_not_restart():
    from kiosk.technician.maintenance import LEAVE_FOR_MAINTENANCE, RESTART

    service = unit("kiosk.service")["Service"]
    assert service["Restart"] == "always"
    assert service["RestartPreventExitStatus"] == str(LEAVE_FOR_MAINTENANCE)
    assert RESTART != LEAVE_FOR_MAINTENANCE
    assert service["ExecStart"].startswith("/opt/kiosk/bin/kiosk-xinit :0 vt7 ")
    assert service["RuntimeDirectory"] == "kiosk"


def test_the_units_point_at_the_readme_where_install_sh_puts_it():
    for name in ("kiosk.service", "kiosk-fleet.service"):
        assert unit(name)["Unit"]["Documentation"] == "file:///opt/kiosk/src/README.md"
    script = (DEPLOY / "install.sh").read_text()
    assert 'mv "$PREFIX/src.new" "$PREFIX/src"' in script and "PREFIX=/opt/kiosk" in script
    assert (ROOT / "README.md").is_file()  # copied with the checkout to /opt/kiosk/src/README.md


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here (apt-get install systemd)")
def test_systemd_analyze_verify_accepts_every_unit(tmp_path):
    """The units as installed, with their programs where the units name them (here in tmp)."""
    for program in ("kiosk-xinit", "kiosk"):
        (tmp_path / program).write_text("#!/bin/sh\n")
        (tmp_path / program).chmod(0o755)
    names = ("kiosk.service", "kiosk-recover.service", "kiosk-fleet.service")
    for name in names:
        text = (DEPLOY / name).read_text().replace("/opt/kiosk/bin/", f"{tmp_path}/") \
            .replace("/opt/kiosk/venv/bin/", f"{tmp_path}/")
        (tmp_path / name).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in names)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


# --- kiosk-xinit: the kiosk's exit status through xinit --------------------------------------


@pytest.mark.skipif(not (shutil.which("xinit") and shutil.which("Xvfb")), reason="needs Debian's xinit and xvfb")
@pytest.mark.parametrize("status", [75, 0, 3])
def test_kiosk_xinit_exits_with_the_kiosks_status_though_xinit_does_not(tmp_path, status):
    fake_kiosk = tmp_path / "kiosk"
    fake_kiosk.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path}/args\nexit {status}\n")
    fake_kiosk.chmod(0o755)
    env = {**os.environ, "KIOSK_SESSION": str(DEPLOY / "kiosk-session"), "KIOSK_BIN": str(fake_kiosk),
           "RUNTIME_DIRECTORY": str(tmp_path), "KIOSK_CONTENT": "/srv/content/current"}
    display = f":{40 + os.getpid() % 50 + status}"
    done = subprocess.run(["sh", str(DEPLOY / "kiosk-xinit"), "/usr/bin/Xvfb", display, "-nolisten", "tcp"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == status, done.stderr
    assert (tmp_path / "args").read_text().split() == ["run", "/srv/content/current"]
    # and xinit itself says 0 whatever the client did: why the wrapper exists
    plain = subprocess.run(["xinit", str(fake_kiosk), "--", "/usr/bin/Xvfb", display, "-nolisten", "tcp"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0


def test_kiosk_xinit_reports_a_session_that_never_ended_as_a_failure(tmp_path):
    fake_xinit_dir = tmp_path / "bin"
    fake_xinit_dir.mkdir()
    script = (DEPLOY / "kiosk-xinit").read_text().replace("/usr/bin/xinit", str(fake_xinit_dir / "xinit"))
    (tmp_path / "kiosk-xinit").write_text(script)
    (fake_xinit_dir / "xinit").write_text("#!/bin/sh\nexit 0\n")  # X failed before the session ran
    (fake_xinit_dir / "xinit").chmod(0o755)
    done = subprocess.run(["sh", str(tmp_path / "kiosk-xinit"), ":0"], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "RUNTIME_DIRECTORY": str(tmp_path)})
    assert done.returncode == 1 and "did not report how it ended" in done.stderr


# --- install.sh without installing ---------------------------------------------------------------


@pytest.mark.parametrize("arch", ["armhf", "armel", "i386"])
def test_install_refuses_32_bit_with_one_clear_line(tmp_path, arch):
    (tmp_path / "dpkg").write_text(f"#!/bin/sh\necho {arch}\n")
    (tmp_path / "dpkg").chmod(0o755)
    done = subprocess.run(["bash", str(DEPLOY / "install.sh"), "--dry-run", "--no-apt", "--no-start"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"})
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"install.sh: {arch} is not supported (no Kivy 2.3.1/ffpyplayer 4.5.4 "
                                        f"wheels); install 64-bit Raspberry Pi OS (arm64) or Debian 12 amd64/arm64"]


def test_install_dry_run_says_what_it_will_do(tmp_path):
    done = subprocess.run(["bash", str(DEPLOY / "install.sh"), "--dry-run", "--no-apt", "--no-start"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "+ install -m 0755" in done.stdout and "kiosk-xinit" in done.stdout
    assert "+ systemctl enable kiosk.service" in done.stdout and "systemctl restart" not in done.stdout
    assert "+ write /etc/polkit-1/rules.d/50-kiosk.rules" in done.stdout or \
        Path("/etc/polkit-1/rules.d/50-kiosk.rules").is_file()


# --- install.sh end to end in a throwaway Debian 12 root ---------------------------------------


def debian_mirror(sources: Path = Path("/etc/apt")) -> str:
    """The Debian mirror this machine's apt uses (deb822 'URIs:' or one-line 'deb' entries)."""
    files = sorted(sources.glob("sources.list.d/*.sources")) + [sources / "sources.list"] + \
        sorted(sources.glob("sources.list.d/*.list"))
    for path in files:
        try:
            text = path.read_text()
        except OSError:
            continue
        for match in re.finditer(r"^(?:URIs:\s*|deb\s+(?:\[[^]]*\]\s+)?)(\S+)", text, re.M):
            url = match.group(1).rstrip("/")
            if url.endswith("/debian") and "security" not in url:
                return url
    return "http://deb.debian.org/debian"


def why_no_root() -> str | None:
    if sys.platform != "linux":
        return "a Debian root needs Linux"
    if os.geteuid() != 0:
        return "needs root (debootstrap, chroot and bind mounts)"
    if not shutil.which("debootstrap"):
        return "needs debootstrap (apt-get install debootstrap; .ci/run installs it)"
    return None


def base_root_tarball() -> tuple[Path, float]:
    """A minimal Debian 12 root as a tarball, made once per machine; (path, seconds spent now)."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    tarball = CACHE / f"{SUITE}-minbase-{arch}.tar"
    if tarball.is_file():
        return tarball, 0.0
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    work = CACHE / f".debootstrap-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        done = subprocess.run(["debootstrap", "--variant=minbase", SUITE, str(work), debian_mirror()],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            pytest.skip(f"debootstrap could not make a Debian root here: {done.stdout[-600:]}{done.stderr[-600:]}")
        subprocess.run(["tar", "-C", str(work), "-cf", f"{tarball}.tmp", "."], check=True, timeout=600)
        os.replace(f"{tarball}.tmp", tarball)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tarball, time.monotonic() - started


class Chroot:
    """A throwaway root with /proc, /sys, /dev, the apt and pip caches and this checkout mounted."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mounts: list[Path] = []
        self.env: dict[str, str] = {}

    def bind(self, source: Path, target: str, *extra: str) -> None:
        where = self.root / target.lstrip("/")
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "--bind", str(source), str(where)], check=True)
        self.mounts.append(where)
        if extra:
            subprocess.run(["mount", "-o", f"remount,bind,{','.join(extra)}", str(where)], check=True)

    def __enter__(self) -> "Chroot":
        for fs, target in (("proc", "proc"), ("sysfs", "sys")):
            where = self.root / target
            subprocess.run(["mount", "-t", fs, fs, str(where)], check=True)
            self.mounts.append(where)
        self.bind(Path("/dev"), "/dev")
        self.bind(Path("/dev/pts"), "/dev/pts")
        self.bind(Path("/dev/shm"), "/dev/shm")  # Python's process pools (kiosk prepare) need it
        for name, target in (("apt-archives", "/var/cache/apt/archives"), ("pip", "/root/.cache/pip")):
            (CACHE / name / "partial").mkdir(parents=True, exist_ok=True) if name == "apt-archives" else \
                (CACHE / name).mkdir(parents=True, exist_ok=True)
            self.bind(CACHE / name, target)
        self.bind(ROOT, "/mnt/kiosk-src", "ro")
        shutil.copy("/etc/resolv.conf", self.root / "etc" / "resolv.conf")
        # this machine's trust store, for pip inside (a network that inspects TLS has its own CA)
        host_ca = Path(os.environ.get("PIP_CERT") or "/etc/ssl/certs/ca-certificates.crt")
        if host_ca.is_file():
            (self.root / "etc" / "ssl" / "certs").mkdir(parents=True, exist_ok=True)
            shutil.copy(host_ca, self.root / "etc" / "ssl" / "certs" / "host-ca.crt")
            self.env["PIP_CERT"] = "/etc/ssl/certs/host-ca.crt"
        # as in any chroot: packages' scripts must not start services (no systemd runs here)
        policy = self.root / "usr" / "sbin" / "policy-rc.d"
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
        return self

    def __exit__(self, *_exc: object) -> None:
        for where in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(where)], check=False)

    def run(self, *args: str, timeout: float = 1800, **env: str) -> subprocess.CompletedProcess:
        environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
                       "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive", **self.env, **env}
        return subprocess.run(["chroot", str(self.root), *args], capture_output=True, text=True, timeout=timeout,
                              env=environment)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_install_sh_end_to_end_in_a_debian_12_root(tmp_path):
    reason = why_no_root()
    if reason:
        pytest.skip(reason)
    tarball, made_in = base_root_tarball()
    root = tmp_path / "root"
    root.mkdir()
    started = time.monotonic()
    subprocess.run(["tar", "-C", str(root), "-xf", str(tarball)], check=True, timeout=600)
    # a desktop login as on Raspberry Pi OS Desktop: lightdm's unit, enabled as the display manager
    lightdm = root / "lib" / "systemd" / "system" / "lightdm.service"
    lightdm.write_text("[Unit]\nDescription=Light Display Manager (stand-in)\n[Service]\nExecStart=/bin/true\n"
                       "[Install]\nAlias=display-manager.service\n")
    (root / "etc" / "systemd" / "system").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "systemd" / "system" / "display-manager.service").symlink_to("/lib/systemd/system/lightdm.service")
    # the curator's key pair, made on the curator's machine (here), its public half handed to install.sh
    keys = tmp_path / "curator-keys"
    from kiosk.cli import main as kiosk

    assert kiosk(["keygen", "--out", str(keys), "--name", "Embassy curator"]) == 0
    shutil.copy(keys / "curator.pub", root / "tmp" / "curator.pub")
    try:
        with Chroot(root) as chroot:
            done = chroot.run("bash", "/mnt/kiosk-src/deploy/install.sh", "--no-start", "--trust", "/tmp/curator.pub")
            installed_in = time.monotonic() - started
            out = done.stdout + done.stderr
            assert done.returncode == 0, out[-4000:]
            print(f"\ndebootstrap: {made_in:.0f} s (0 when cached); install.sh: {installed_in:.0f} s")

            # the display manager: said, disabled, and the box boots to the console
            assert "lightdm (a desktop login) holds vt7 and :0, where the kiosk runs: it is disabled" in out
            assert not (root / "etc" / "systemd" / "system" / "display-manager.service").exists()
            assert os.readlink(root / "etc" / "systemd" / "system" / "default.target").endswith("multi-user.target")
            # what X needs from a service, installed
            listed = chroot.run("dpkg-query", "-W", "-f", "${Package} ${Status}\\n", "xserver-xorg-legacy",
                                "libpam-systemd", "dbus", "udisks2", "polkitd", "xinit").stdout
            assert listed.count("install ok installed") == 6, listed
            # the reboot, said
            assert "A reboot is needed (sudo reboot):" in out and "lightdm was disabled" in out
            # the kiosk, its units, its first content
            etc = root / "etc" / "systemd" / "system"
            assert (etc / "multi-user.target.wants" / "kiosk.service").is_symlink()
            assert (etc / "multi-user.target.wants" / "kiosk-fleet.service").is_symlink()  # the Syncthing block
            assert (root / "opt" / "kiosk" / "src" / "README.md").is_file()  # where Documentation= points
            assert os.access(root / "opt" / "kiosk" / "bin" / "kiosk-xinit", os.X_OK)
            assert (root / "var" / "lib" / "kiosk" / "content" / "current").is_symlink()
            assert (root / "etc" / "polkit-1" / "rules.d" / "50-kiosk.rules").is_file()
            check = chroot.run("/usr/local/bin/kiosk", "validate", "/var/lib/kiosk/content/current", timeout=300)
            assert check.returncode == 0, check.stdout + check.stderr
            imported = chroot.run("/opt/kiosk/venv/bin/python", "-c", "import pyudev, kiosk.technician.usb; print('ok')")
            assert imported.stdout.strip() == "ok", imported.stderr
            verify = chroot.run("systemd-analyze", "verify", "/etc/systemd/system/kiosk.service",
                                "/etc/systemd/system/kiosk-recover.service", "/etc/systemd/system/kiosk-fleet.service")
            assert verify.returncode == 0 and verify.stderr.strip() == "", verify.stderr

            # no default PIN: without a terminal the install made a random one and showed it once
            shown = re.findall(r"^Technician PIN: (\d{6})$", done.stdout, re.M)
            assert len(shown) == 1, out[-3000:]
            pin = shown[0]
            kiosk_uid = int(chroot.run("id", "-u", "kiosk").stdout)
            for name in ("pin.json", "trusted-keys.json"):
                info = (root / "var" / "lib" / "kiosk" / name).stat()
                assert (oct(info.st_mode & 0o777), info.st_uid) == ("0o600", kiosk_uid), name
            assert pin not in (root / "var" / "lib" / "kiosk" / "pin.json").read_text()
            probe = ("import sys; from pathlib import Path; from kiosk.technician.pin import PinAttempts, PinStore; "
                     "pad = PinAttempts(PinStore(Path('/var/lib/kiosk/pin.json'))); "
                     "print(pad.try_pin('0000', 0.0), pad.try_pin(sys.argv[1], 0.0))")
            tried = chroot.run("runuser", "-u", "kiosk", "--", "/opt/kiosk/venv/bin/python", "-c", probe, pin)
            assert tried.stdout.split() == ["False", "True"], tried.stderr  # 0000 opens nothing; the PIN shown does

            # a stick: unsigned, refused; signed by the trusted key, applied; one byte changed, refused
            live = os.readlink(root / "var" / "lib" / "kiosk" / "content" / "current")
            stick = root / "tmp" / "stick"
            shutil.copytree(ROOT / "config", stick / "config")
            shutil.copytree(ROOT / "media", stick / "media")
            subprocess.run(["chmod", "-R", "a+rX", str(stick)], check=True)
            unsigned = chroot.run("/usr/local/bin/kiosk", "update", "/tmp/stick", "--no-prepare", timeout=300)
            assert unsigned.returncode == 1 and "/tmp/stick is not signed" in unsigned.stderr, unsigned.stderr
            assert kiosk(["sign", str(stick), "--key", str(keys / "curator.key")]) == 0
            subprocess.run(["chmod", "a+r", str(stick / ".kiosk-signature.json")], check=True)
            signed = chroot.run("/usr/local/bin/kiosk", "update", "/tmp/stick", "--no-prepare", timeout=300)
            assert signed.returncode == 0, signed.stdout + signed.stderr
            applied = os.readlink(root / "var" / "lib" / "kiosk" / "content" / "current")
            assert applied != live
            photo = stick / "media" / "photos" / "003.jpg"
            data = bytearray(photo.read_bytes())
            data[len(data) // 2] ^= 0x01
            photo.write_bytes(bytes(data))
            tampered = chroot.run("/usr/local/bin/kiosk", "update", "/tmp/stick", "--no-prepare", timeout=300)
            assert tampered.returncode == 1, tampered.stdout
            assert "media/photos/003.jpg: changed after signing (its SHA-256 differs)" in tampered.stderr
            assert os.readlink(root / "var" / "lib" / "kiosk" / "content" / "current") == applied

            # again, as after 'git pull': nothing to install, no second reboot asked for, the PIN kept
            again = chroot.run("bash", "/mnt/kiosk-src/deploy/install.sh", "--no-start", "--no-apt")
            assert again.returncode == 0, (again.stdout + again.stderr)[-4000:]
            assert "A reboot is needed" not in again.stdout
            assert "Technician PIN:" not in again.stdout and "a technician PIN is set" in again.stdout
    finally:
        subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False)
