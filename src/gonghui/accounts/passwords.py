"""Password rules (等保2.0): at least 8 characters, three of four character classes, and
not the username."""

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.exceptions import ValidationError


class MinimumLengthValidator:
    """Django's length rule with its message in Chinese: Django 5.2 changed the English
    message, and its zh_Hans catalogue still translates only the old one, so the stock
    validator refuses a short password in English."""

    def __init__(self, min_length=8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少须 {self.min_length} 个字符", code="password_too_short", params={"min_length": self.min_length})

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符"


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
