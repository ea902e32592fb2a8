from django.shortcuts import render

from events.selectors import events_upcoming_for
from forums.selectors import categories_visible_to, topics_latest

HOME_EVENTS = 4
HOME_TOPICS = 8


def home(request):
    return render(
        request,
        "home.html",
        {
            "latest_topics": topics_latest(user=request.user, limit=HOME_TOPICS),
            "categories": categories_visible_to(request.user),
            "upcoming_events": events_upcoming_for(request.user)[:HOME_EVENTS],
        },
    )
