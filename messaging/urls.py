from django.urls import path

from .views import private

app_name = "messaging"

urlpatterns = [
    path("", private.conversation_list, name="list"),
    path("settings/", private.preferences, name="settings"),
    path("new/<str:handle>/", private.conversation_new, name="new"),
    path("<int:pk>/", private.conversation_detail, name="conversation"),
    path("<int:pk>/reply/", private.message_reply, name="reply"),
    path("<int:pk>/since/", private.messages_new, name="since"),
    path("<int:pk>/leave/", private.conversation_leave, name="leave"),
    path("message/<int:pk>/report/", private.message_report, name="report"),
]
