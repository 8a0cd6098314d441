"""Encryption at rest of Saleor app tokens (Fernet; the first TOKEN_ENCRYPTION_KEY encrypts,
all of them decrypt, so keys can be rotated)."""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from saleor_retention.config import get_config


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in get_config().token_encryption_keys])


def encrypt_token(token: str) -> str:
    """Returns ``token`` encrypted with the newest key."""
    return _fernet().encrypt(token.encode()).decode()


def decrypt_token(encrypted: str) -> str:
    """Returns the token; raises cryptography's InvalidToken when no configured key opens it."""
    return _fernet().decrypt(encrypted.encode()).decode()


__all__ = ["encrypt_token", "decrypt_token", "InvalidToken"]
