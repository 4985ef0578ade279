from django.urls import path

from .views.verify import verify_letter

app_name = "letters_public"

urlpatterns = [
    path("verify/<str:reference>/", verify_letter, name="verify"),
]
