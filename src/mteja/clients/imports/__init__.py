"""Import jobs: a client file imported in the background (a django.tasks task), its progress
and result kept per job (models/imports.py, files.py, running.py)."""
