#!/usr/bin/env bash
# Sets everything up on first use, then starts rexbot: on Telegram if TELEGRAM_BOT_TOKEN is set
# (environment or .env), otherwise the console demo. Extra arguments go to `rexbot run`.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-venv.sh
exec .venv/bin/rexbot run "$@"
