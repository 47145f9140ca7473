"""Throwaway certificates for the mail gateway's TLS tests: a CA, the certificates it signs
(servers on 127.0.0.1, clients, one of them not the gateway's), and a stranger's CA whose
certificates must be refused."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True, slots=True)
class Pair:
    cert: Path
    key: Path


@dataclass(frozen=True, slots=True)
class Certificates:
    ca: Path
    server: Pair  # rexbot's inbound listener, and the relay (both on 127.0.0.1)
    gateway_client: Pair  # the gateway, pushing mail into rexbot
    bot_client: Pair  # rexbot, submitting to the relay
    stranger_client: Pair  # signed by another CA
    impostor_client: Pair  # signed by the right CA, another subject than the gateway's


# The gateway's client certificate's subject, as REXBOT_MAIL_CLIENT_SUBJECT pins it.
GATEWAY_SUBJECT = "CN=passerelle.mssante.test"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _write(
    directory: Path, stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey
) -> Pair:
    cert_path, key_path = directory / f"{stem}.crt", directory / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Pair(cert_path, key_path)


def _authority(common: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _leaf(
    common: str,
    authority: tuple[x509.Certificate, ec.EllipticCurvePrivateKey],
    usage: x509.ObjectIdentifier,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    ca_cert, ca_key = authority
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if usage == ExtendedKeyUsageOID.SERVER_AUTH:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return builder.sign(ca_key, hashes.SHA256()), key


def make_certificates(directory: Path) -> Certificates:
    directory.mkdir(parents=True, exist_ok=True)
    authority = _authority("MSSante de test — AC")
    stranger = _authority("Autre AC")
    ca_path = directory / "ca.crt"
    ca_path.write_bytes(authority[0].public_bytes(serialization.Encoding.PEM))
    server = _leaf("localhost", authority, ExtendedKeyUsageOID.SERVER_AUTH)
    gateway = _leaf("passerelle.mssante.test", authority, ExtendedKeyUsageOID.CLIENT_AUTH)
    bot = _leaf("rexbot.cpts.test", authority, ExtendedKeyUsageOID.CLIENT_AUTH)
    intruder = _leaf("intrus.test", stranger, ExtendedKeyUsageOID.CLIENT_AUTH)
    impostor = _leaf("autre-passerelle.mssante.test", authority, ExtendedKeyUsageOID.CLIENT_AUTH)
    return Certificates(
        ca=ca_path,
        server=_write(directory, "server", *server),
        gateway_client=_write(directory, "gateway", *gateway),
        bot_client=_write(directory, "bot", *bot),
        stranger_client=_write(directory, "stranger", *intruder),
        impostor_client=_write(directory, "impostor", *impostor),
    )
