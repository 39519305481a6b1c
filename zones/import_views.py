"""Admin pages of Excel imports (/admin/imports/…): upload, the preview with its progress, confirm,
the templates, and the small JSON status the page polls.

Every page needs an admin login (admin_view) and the add and change permissions of what is
imported; a job is seen by its owner only — anyone else gets 404, as if it did not exist.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .imports import KINDS, processed_rows, template_workbook
from .models import ImportJob
from .spreadsheets import xlsx_response
from .tasks import check_import, write_import

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
RECENT_JOBS = 20


def allowed_kinds(user) -> list:
    return [kind for kind in KINDS.values() if user.has_perms(kind.permissions)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"))
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.kind, kind.title) for kind in kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 10 MB，请分批导入。"))
        return upload


def _page(request, template, title, **context):
    return render(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


def _own_job(request, job_id) -> ImportJob:
    return get_object_or_404(ImportJob, pk=job_id, user=request.user)


def index(request):
    kinds = allowed_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=kinds,
        initial={"kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            user=request.user, kind=form.cleaned_data["kind"], file=upload, file_name=upload.name
        )
        # Committed already (no request-wide transaction), so a worker finds the job.
        check_import.delay(job.pk)
        return redirect("imports:job", job.pk)
    return _page(
        request,
        "admin/imports/index.html",
        _("Excel 导入"),
        form=form,
        kinds=kinds,
        jobs=ImportJob.objects.filter(user=request.user)[:RECENT_JOBS],
    )


def template(request, kind):
    found = KINDS.get(kind)
    if found is None:
        raise Http404
    if not request.user.has_perms(found.permissions):
        raise PermissionDenied
    return xlsx_response(template_workbook(found, request.user), f"{found.title}导入模板.xlsx")


def job(request, job_id):
    found = _own_job(request, job_id)
    return _page(
        request,
        "admin/imports/job.html",
        _("Excel 导入 #%(id)s") % {"id": found.pk},
        job=found,
        kind=KINDS[found.kind],
        can_confirm=found.status == ImportJob.Status.VALIDATED
        and found.new_rows + found.updated_rows > 0,
    )


def status(request, job_id):
    found = _own_job(request, job_id)
    return JsonResponse(
        {
            "id": found.pk,
            "kind": found.kind,
            "status": found.status,
            "status_label": found.get_status_display(),
            "running": found.is_running,
            "total_rows": found.total_rows,
            "processed_rows": processed_rows(found),
            "new_rows": found.new_rows,
            "updated_rows": found.updated_rows,
            "unchanged_rows": found.unchanged_rows,
            "error_rows": found.error_rows,
            "message": found.message,
            "finished_at": found.finished_at.isoformat() if found.finished_at else None,
        }
    )


@require_POST
def confirm(request, job_id):
    found = _own_job(request, job_id)
    if not request.user.has_perms(KINDS[found.kind].permissions):
        raise PermissionDenied
    # Only a checked job, and only once: a second click (or a second tab) finds it taken.
    taken = ImportJob.objects.filter(pk=found.pk, status=ImportJob.Status.VALIDATED).update(
        status=ImportJob.Status.IMPORTING, processed_rows=0
    )
    if taken:
        write_import.delay(found.pk)
    return redirect(reverse("imports:job", args=[found.pk]))


app_name = "imports"
urlpatterns = [
    path("", admin.site.admin_view(index), name="index"),
    path("templates/<str:kind>.xlsx", admin.site.admin_view(template), name="template"),
    path("<int:job_id>/", admin.site.admin_view(job), name="job"),
    path("<int:job_id>/status/", admin.site.admin_view(status), name="status"),
    path("<int:job_id>/confirm/", admin.site.admin_view(confirm), name="confirm"),
]
