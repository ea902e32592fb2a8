#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freelancehub.settings")
    # Without a production configuration (no SECRET_KEY), manage.py is a developer's tool: it
    # runs with development settings. Production sets SECRET_KEY, so its commands keep DEBUG off,
    # and the web entry points (wsgi.py, asgi.py) still refuse to start on insecure defaults.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
