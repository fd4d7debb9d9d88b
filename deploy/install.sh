#!/usr/bin/env bash
# Install the exhibition kiosk on a Debian or Ubuntu box with a touch screen.
#
#   sudo deploy/install.sh             install or upgrade, then (re)start the kiosk
#   sudo deploy/install.sh --dry-run   print what would be done, change nothing
#   options: --no-apt (packages are there already), --no-start (do not start it now),
#            --trust FILE (accept content only when signed by this curator key, kiosk keygen's .pub),
#            --keep-display-manager (leave lightdm/gdm3/sddm... as they are; the kiosk then
#            uses its own X server on :1, vt8, beside the desktop)
#
# Works on Debian 12 and 64-bit Raspberry Pi OS (arm64); 32-bit ARM is refused (no wheels
# of Kivy 2.3.1 and ffpyplayer 4.5.4 for it).
#
# Idempotent: run it again after 'git pull' to upgrade. It
#   - installs X, xinit, xset/xrandr, libmtdev and the Mesa drivers (apt), and what X needs
#     to start from a service: xserver-xorg-legacy (the Xwrapper), libpam-systemd and dbus
#     (the logind session on tty7), checked after installing,
#   - installs udisks2 and polkitd: the maintenance screen mounts USB sticks, reboots and
#     shuts the box down through them (a polkit rule allows the kiosk user),
#   - disables a display manager that holds vt7 and :0 (unless --keep-display-manager),
#   - creates the system user 'kiosk' (groups video, render, input, audio),
#   - copies this checkout to /opt/kiosk/src and installs it into the venv /opt/kiosk/venv,
#   - installs /opt/kiosk/bin/kiosk-session and the 'kiosk' command in /usr/local/bin,
#   - lets the kiosk user start X (Xwrapper.config) and switches screen blanking off
#     (an xorg.conf.d snippet; the unit also starts X with -s 0 -dpms, the session runs xset),
#   - installs the demo exhibition as the first content if none is installed,
#   - sets the technician PIN if none is set: asked twice on a terminal, else a random
#     6-digit one shown once (there is no default PIN),
#   - trusts the curator key given with --trust (only signed content is accepted from then on),
#   - installs and enables kiosk.service and kiosk-recover.service.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX=/opt/kiosk
KIOSK_USER=kiosk
STATE=/var/lib/kiosk
CACHE=/var/cache/kiosk
UNITS=/etc/systemd/system
PACKAGES=(python3 python3-venv xserver-xorg xserver-xorg-legacy xinit x11-xserver-utils libmtdev1 libgl1-mesa-dri
          libegl1 libpam-systemd dbus udisks2 polkitd libudev1)

