from django.shortcuts import render

from . import selectors


def index(request):
    return render(
        request,
        "forums/index.html",
        {"categories": selectors.categories_visible_to(request.user)},
    )
