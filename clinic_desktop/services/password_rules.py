"""The password rule shown in forms before the database stack is loaded (no imports: the first-start form
reads it while SQLAlchemy is still loading). Enforced by :mod:`clinic_desktop.services.auth`."""

#: The shortest password anyone may choose (characters).
MIN_PASSWORD_LENGTH = 8