DRY=0 APT=1 START=1 KEEP_DM=0 TRUST=""
REBOOT=()  # why a reboot is needed, one reason a line
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  arg="${args[$i]}"
  case "$arg" in
    --trust) i=$((i + 1)); TRUST="${args[$i]:-}"
             if [ -z "$TRUST" ] || [ ! -r "$TRUST" ]; then echo "install.sh: --trust needs a readable key file (kiosk keygen's .pub)" >&2; exit 2; fi ;;
    --trust=*) TRUST="${arg#--trust=}" ;;
    --dry-run) DRY=1 ;;
    --no-apt) APT=0 ;;
    --no-start) START=0 ;;
    --keep-display-manager) KEEP_DM=1 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/{/^#/p}' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

run() {
  echo "+ $*"
  if [ "$DRY" = 0 ]; then "$@"; fi
}

# put_file PATH MODE: write stdin to PATH only when it differs (keeps mtimes and reloads quiet).
put_file() {
  local path="$1" mode="$2" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
    return 0
  fi
  echo "+ write $path"
  if [ "$DRY" = 0 ]; then
    install -D -m "$mode" "$tmp" "$path"
  fi
  rm -f "$tmp"
}

# systemd running here? Not in a chroot or while an SD card image is built: units are then
# enabled (that works offline) but neither reloaded nor started; they start at the next boot.
if [ -d /run/systemd/system ]; then SYSTEMD=1; else SYSTEMD=0; fi
daemon_reload() {
  if [ "$SYSTEMD" = 1 ]; then run systemctl daemon-reload; fi
}

if [ "$DRY" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run it as root (sudo deploy/install.sh), or with --dry-run to see what it does" >&2
  exit 1
fi

# 0. The machine: 32-bit ARM userlands (armhf/armel, e.g. 32-bit Raspberry Pi OS, even on a
# 64-bit kernel) have no Kivy 2.3.1 or ffpyplayer 4.5.4 wheels; pip's source build fails late.
ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
case "$ARCH" in
  armhf|armel|arm|armv6l|armv7l|i386|i686)
    echo "install.sh: $ARCH is not supported (no Kivy 2.3.1/ffpyplayer 4.5.4 wheels); install 64-bit Raspberry Pi OS (arm64) or Debian 12 amd64/arm64" >&2
    exit 1 ;;
esac

# 1. Packages.
if [ "$APT" = 1 ]; then
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
# X started from a service needs these, whichever way it gets the screen (the setuid
# Xwrapper, or rootless through the logind session that PAMName=login opens on tty7).
if [ "$DRY" = 0 ]; then
  missing=()
  for package in xserver-xorg-legacy libpam-systemd dbus; do
    if ! dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "install.sh: X cannot start from kiosk.service without ${missing[*]}: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# 1b. A display manager (lightdm on Raspberry Pi OS Desktop, gdm3, sddm...) holds vt7 and :0.
DM=""
if [ -L /etc/systemd/system/display-manager.service ]; then
  DM="$(basename "$(readlink -f /etc/systemd/system/display-manager.service)" .service)"
fi
if [ -n "$DM" ]; then
  if [ "$KEEP_DM" = 1 ]; then
    echo "install.sh: $DM is kept (--keep-display-manager); it holds vt7 and :0, so the kiosk runs on :1 (vt8, Ctrl+Alt+F8)"
  else
    echo "install.sh: $DM (a desktop login) holds vt7 and :0, where the kiosk runs: it is disabled and the box boots"
    echo "            to the console; to have the desktop back: sudo systemctl enable $DM && sudo systemctl set-default graphical.target"
    run systemctl disable "$DM.service"
    run systemctl set-default multi-user.target
    REBOOT+=("$DM was disabled; it still runs until the box restarts")
  fi
fi

# 2. The kiosk user: no password, no shell; the groups give it the GPU, the touch screen and sound.
if ! getent passwd "$KIOSK_USER" >/dev/null; then
  run useradd --system --home-dir "$STATE" --create-home --shell /usr/sbin/nologin "$KIOSK_USER"
fi
for group in video render input audio; do
  if getent group "$group" >/dev/null && ! id -nG "$KIOSK_USER" 2>/dev/null | tr ' ' '\n' | grep -qx "$group"; then
    run usermod -aG "$group" "$KIOSK_USER"
  fi
done
run install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$STATE"
run install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$CACHE"

# 3. The code: a clean copy (no .git, no venv), swapped in whole, then installed into the venv.
run install -d "$PREFIX" "$PREFIX/bin"
if [ "$DRY" = 0 ]; then
  rm -rf "$PREFIX/src.new"
  mkdir -p "$PREFIX/src.new"
  tar -C "$SRC" --exclude=./.git --exclude=./.venv --exclude='__pycache__' --exclude='*.egg-info' -cf - . \
    | tar -C "$PREFIX/src.new" -xf -
  rm -rf "$PREFIX/src.old"
  if [ -d "$PREFIX/src" ]; then mv "$PREFIX/src" "$PREFIX/src.old"; fi
  mv "$PREFIX/src.new" "$PREFIX/src"
  rm -rf "$PREFIX/src.old"
else
  echo "+ copy $SRC to $PREFIX/src (without .git and .venv)"
fi
if [ ! -x "$PREFIX/venv/bin/python" ]; then
  run python3 -m venv "$PREFIX/venv"
fi
run "$PREFIX/venv/bin/pip" install --quiet --upgrade pip
run "$PREFIX/venv/bin/pip" install --quiet --upgrade "$PREFIX/src"
run install -m 0755 "$SRC/deploy/kiosk-session" "$PREFIX/bin/kiosk-session"
run install -m 0755 "$SRC/deploy/kiosk-xinit" "$PREFIX/bin/kiosk-xinit"

# The technician's command: the kiosk's folders, and the kiosk user when run with sudo,
# so 'sudo kiosk update /mnt/usb/exhibition' leaves files the kiosk owns.
put_file /usr/local/bin/kiosk 0755 <<EOF
#!/bin/sh
# Installed by deploy/install.sh: the kiosk command with the kiosk's own folders.
export KIOSK_HOME="\${KIOSK_HOME:-$STATE}" KIOSK_CACHE="\${KIOSK_CACHE:-$CACHE}"
if [ "\$(id -u)" = 0 ]; then
  exec runuser -u $KIOSK_USER -- env KIOSK_HOME="\$KIOSK_HOME" KIOSK_CACHE="\$KIOSK_CACHE" $PREFIX/venv/bin/kiosk "\$@"
fi
exec $PREFIX/venv/bin/kiosk "\$@"
EOF

# 4. X: the kiosk user may start the server from its tty7 session; the screen never blanks.
put_file /etc/X11/Xwrapper.config 0644 <<'EOF'
# deploy/install.sh: the kiosk user starts X from kiosk.service (tty7).
allowed_users=anybody
needs_root_rights=yes
EOF
put_file /etc/X11/xorg.conf.d/10-kiosk-no-blanking.conf 0644 <<'EOF'
# deploy/install.sh: an exhibition screen never blanks, stands by or powers off.
Section "ServerFlags"
    Option "BlankTime" "0"
    Option "StandbyTime" "0"
    Option "SuspendTime" "0"
    Option "OffTime" "0"
EndSection
EOF
# A box left alone must not suspend (a logind idle action or a lid switch on a laptop-like box).
# logind reads this when it starts: a reboot is needed the first time.
if [ ! -f /etc/systemd/logind.conf.d/kiosk.conf ]; then
  REBOOT+=("logind reads /etc/systemd/logind.conf.d/kiosk.conf (no suspend when idle) only when it starts")
fi
put_file /etc/systemd/logind.conf.d/kiosk.conf 0644 <<'EOF'
# deploy/install.sh: the kiosk runs unattended.
[Login]
IdleAction=ignore
HandleLidSwitch=ignore
HandleSuspendKey=ignore
EOF

# The maintenance screen: the kiosk user (its session on tty7) may mount USB sticks through
# udisks, power them off once read, and reboot or shut down the box through logind.
put_file /etc/polkit-1/rules.d/50-kiosk.rules 0644 <<EOF
// deploy/install.sh: the kiosk's maintenance screen (docs/technicians.md: The technician's visit).
polkit.addRule(function(action, subject) {
    if (subject.user != "$KIOSK_USER") return polkit.Result.NOT_HANDLED;
    var allowed = ["org.freedesktop.udisks2.filesystem-mount", "org.freedesktop.udisks2.filesystem-mount-other-seat",
                   "org.freedesktop.udisks2.power-off-drive", "org.freedesktop.udisks2.eject-media",
                   "org.freedesktop.login1.reboot", "org.freedesktop.login1.reboot-multiple-sessions",
                   "org.freedesktop.login1.power-off", "org.freedesktop.login1.power-off-multiple-sessions"];
    return allowed.indexOf(action.id) >= 0 ? polkit.Result.YES : polkit.Result.NOT_HANDLED;
});
EOF

# 5. First content: the bundled demo, so the kiosk has something to show at once.
if [ ! -e "$STATE/content/current" ]; then
  if [ "$DRY" = 0 ]; then
    demo="$(mktemp -d)"
    cp -r "$PREFIX/src/config" "$PREFIX/src/media" "$demo/"
    chmod -R a+rX "$demo"
    runuser -u "$KIOSK_USER" -- env KIOSK_HOME="$STATE" KIOSK_CACHE="$CACHE" "$PREFIX/venv/bin/kiosk" update "$demo"
    rm -rf "$demo"
  else
    echo "+ kiosk update (the demo exhibition) as $KIOSK_USER"
  fi
fi

# 5b. The technician PIN. There is no default: until one is set nothing opens the kiosk.
# On a terminal it is asked twice (unseen); without one (an image build, a script) a random
# 6-digit PIN is made and shown once here. It is kept only as a salted hash, 0600, owned by
# the kiosk user ($STATE/pin.json). A PIN set before is kept.
if [ "$DRY" = 0 ]; then
  if [ -f "$STATE/pin.json" ]; then
    echo "install.sh: a technician PIN is set ($STATE/pin.json); change it with: sudo kiosk set-pin"
  elif [ -t 0 ] && [ -t 1 ]; then
    until /usr/local/bin/kiosk set-pin; do echo "install.sh: the PIN was not saved; again"; done
  else
    /usr/local/bin/kiosk set-pin --random
  fi
else
  echo "+ kiosk set-pin (asked twice on a terminal, else a random PIN shown once)"
fi

# 5c. The curator key this kiosk trusts (--trust): from then on it accepts content from a
# folder, a USB stick or the fleet only when signed by it (kiosk sign). Read through stdin,
# so the kiosk user need not be able to read the file where it lies.
if [ -n "$TRUST" ]; then
  if [ "$DRY" = 0 ]; then
    /usr/local/bin/kiosk trust - <"$TRUST"
  else
    echo "+ kiosk trust $TRUST"
  fi
fi

# 6. The units.
put_file "$UNITS/kiosk.service" 0644 <"$SRC/deploy/kiosk.service"
put_file "$UNITS/kiosk-recover.service" 0644 <"$SRC/deploy/kiosk-recover.service"
if [ "$KEEP_DM" = 1 ] && [ -n "$DM" ]; then
  put_file "$UNITS/kiosk.service.d/beside-display-manager.conf" 0644 <<EOF
# deploy/install.sh --keep-display-manager: $DM holds vt7 and :0; the kiosk takes vt8 and :1.
[Unit]
Conflicts=getty@tty8.service
[Service]
TTYPath=/dev/tty8
UtmpIdentifier=tty8
ExecStart=
ExecStart=$PREFIX/bin/kiosk-xinit :1 vt8 -keeptty -s 0 -dpms -nocursor -nolisten tcp
EOF
elif [ -f "$UNITS/kiosk.service.d/beside-display-manager.conf" ]; then
  run rm -f "$UNITS/kiosk.service.d/beside-display-manager.conf"
fi
daemon_reload
run systemctl enable kiosk.service
if [ "$START" = 1 ] && [ "$SYSTEMD" = 0 ]; then
  echo "install.sh: systemd is not running here (a chroot or an image being built): the kiosk starts at the next boot"
  START=0
fi
if [ "$START" = 1 ]; then
  run systemctl restart kiosk.service
fi

# --- Several kiosks (docs/fleet.md): Syncthing and the fleet agent -----------------
# Debian's syncthing runs as syncthing@kiosk.service, its home in ~kiosk/.config/syncthing,
# set up LAN-only before its first start ('kiosk fleet init': no discovery servers, relays,
# port mapping or reports). 'kiosk fleet join kiosk' later connects it to the curator's
# machine; until then kiosk-fleet.service waits quietly.
if [ "$APT" = 1 ]; then
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends syncthing
fi
run install -d -o "$KIOSK_USER" -g "$KIOSK_USER" -m 0750 "$STATE/fleet"
run runuser -u "$KIOSK_USER" -- env HOME="$STATE" KIOSK_HOME="$STATE" "$PREFIX/venv/bin/kiosk" fleet init
put_file "$UNITS/kiosk-fleet.service" 0644 <"$SRC/deploy/kiosk-fleet.service"
daemon_reload
run systemctl enable "syncthing@$KIOSK_USER.service" kiosk-fleet.service
if [ "$START" = 1 ]; then
  run systemctl restart "syncthing@$KIOSK_USER.service" kiosk-fleet.service
fi
# --- end of the Several kiosks block ------------------------------------------------------------

cat <<EOF

The kiosk is installed. Next:
  sudo kiosk set-pin                              change the technician PIN
  sudo kiosk trust curator.pub                    accept only content the curator signed (kiosk keygen, kiosk sign)
  sudo kiosk update /mnt/usb/exhibition           new content, validated and switched atomically
  sudo kiosk rollback                             back to the content before the last update
  sudo DISPLAY=:0 kiosk doctor                    check GL, screen, touch, codecs, disk
  journalctl -u kiosk -f                          the kiosk's log
  sudo kiosk fleet join kiosk --name NAME --curator ID   one of several kiosks (docs/fleet.md)
EOF
echo "  The technician's visit (maintenance screen, USB stick, rollback): $PREFIX/src/docs/technicians.md"
if [ "${#REBOOT[@]}" -gt 0 ]; then
  echo
  echo "A reboot is needed (sudo reboot):"
  for reason in "${REBOOT[@]}"; do echo "  - $reason"; done
fi
