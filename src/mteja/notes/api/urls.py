from mteja.notes.api.notes import urlpatterns as note_patterns

urlpatterns = [*note_patterns]
