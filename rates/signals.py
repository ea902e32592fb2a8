"""Keeps the visitors' page cache (core/pagecache.py) in step with the observatory's figures.

A topic whose tags name a service shows that service's headline figures (rates/asides.py), on a
page the cache serves to every visitor and in a fragment shared by members. So when a report
changes (saved, replaced, restored or removed by a moderator, deleted by its author or with the
account), every topic tagged with its service's tag gets a new generation of its scope, once the
transaction commits; and when a service changes (its name, its tag, offered or not), the whole
site does, as for a board or a tag (forums/page_cache.py). What changes with time alone (a new
account's hold ending) is at most PAGE_CACHE_SECONDS old, as for the rest of the pages.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_init, post_save

from core import pagecache
from forums.models import Topic
from forums.page_cache import topic_scope

from .models import RateReport, Service


def topics_showing_figures_refresh(*, service_ids) -> None:
    """Starts a new generation of the scope of every topic whose tags name one of the services
    (one query), once the current transaction commits."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return
    service_tags = Service.objects.filter(pk__in=set(service_ids), tag__isnull=False).values(
        "tag_id"
    )
    topic_ids = (
        Topic.tags.through.objects.filter(tag_id__in=service_tags)
        .values_list("topic_id", flat=True)
        .distinct()
    )
    scopes = [topic_scope(topic_id) for topic_id in topic_ids]
    if scopes:
        pagecache.invalidate(*scopes)


def _report_loaded(sender, instance, **kwargs) -> None:
    # A report moved to another service changes the figures of both.
    instance._service_id_loaded = instance.service_id


def _report_changed(sender, instance, **kwargs) -> None:
    service_ids = {instance.service_id, getattr(instance, "_service_id_loaded", None)} - {None}
    topics_showing_figures_refresh(service_ids=service_ids)
    instance._service_id_loaded = instance.service_id


def _service_changed(sender, **kwargs) -> None:
    pagecache.invalidate(pagecache.SITE)


def connect() -> None:
    post_init.connect(_report_loaded, sender=RateReport, dispatch_uid="rates-report-loaded")
    post_save.connect(_report_changed, sender=RateReport, dispatch_uid="rates-report-saved")
    post_delete.connect(_report_changed, sender=RateReport, dispatch_uid="rates-report-deleted")
    post_save.connect(_service_changed, sender=Service, dispatch_uid="rates-service-saved")
    post_delete.connect(_service_changed, sender=Service, dispatch_uid="rates-service-deleted")
