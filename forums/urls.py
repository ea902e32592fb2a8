from django.urls import path

from .feeds import CategoryTopicsFeed, LatestTopicsFeed
from .views import moderation, private, public

app_name = "forums"

urlpatterns = [
    path("", public.index, name="index"),
    path("search/", public.search, name="search"),
    path("feed/", LatestTopicsFeed(), name="feed"),
    path("new/", private.topic_new, name="topic_new"),
    path("preview/", private.preview, name="preview"),
    path("similar/", private.topics_similar, name="topics_similar"),
    path("drafts/", private.draft_save, name="draft_save"),
    path("bookmarks/", private.bookmarks, name="bookmarks"),
    path("c/<slug:slug>/", public.category_detail, name="category"),
    path("c/<slug:slug>/feed/", CategoryTopicsFeed(), name="category_feed"),
    path("c/<slug:slug>/mark-read/", private.category_mark_read, name="category_mark_read"),
    path("c/<slug:slug>/watch/", private.category_watch, name="category_watch"),
    path("tags/<slug:slug>/watch/", private.tag_watch, name="tag_watch"),
    path("t/<int:pk>/", public.topic_detail, name="topic_short"),
    path("t/<int:pk>/reply/", private.reply, name="reply"),
    path("t/<int:pk>/unread/", private.topic_first_unread, name="first_unread"),
    path("t/<int:pk>/notifications/", private.topic_notification_level, name="topic_level"),
    path("t/<int:pk>/moderate/", moderation.topic_moderate, name="topic_moderate"),
    path("t/<int:pk>/move/", moderation.topic_move, name="topic_move"),
    path("t/<int:pk>/<slug:slug>/", public.topic_detail, name="topic"),
    path("p/<int:pk>/", public.post_permalink, name="post"),
    path("p/<int:pk>/edit/", private.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", private.post_delete, name="post_delete"),
    path("p/<int:pk>/like/", private.post_like, name="post_like"),
    path("p/<int:pk>/bookmark/", private.post_bookmark, name="post_bookmark"),
    path("p/<int:pk>/solution/", private.post_solution, name="post_solution"),
    path("p/<int:pk>/report/", private.post_report, name="post_report"),
    path("p/<int:pk>/moderate/", moderation.post_moderate, name="post_moderate"),
    path("p/<int:pk>/revisions/", moderation.post_revisions, name="post_revisions"),
]
