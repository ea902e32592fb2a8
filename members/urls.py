from django.urls import path

from .views import private, public

app_name = "members"

urlpatterns = [
    path("", public.member_list, name="list"),
    path("me/profile/", private.profile_edit, name="profile_edit"),
    path("me/welcome/", private.welcome, name="welcome"),
    path("me/welcome/dismiss/", private.welcome_dismiss, name="welcome_dismiss"),
    path("me/preferences/", private.preferences, name="preferences"),
    path("me/export/", private.data_export, name="data_export"),
    path("me/delete/", private.account_delete, name="account_delete"),
    path(
        "me/recommendations/<int:pk>/visibility/",
        private.recommendation_visibility,
        name="recommendation_visibility",
    ),
    path(
        "recommendations/<int:pk>/report/",
        private.recommendation_report,
        name="recommendation_report",
    ),
    path("<str:handle>/", public.member_profile, name="profile"),
    path("<str:handle>/recommend/", private.recommend, name="recommend"),
    path("<str:handle>/block/", private.block, name="block"),
    path("<str:handle>/unblock/", private.unblock, name="unblock"),
]
