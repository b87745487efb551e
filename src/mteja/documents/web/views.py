"""The Documents tab of a client's page (upload with a category, list, preview, download,
delete), the supporting documents of an identity document, and the client's photo. Uploads
are read with the same size limit and content checks as the API, through the same services;
a body refused as a whole is said by the file field (core/web/uploads.py)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from mteja.clients.models import ClientIdentifier
from mteja.clients.web.pages import client_in_scope, client_page, owned_client
from mteja.clients.web.part_pages import confirm_page
from mteja.core.errors import MtejaError
from mteja.core.web.access import permission_required
from mteja.core.web.forms import add_service_errors
from mteja.core.web.uploads import upload_form, upload_page
from mteja.documents import selectors, services, storage
from mteja.documents.api.uploading import too_large, upload_limit
from mteja.documents.models import Document
from mteja.documents.uploads import check_file, clean_file_name, scaled
from mteja.documents.web.forms import DocumentForm, PhotoForm

THUMB = 96  # pixels, for lists (shown at 28, sharp on dense screens)
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def _identifier(client, identifier_id):
    if identifier_id is None:
        return None
    identifier = ClientIdentifier.objects.filter(client=client, pk=identifier_id).first()
    if identifier is None:
        raise Http404
    return identifier


def _checked_upload(request, *, images_only=False):
    """The form's file, checked; a 400's messages go beside the field (a body over the
    limit, unreadable or cut short was refused before: core/web/uploads.py)."""
    upload = request.FILES["file"]
    if upload.size > upload_limit():
        raise too_large()
    with upload.open("rb") as stream:
        checked = check_file(stream.read(upload_limit() + 1), images_only=images_only)
    return checked, clean_file_name(upload.name, checked.extension)


def _documents_context(request, client, identifier, form):
    owned = client.office.hierarchy.startswith(request.user.office.hierarchy)
    can = request.user.has_fineract_permission
    return {
        "documents": list(selectors.documents_of(client, identifier)),
        "upload_form": form,
        "identifier": identifier,
        "can_upload": owned and can("CREATE_DOCUMENT"),
        "can_delete": owned and can("DELETE_DOCUMENT"),
        "tab_template": "documents/_tab_documents.html",
        "max_megabytes": upload_limit() // (1024 * 1024),
    }


def _upload(request, client, identifier, form, next_url):
    """The redirect once the document is stored; None, the form's errors said by it."""
    if form.is_valid():
        try:
            checked, file_name = _checked_upload(request)
            data = form.cleaned_data
            services.document_create(
                actor=request.user,
                owner=owned_client(request, client.pk),
                identifier=identifier,
                checked=checked,
                file_name=file_name,
                fields=services.DocumentFields(
                    name=data["name"] or file_name,
                    description=data["description"],
                    category_id=data["category"].pk if data["category"] else None,
                ),
            )
        except MtejaError as error:
            add_service_errors(form, error, {"file": "file", "categoryId": "category"})
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(next_url)
    return None


@permission_required("READ_DOCUMENT")
@upload_page(posting="CREATE_DOCUMENT")
def client_documents(request, pk: int, identifier_id: int | None = None):
    client = client_in_scope(request, pk)
    identifier = _identifier(client, identifier_id)
    form = upload_form(request, DocumentForm)
    if request.method == "POST":
        stored = _upload(request, client, identifier, form, request.get_full_path())
        if stored is not None:
            return stored
    context = _documents_context(request, client, identifier, form)
    return client_page(request, client, "documents", context)


@permission_required("READ_DOCUMENT")
def document_file(request, pk: int, document_id: int):
    """The file: downloaded, or (`?inline=1`, PDFs and pictures only) shown in the browser,
    sandboxed and never sniffed as another type."""
    client = client_in_scope(request, pk)
    document = Document.objects.filter(client=client, pk=document_id).first()
    stream = storage.open_stream(document.storage_name) if document else None
    if stream is None:
        raise Http404
    inline = request.GET.get("inline") == "1" and document.content_type in INLINE_TYPES
    response = FileResponse(
        stream,
        as_attachment=not inline,
        filename=document.file_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in the file may run; a sandbox would also stop the browser's PDF viewer.
    sandbox = "" if document.content_type == "application/pdf" else "; sandbox"
    response["Content-Security-Policy"] = f"default-src 'none'; img-src 'self'{sandbox}"
    return response


@permission_required("DELETE_DOCUMENT")
def document_delete(request, pk: int, document_id: int):
    client = owned_client(request, pk)
    document = Document.objects.filter(client=client, pk=document_id).first()
    if document is None:
        raise Http404
    back = reverse("client_documents", args=[client.pk])
    if document.identifier_id:
        back = reverse("client_identifier_documents", args=[client.pk, document.identifier_id])
    return confirm_page(
        request,
        title=_("Delete the document %(name)s?") % {"name": document.name},
        message=_("The file is removed for good; the history keeps its name and fingerprint."),
        action=lambda: services.document_delete(actor=request.user, document=document),
        success_message=_("The document was deleted."),
        next_url=back,
    )


@permission_required("READ_CLIENTIMAGE")
def client_photo(request, pk: int):
    """The photo for the client's page; without one, the drawing of nobody (so the page
    itself need not ask whether there is a photo)."""
    client = client_in_scope(request, pk)
    image = selectors.image_of(client)
    stream = storage.open_stream(image.storage_name) if image else None
    if stream is None:
        return redirect(static("img/no-photo.svg"))
    if request.GET.get("size") == "thumb":  # a list's thumbnail: a few kilobytes, not the photo
        with stream:
            small = scaled(stream.read(), image.content_type, THUMB, THUMB)
        stream = io.BytesIO(small)
    response = FileResponse(stream, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("CREATE_CLIENTIMAGE")
@upload_page()
def client_photo_edit(request, pk: int):
    """Take or choose the client's photo, or remove it."""
    client = owned_client(request, pk)
    image = selectors.image_of(client)
    form = upload_form(request, PhotoForm)
    back = reverse("client_detail", args=[client.pk])
    if request.method == "POST" and request.POST.get("remove") and image is not None:
        if not request.user.has_fineract_permission("DELETE_CLIENTIMAGE"):
            raise PermissionDenied
        services.image_delete(actor=request.user, image=image)
        messages.success(request, _("The photo was removed."))
        return redirect(back)
    if request.method == "POST":
        try:
            if form.is_valid():
                checked, _name = _checked_upload(request, images_only=True)
                services.image_set(actor=request.user, client=client, checked=checked)
                messages.success(request, _("The photo was saved."))
                return redirect(back)
        except MtejaError as error:
            form.errors.pop("file", None)
            add_service_errors(form, error, {"file": "file"})
    return render(
        request,
        "documents/photo_form.html",
        {"client": client, "form": form, "image": image, "cancel_url": back,
         "title": _("Photo")},
    )  # fmt: skip
