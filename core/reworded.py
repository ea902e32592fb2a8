"""Words of Django and allauth that read oddly to freelancers in France, translated again.

The project's catalogue (LOCALE_PATHS) comes before every app's, so its translation of these
message ids wins; listing them here is what keeps them in it when `make messages` runs. Nothing
imports this module.
"""

from django.utils.translation import gettext_noop

REWORDED = [
    # django.contrib.auth says « Courriel » (Quebec) on every e-mail field allauth shows.
    gettext_noop("Email"),
    # allauth's sign-in and sign-up pages: stiff wording and straight apostrophes.
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    # allauth's reauthentication page (before deleting one's account): a straight apostrophe
    # and « réauthentifier », which nobody says.
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
]
