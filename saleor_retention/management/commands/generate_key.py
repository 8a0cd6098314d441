from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prints a new key for TOKEN_ENCRYPTION_KEY."
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        self.stdout.write(Fernet.generate_key().decode())
