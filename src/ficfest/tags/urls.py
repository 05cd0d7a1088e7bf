from django.urls import path

from ficfest.tags import views

urlpatterns = [
    path("tags/<int:pk>/", views.tag_detail, name="tag"),
    path("fandoms/", views.fandom_index, name="fandom_index"),
]
