"""A real IMAP server for the mail gateway's polling mode: Debian's dovecot, started on loopback
with a throwaway configuration (TLS with the test certificates, client certificate required, one
mailbox). `.ci/run` installs it; without it the tests that need it fail loudly, not skip."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.certs import Certificates

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "rex", "secret-de-test"


@dataclass(frozen=True, slots=True)
class ImapServer:
    port: int
    user: str
    password: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _mail_owner() -> tuple[int, int]:
    """Dovecot refuses to run mail processes as root: as root, mail belongs to its own user."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    entry = pwd.getpwnam("dovecot")
    return entry.pw_uid, entry.pw_gid


def _config(root: Path, mail: Path, certs: Certificates, port: int) -> str:
    uid, gid = _mail_owner()
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{certs.server.cert}
ssl_key = <{certs.server.key}
ssl_ca = <{certs.ca}
ssl_verify_client_cert = yes
ssl_require_crl = no
auth_ssl_require_client_cert = yes
auth_mechanisms = plain
first_valid_uid = 0
mail_location = maildir:{mail}/%u
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""


@contextlib.contextmanager
def dovecot(root: Path, certs: Certificates) -> Iterator[ImapServer]:
    if not Path(DOVECOT).exists():
        raise AssertionError(
            "dovecot n'est pas installé : le mode IMAP de la passerelle ne peut pas être testé "
            "(apt-get install dovecot-imapd ; .ci/run le fait)."
        )
    for sub in ("run", "state"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    # The mailbox lives where the mail user can reach it (pytest's directories are private).
    mail = Path(tempfile.mkdtemp(prefix="rexbot-imap-"))
    mail.chmod(0o777)
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(_config(root, mail, certs, port), encoding="utf-8")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = (
                    (root / "dovecot.log").read_text(errors="replace")
                    if (root / "dovecot.log").exists()
                    else ""
                )
                raise AssertionError(f"dovecot did not start: {log[-2000:]}")
            time.sleep(0.05)
        yield ImapServer(port, USER, PASSWORD)
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(mail, ignore_errors=True)
