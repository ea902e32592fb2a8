from django.dispatch import Signal

# Sent after commit when a post becomes visible (published at once, or approved later).
# Arguments: post, mentioned (the members the post @mentions). The notifications app listens.
post_published = Signal()

# Sent after commit when an edit of a visible post @mentions members it did not mention before.
# Arguments: post, mentioned (those members only).
post_mentions_added = Signal()

# Sent after commit when a member likes a post. Arguments: like.
post_liked = Signal()

# Sent after commit when a reply is accepted as the answer. Arguments: topic, post, actor.
solution_accepted = Signal()
