"""Model fields whose column holds a Fernet token, never the plaintext (letters/crypto.py)."""

import datetime

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """A text value encrypted at rest. Not searchable: the column holds a random-looking token."""

    def to_bytes(self, value):
        return str(value).encode()

    def from_bytes(self, data):
        return data.decode()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return self.from_bytes(decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        return encrypt(self.to_bytes(value))


class EncryptedDateField(EncryptedTextField):
    def to_bytes(self, value):
        return value.isoformat().encode()

    def from_bytes(self, data):
        return datetime.date.fromisoformat(data.decode())


class EncryptedBytesField(EncryptedTextField):
    def to_bytes(self, value):
        return bytes(value)

    def from_bytes(self, data):
        return data
