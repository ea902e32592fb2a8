from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated:
            return self
        return self.filter(members_only=False)


class Category(models.Model):
    """A discussion board, e.g. “Tarifs & devis”. Managed and ordered by administrators."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_questions = models.BooleanField(
        _("questions mode"),
        default=False,
        help_text=_("Topics are questions; their author can accept one reply as the answer."),
    )
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Hidden from visitors who are not signed in.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('forums:index')}#{self.slug}"
