from django.dispatch import Signal

# Sent after commit when a member recommends another for the first time. Arguments: recommendation.
recommendation_created = Signal()
