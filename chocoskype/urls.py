from django.urls import path

from .views import binomes, pairs, ritual

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
    path("binome/propose/<str:handle>/", binomes.binome_propose, name="binome_propose"),
    path("binomes/<int:pk>/", binomes.binome_detail, name="binome"),
    path(
        "binomes/<int:pk>/accept/",
        binomes.binome_answer,
        {"answer": "accept"},
        name="binome_accept",
    ),
    path(
        "binomes/<int:pk>/decline/",
        binomes.binome_answer,
        {"answer": "decline"},
        name="binome_decline",
    ),
    path("binomes/<int:pk>/end/", binomes.binome_end, name="binome_end"),
    path("binomes/<int:pk>/dates/<int:event_pk>/skip/", binomes.binome_skip, name="binome_skip"),
    path("binomes/<int:pk>/dates/<int:event_pk>/move/", binomes.binome_move, name="binome_move"),
    path("binomes/<int:pk>/goals/", binomes.goal_add, name="binome_goal_add"),
    path("binomes/<int:pk>/goals/<int:goal_pk>/done/", binomes.goal_done, name="binome_goal_done"),
    path(
        "binomes/<int:pk>/goals/<int:goal_pk>/delete/",
        binomes.goal_delete,
        name="binome_goal_delete",
    ),
    # The pairs' pages (views/pairs.py) go below.
    path("pairs/<int:pk>/", pairs.pair_detail, name="pair"),
    path("pairs/<int:pk>/pick/", pairs.pair_pick, name="pair_pick"),
    path("pairs/<int:pk>/propose/", pairs.pair_propose, name="pair_propose"),
    path("pairs/<int:pk>/cancel/", pairs.pair_cancel, name="pair_cancel"),
    path("pairs/<int:pk>/outcome/", pairs.pair_outcome, name="pair_outcome"),
    path("pairs/<int:pk>/binome/", binomes.binome_from_pair, name="pair_binome"),
]
