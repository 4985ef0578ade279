"""Rooms, categories and questions of a summit: a list with an "add" form, an edit page, a delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ...mixins import OrganizerRequiredMixin
from ...models import RegistrationCategory, RegistrationQuestion, Room
from .. import services
from ..setup_forms import CategoryForm, QuestionForm, RoomForm


class SetupMixin(OrganizerRequiredMixin):
    """`model`, `form_class`, the `save`/`delete` services, the URL names and the words of one kind."""

    model = form_class = save_service = delete_service = None
    row_template = ""
    list_url = item_url = ""
    title = singular = ""

    def rows(self):
        return self.model.objects.filter(summit=self.summit)

    def get_object(self):
        return get_object_or_404(self.model, summit=self.summit, pk=self.kwargs["pk"])

    def make_form(self, instance=None):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, summit=self.summit, instance=instance, prefix="item")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title,
            singular=self.singular,
            row_template=self.row_template,
            list_url=self.list_url,
            item_url=self.item_url,
            **kwargs,
        )

    def save_form(self, form):
        type(self).save_service(form, summit=self.summit, actor=self.request.user)
        messages.success(self.request, _("Saved."))
        return redirect(self.list_url, slug=self.summit.slug)


class SetupListView(SetupMixin, TemplateView):
    template_name = "summits/console/setup_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        return super().get_context_data(rows=self.rows(), **kwargs)

    def post(self, request, slug):
        form = self.make_form()
        if form.is_valid():
            return self.save_form(form)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SetupEditView(SetupMixin, TemplateView):
    template_name = "summits/console/setup_edit.html"

    def get_context_data(self, **kwargs):
        obj = kwargs.pop("obj", None) or self.get_object()
        kwargs.setdefault("form", self.make_form(obj))
        return super().get_context_data(obj=obj, **kwargs)

    def post(self, request, slug, pk):
        obj = self.get_object()
        if "delete" in request.POST:
            try:
                type(self).delete_service(obj, actor=request.user)
            except services.ConsoleError as error:
                return self.render_to_response(
                    self.get_context_data(
                        obj=obj,
                        refusal=error.message,
                        form=self.form_class(summit=self.summit, instance=obj, prefix="item"),
                    ),
                    status=400,
                )
            messages.success(request, _("Deleted."))
            return redirect(self.list_url, slug=slug)
        form = self.make_form(obj)
        if form.is_valid():
            return self.save_form(form)
        return self.render_to_response(self.get_context_data(obj=obj, form=form), status=400)


class RoomsMixin:
    model, form_class = Room, RoomForm
    save_service, delete_service = staticmethod(services.save_room), staticmethod(services.delete_room)
    row_template = "summits/console/includes/room_row.html"
    list_url, item_url = "console:rooms", "console:room"
    title, singular = gettext_lazy("Rooms"), gettext_lazy("room")


class CategoriesMixin:
    model, form_class = RegistrationCategory, CategoryForm
    save_service, delete_service = staticmethod(services.save_category), staticmethod(services.delete_category)
    row_template = "summits/console/includes/category_row.html"
    list_url, item_url = "console:categories", "console:category"
    title, singular = gettext_lazy("Registration categories"), gettext_lazy("category")


class QuestionsMixin:
    model, form_class = RegistrationQuestion, QuestionForm
    save_service, delete_service = staticmethod(services.save_question), staticmethod(services.delete_question)
    row_template = "summits/console/includes/question_row.html"
    list_url, item_url = "console:questions", "console:question"
    title, singular = gettext_lazy("Registration questions"), gettext_lazy("question")

    def rows(self):
        return super().rows().select_related("shown_if")


class RoomListView(RoomsMixin, SetupListView):
    pass


class RoomEditView(RoomsMixin, SetupEditView):
    pass


class CategoryListView(CategoriesMixin, SetupListView):
    pass


class CategoryEditView(CategoriesMixin, SetupEditView):
    pass


class QuestionListView(QuestionsMixin, SetupListView):
    pass


class QuestionEditView(QuestionsMixin, SetupEditView):
    pass
