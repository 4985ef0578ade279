from api.models import TokenScope
from api.services import create_token


def token_for(user, summit, scope=TokenScope.READ_WRITE):
    return create_token(user=user, summit=summit, name="test", scope=scope)[1]


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
