import uuid

from mteja.core import context


class RequestIdMiddleware:
    """Gives each request an id (echoed as X-Request-ID) that its audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = str(uuid.uuid4())
        id_token = context.request_id.set(request.id)
        path_token = context.request_path.set(request.path[:300])
        try:
            with context.remembering():
                response = self.get_response(request)
        finally:
            context.request_id.reset(id_token)
            context.request_path.reset(path_token)
        response["X-Request-ID"] = request.id
        return response
