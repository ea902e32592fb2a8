from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class FreelanceHubConfig(AppConfig):
    name = "freelancehub"
    verbose_name = "FreelanceHub"


class FreelanceHubAdminConfig(AdminConfig):
    default_site = "freelancehub.admin_site.ModerationAdminSite"
