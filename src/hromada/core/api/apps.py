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

        for model in (ApiToken, get_user_model()):
            post_save.connect(_forget_unless_last_login, sender=model, dispatch_uid=f"api-tokens-{model.__name__}")
            post_delete.connect(_forget_live_tokens, sender=model, dispatch_uid=f"api-tokens-del-{model.__name__}")


def _forget_live_tokens(**kwargs) -> None:
    """Every token and holder cached by tokens.api_token_authenticate is stale: a token or a person changed."""
    from .tokens import LIVE_TOKENS

    LIVE_TOKENS.bump()


def _forget_unless_last_login(update_fields=None, **kwargs) -> None:
    # Signing in saves only last_login, which no token check reads; every other change of a token or person counts.
    if update_fields is None or not set(update_fields) <= {"last_login"}:
        _forget_live_tokens()
