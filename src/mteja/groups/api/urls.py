from mteja.core.api.routes import collection
from mteja.groups.api import views

urlpatterns = [
    *collection(
        "groups", "group", views.GroupListView, template=views.GroupTemplateView,
        item=views.GroupDetailView,
    ),
    *collection(
        "centers", "center", views.CenterListView, template=views.CenterTemplateView,
        item=views.CenterDetailView,
    ),
]  # fmt: skip
