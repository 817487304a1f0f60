#!/usr/bin/env bash
# Sets up everything APCS needs on a fresh machine with only Python, npm and apt:
# the virtualenv, the Python packages, bun for Reflex's frontend (from the npm registry,
# because Reflex's own bun download reaches outside the package registries), and with
# --test also Chromium and the local PostgreSQL/Redis services the tests talk to.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.apcs-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> installing Python packages"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$stamp"
fi

if [ ! -x .tools/bun/bin/bun ]; then
  echo "==> installing bun (Reflex frontend toolchain) from the npm registry"
  npm install --global --prefix .tools/bun --no-fund --no-audit --loglevel=error bun >/dev/null
fi

if [ "$want_test" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Chromium for the browser tests"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then  # the answers' ✅ in screenshots
    $SUDO apt-get install -y -qq fonts-noto-color-emoji >/dev/null 2>&1 \
      || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq fonts-noto-color-emoji >/dev/null; } || true
  fi
  if ! command -v ss >/dev/null; then  # the multi-worker browser test maps sockets to workers
    $SUDO apt-get install -y -qq iproute2 >/dev/null || true
  fi
  if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1; then
    echo "==> starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
  if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    echo "==> starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/apcs.log || true
  fi
fi
