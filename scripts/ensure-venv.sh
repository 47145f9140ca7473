#!/usr/bin/env bash
# Creates .venv and installs rexbot into it (with the test tools when called with "dev"),
# pinned by constraints.txt. Re-runs only when pyproject.toml or constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "rexbot a besoin de Python 3.11 ou plus récent (trouvé : $("$python" --version 2>&1))." >&2
    exit 1
fi
stamp=".venv/.installed${extra:+-$extra}"
if [ -x .venv/bin/python ] && ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    echo "Le dossier .venv est incomplet (sans pip) : il est recréé." >&2
    rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv; then
        rm -rf .venv
        echo "Impossible de créer l'environnement Python (.venv). Sur Debian ou Ubuntu :" >&2
        echo "  sudo apt install python3-venv" >&2
        exit 1
    fi
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    echo "Installation des dépendances dans .venv …" >&2
    target="."
    [ -n "$extra" ] && target=".[$extra]"
    # The installer's chatter goes to a log, shown only if something fails.
    if ! .venv/bin/python -m pip install -c constraints.txt -e "$target" > .venv/install.log 2>&1
    then
        cat .venv/install.log >&2
        echo "L'installation a échoué (détails ci-dessus, et dans .venv/install.log)." >&2
        exit 1
    fi
    touch "$stamp"
fi
