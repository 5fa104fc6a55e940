"""Password rules (等保2.0): at least 8 characters, three of four character classes, and
not the username."""

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError


class CharacterClassValidator:
    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError("密码须包含大写字母、小写字母、数字、符号中的至少三类", code="password_classes")

    def get_help_text(self):
        return "密码须包含大写字母、小写字母、数字、符号中的至少三类"


class NotUsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名", code="password_username")

    def get_help_text(self):
        return "密码不能包含用户名"


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with the smallest cost, for the test suite only."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
