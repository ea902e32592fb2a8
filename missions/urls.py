from django.urls import path

from .views import missions, referrals

app_name = "missions"

urlpatterns = [
    path("", missions.board, name="board"),
    path("new/", missions.mission_create, name="create"),
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/<int:pk>/outcome/", referrals.referral_outcome, name="referral_outcome"),
    path("<int:pk>/", missions.mission_detail, name="detail"),
    path("<int:pk>/edit/", missions.mission_edit, name="edit"),
    path("<int:pk>/interest/", missions.mission_interest, name="interest"),
    path("<int:pk>/pass/", missions.mission_pass, name="pass"),
    path("<int:pk>/close/", missions.mission_close, name="close"),
    path("<int:pk>/report/", missions.mission_report, name="report"),
]
