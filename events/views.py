from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

EVENTS_PER_PAGE = 20


def event_list(request):
    page = Paginator(selectors.events_upcoming_for(request.user), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "events/event_list.html", {"page_obj": page})


def event_detail(request, pk: int):
    event = selectors.get_event_for_reader(request.user, pk)
    return render(request, "events/event_detail.html", {"event": event})
