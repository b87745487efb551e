from mteja.core.api.routes import collection, endpoint
from mteja.groups.api import accounts, views

urlpatterns = [
    *collection(
        "groups", "group", views.GroupListView, template=views.GroupTemplateView,
        item=views.GroupDetailView,
    ),
    *collection(
        "centers", "center", views.CenterListView, template=views.CenterTemplateView,
        item=views.CenterDetailView,
    ),
    endpoint("groups/<id:pk>/accounts", accounts.GroupAccountsView, "group-accounts"),
    endpoint("centers/<id:pk>/accounts", accounts.CenterAccountsView, "center-accounts"),
    endpoint("groups/<id:pk>/glimaccounts", accounts.GroupLinkedAccountsView, "group-glim"),
    endpoint("groups/<id:pk>/gsimaccounts", accounts.GroupLinkedAccountsView, "group-gsim"),
]  # fmt: skip
