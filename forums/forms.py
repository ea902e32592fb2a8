from django import forms
from django.core.validators import MaxLengthValidator, validate_slug
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from moderation.models import Report

from .models import (
    BODY_MAX_LENGTH,
    MAX_TAGS,
    TITLE_MAX_LENGTH,
    Category,
    NotificationLevel,
    Tag,
)

BODY_HELP = _("Markdown: **bold**, _italic_, lists, > quotes, links; @handle mentions a member.")


class TopicForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Board"), queryset=Category.objects.none(), to_field_name="slug"
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("A question or a clear subject, e.g. “How much for a 1,000-word SEO article?”"),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=format_lazy(_("Up to {max}."), max=MAX_TAGS),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.visible_to(user)

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Choose %(max)s tags at most.") % {"max": MAX_TAGS})
        return tags


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=BODY_HELP,
    )
    reason = forms.CharField(
        label=_("Reason for the edit"),
        max_length=200,
        required=False,
        help_text=_("Shown in the history; required when a moderator edits someone's post."),
    )

    def __init__(self, *args, edits_title: bool, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not edits_title:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
        self.fields["reason"].required = reason_required


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=BODY_MAX_LENGTH)


class SlugListField(forms.Field):
    """Every value of a repeated parameter (one per checked box), each a slug; a CharField would
    read and check only the last one. Their comma-joined length is at most ``max_length``."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def to_python(self, value) -> list[str]:
        return [slug for slug in (str(item).strip() for item in value or []) if slug]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for slug in value:
            validate_slug(slug)
        MaxLengthValidator(self.max_length)(",".join(value))


class DraftForm(forms.Form):
    topic = forms.IntegerField(required=False, min_value=1)
    title = forms.CharField(required=False, max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(required=False, max_length=BODY_MAX_LENGTH)
    category = forms.CharField(required=False, max_length=80)
    tags = SlugListField(required=False, max_length=400)


class PostReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this post?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _state_asked() -> forms.TypedChoiceField:
    """The state a button asks for, “1” (on) or “0” (off), never “the other one”: sent twice,
    the same request leaves the same state. A request without it is refused."""
    return forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce="1".__eq__)


class PostLikeForm(forms.Form):
    liked = _state_asked()


class PostBookmarkForm(forms.Form):
    bookmarked = _state_asked()


class NotificationLevelForm(forms.Form):
    level = forms.ChoiceField(choices=NotificationLevel.choices)


class TopicModerationForm(forms.Form):
    ACTIONS = ["lock", "unlock", "pin", "unpin", "move"]

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    category = forms.ModelChoiceField(
        label=_("Move to"), queryset=Category.objects.all(), required=False, to_field_name="slug"
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("category"):
            self.add_error("category", _("Choose the board to move the topic to."))
        return data


class PostModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("unhide", "unhide"), ("approve", "approve")]
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)
    category = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All boards"),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=Tag.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All tags"),
    )
    author = forms.CharField(label=_("Author (handle)"), max_length=30, required=False)
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    solved = forms.BooleanField(label=_("Solved questions only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.visible_to(user)
