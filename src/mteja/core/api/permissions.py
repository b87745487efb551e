from rest_framework.permissions import BasePermission


class HasFineractPermission(BasePermission):
    """Asks the view which Fineract permission code the request needs, then checks it."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        code = view.required_permission(request)
        return user.has_fineract_permission(code)
