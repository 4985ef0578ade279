"""Reads of webhooks: always within one summit, so an id of another summit names nothing."""

from .models import Attempt, Delivery, Endpoint


def endpoints_of(summit):
    return Endpoint.objects.filter(summit=summit, active=True).order_by("pk")


def endpoint_of(summit, pk):
    return endpoints_of(summit).filter(pk=pk).first()


def subscribed_endpoints(summit, event):
    return [e for e in endpoints_of(summit) if event in e.events]


def deliveries_of(endpoint, *, limit=50):
    return list(
        Delivery.objects.filter(endpoint=endpoint).prefetch_related("attempt_log").order_by("-created", "-pk")[:limit]
    )


def delivery_of(summit, pk):
    return (
        Delivery.objects.select_related("endpoint")
        .filter(endpoint__summit=summit, endpoint__active=True, pk=pk)
        .first()
    )


def attempts_of(delivery):
    return Attempt.objects.filter(delivery=delivery).order_by("number")
