from django.urls import path

from .views import pairs, ritual

app_name = "chocoskype"

urlpatterns = [
    path("", ritual.home, name="home"),
    path("skip/", ritual.skip_next_round, name="skip"),
    path("pause/", ritual.pause, name="pause"),
    path("resume/", ritual.resume, name="resume"),
    path("leave/", ritual.leave, name="leave"),
    path("email/pause/<str:token>/", ritual.pause_link, name="pause_link"),
    path("email/leave/<str:token>/", ritual.leave_link, name="leave_link"),
    path("invite/<str:handle>/", ritual.invite, name="invite"),
    path("invitations/<int:pk>/", ritual.invitation, name="invitation"),
    path(
        "invitations/<int:pk>/accept/",
        ritual.invitation_answer,
        {"answer": "accept"},
        name="invitation_accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        ritual.invitation_answer,
        {"answer": "decline"},
        name="invitation_decline",
    ),
    # The pairs' pages (views/pairs.py) go below.
    path("pairs/<int:pk>/", pairs.pair_detail, name="pair"),
    path("pairs/<int:pk>/pick/", pairs.pair_pick, name="pair_pick"),
    path("pairs/<int:pk>/propose/", pairs.pair_propose, name="pair_propose"),
    path("pairs/<int:pk>/cancel/", pairs.pair_cancel, name="pair_cancel"),
    path("pairs/<int:pk>/outcome/", pairs.pair_outcome, name="pair_outcome"),
]
