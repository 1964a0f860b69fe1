from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "hromada.core.api"
    label = "hromada_api"
    verbose_name = _("API")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from .models import ApiToken
        from .tokens import forget_live_tokens

        for model in (ApiToken, get_user_model()):
            post_save.connect(_forget_unless_last_login, sender=model, dispatch_uid=f"api-tokens-{model.__name__}")
            post_delete.connect(forget_live_tokens, sender=model, dispatch_uid=f"api-tokens-del-{model.__name__}")


def _forget_unless_last_login(update_fields=None, **kwargs):
    # Signing in saves only last_login, which no token check reads; every other change of a token or person counts.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    from .tokens import forget_live_tokens

    forget_live_tokens()
