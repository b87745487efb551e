"""Fineract's `/notifications`: the signed-in user's notifications (the Mifos X web-app's tray
asks `?isRead=false&limit=9` and `?isRead=true&limit=9` every minute) and marking them read.

`isRead=true` lists the read ones, `isRead=false` the unread ones, no `isRead` all of them,
newest first. `PUT /notifications` marks them all read, `PUT /notifications/{id}` one.

A notification whose object the reader may no longer open (an import of an office they no
longer serve, a client transferred away from them: reach.py) says so after its words, which
the web-app shows, and Mteja's `objectOpenable` is false; true otherwise. (The web-app links
by `objectType` alone: its link to such a client is the client API's 404, as for any client
beyond one's offices.)"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from mteja.core.api.platform import SignedInAPIView
from mteja.core.api.query import offset_and_limit, offset_and_limit_parameters, query_bool
from mteja.core.api.routes import endpoint
from mteja.core.errors import NotFound
from mteja.users.notifications import messages, reach, selectors, services
from mteja.users.notifications.models import Notification

DEFAULT_LIMIT = 10

NOTIFICATIONS = inline_serializer(
    "Notification",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "objectType": serializers.CharField(),
        "objectId": serializers.IntegerField(),
        "action": serializers.CharField(),
        "actorId": serializers.IntegerField(required=False),
        "content": serializers.CharField(),
        "isRead": serializers.BooleanField(),
        "isSystemGenerated": serializers.BooleanField(),
        "createdAt": serializers.CharField(help_text="yyyy-MM-dd HH:mm:ss, the server's time"),
        "officeId": serializers.IntegerField(required=False),
        "objectOpenable": serializers.BooleanField(
            help_text="Mteja's: whether the reader may still open the object (false: an "
            "import or a client of an office they no longer serve; its words say so)"
        ),
    },
)
PAGE_OF_NOTIFICATIONS = inline_serializer(
    "NotificationPage",
    {"totalFilteredRecords": serializers.IntegerField(), "pageItems": NOTIFICATIONS},
)


def wire(notification: Notification, *, closed: str = "") -> dict:
    """The notification as Fineract gives it; `closed`: why its object is no longer the
    reader's to open (reach.py), said after its words."""
    content = messages.content(notification.action, notification.params)
    shown = {
        "id": notification.pk,
        "objectType": notification.object_type,
        "objectId": notification.object_id,
        "action": notification.action,
        "actorId": notification.actor_id,
        "content": f"{content} {closed}" if closed else content,
        "isRead": notification.is_read,
        "isSystemGenerated": notification.is_system_generated,
        "createdAt": timezone.localtime(notification.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        "officeId": notification.office_id,
        "objectOpenable": not closed,
    }
    return {key: value for key, value in shown.items() if value is not None}


class NotificationsView(SignedInAPIView):
    @extend_schema(
        operation_id="getAllNotifications",
        parameters=[
            OpenApiParameter("isRead", bool, description="Read (true) or unread (false) ones."),
            *offset_and_limit_parameters(),
        ],
        responses=PAGE_OF_NOTIFICATIONS,
    )
    def get(self, request):
        """The signed-in user's notifications, newest first."""
        params = request.query_params
        rows = selectors.inbox(request.user, is_read=query_bool(params, "isRead"))
        offset, limit = offset_and_limit(
            params, default_limit=DEFAULT_LIMIT, most=settings.MTEJA_API_MAX_PAGE_SIZE
        )
        shown = list(rows.select_related(None)[offset : offset + limit])
        closed = reach.closed(request.user, shown)
        items = [wire(n, closed=closed.get(n.pk, "")) for n in shown]
        return Response({"totalFilteredRecords": rows.count(), "pageItems": items})

    @extend_schema(operation_id="update", request=None, responses={200: None})
    def put(self, request):
        """Marks all the signed-in user's notifications read."""
        services.mark_read(request.user)
        return Response(status=200)


class NotificationView(SignedInAPIView):
    @extend_schema(operation_id="updateOne", request=None, responses={200: None})
    def put(self, request, pk: int):
        """Marks one of the signed-in user's notifications read (another's is a 404)."""
        if not selectors.inbox(request.user).filter(pk=pk).exists():
            raise NotFound(
                "error.msg.notification.id.invalid",
                _("Notification with identifier %(id)s does not exist") % {"id": pk},
                value=pk,
            )
        services.mark_read(request.user, pk)
        return Response(status=200)


urlpatterns = [
    endpoint("notifications", NotificationsView, "notifications"),
    endpoint("notifications/<id:pk>", NotificationView, "notification"),
]
