from django.shortcuts import render

from events.selectors import events_upcoming_for
from forums.selectors import categories_visible_to, reader_state_for, topics_latest

HOME_EVENTS = 4
HOME_TOPICS = 8


def home(request):
    latest_topics = topics_latest(user=request.user, limit=HOME_TOPICS)
    return render(
        request,
        "home.html",
        {
            "latest_topics": latest_topics,
            "reader": reader_state_for(request.user, topics=latest_topics),
            "categories": categories_visible_to(request.user),
            "upcoming_events": events_upcoming_for(request.user)[:HOME_EVENTS],
        },
    )
