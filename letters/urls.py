from django.urls import path

from .views import attendee, lead, manage

app_name = "letters"

urlpatterns = [
    path("me/letter/", attendee.MyLetterView.as_view(), name="mine"),
    path("me/letter.pdf", attendee.MyLetterPdfView.as_view(), name="mine-pdf"),
    path("me/letters/delegation/", lead.LeadLettersView.as_view(), name="lead"),
    path("manage/letters/", manage.QueueView.as_view(), name="queue"),
    path("manage/letters/template/", manage.TemplateEditView.as_view(), name="template"),
    path("manage/letters/<int:pk>/", manage.ReviewView.as_view(), name="review"),
    path("manage/letters/<int:pk>/approve/", manage.ApproveView.as_view(), name="approve"),
    path("manage/letters/<int:pk>/reject/", manage.RejectView.as_view(), name="reject"),
    path("manage/letters/<int:pk>/changes/", manage.ChangesView.as_view(), name="changes"),
    path("manage/letters/<int:pk>/revoke/", manage.RevokeView.as_view(), name="revoke"),
    path("manage/letters/<int:pk>/letter.pdf", manage.StaffLetterPdfView.as_view(), name="pdf"),
]
