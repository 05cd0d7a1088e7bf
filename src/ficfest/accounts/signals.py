from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from ficfest.accounts.models import Pseud, User


@receiver(post_save, sender=User)
def give_every_user_a_default_pseud(
    sender: type[User], instance: User, created: bool, **kwargs: Any
) -> None:
    # Here rather than in the sign-up service so createsuperuser and the admin keep the rule too.
    if created and not kwargs.get("raw"):
        Pseud.objects.create(user=instance, name=instance.username, is_default=True)
