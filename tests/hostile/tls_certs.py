"""Certificates for a TLS dask cluster started by a test: a CA, the cluster's own certificate
(scheduler and workers), a client signed by that CA, and a rogue CA with a client of its own.
Made with the `openssl` command (fresh EC keys, valid for two days); the `cryptography` package
is not among BurnMap's pinned packages."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EC = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _ca(folder: Path, name: str) -> None:
    _openssl("req", "-x509", *EC, "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
             "-subj", f"/CN=BurnMap test {name}", cwd=folder)


def _signed(folder: Path, name: str, ca: str) -> None:
    _openssl("req", *EC, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj",
             f"/CN=BurnMap test {name}", cwd=folder)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", cwd=folder)


def make_certs(folder: Path) -> Path:
    """ca.pem; node.pem/.key (the cluster); client.pem/.key (signed by ca); rogue_ca.pem and
    rogue.pem/.key (signed by rogue_ca); encrypted.key (client.key with a passphrase)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder.mkdir(parents=True, exist_ok=True)
    _ca(folder, "ca")
    _ca(folder, "rogue_ca")
    _signed(folder, "node", "ca")
    _signed(folder, "client", "ca")
    _signed(folder, "rogue", "rogue_ca")
    _openssl("pkey", "-in", "client.key", "-out", "encrypted.key", "-aes256", "-passout",
             "pass:secret", cwd=folder)
    return folder
