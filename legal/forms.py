from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The moderators answer you there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=120)
    message = forms.CharField(
        label=_("Message"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class AcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept these documents."),
        error_messages={
            "required": _("To go on using FreelanceHub, please tick the box to accept them.")
        },
    )
