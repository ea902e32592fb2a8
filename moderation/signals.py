from django.dispatch import Signal

# Sent after commit for every line of the moderation log. Arguments: action, target.
moderation_action_logged = Signal()
