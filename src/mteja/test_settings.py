"""Settings for the test suite: the production settings with fast hashing, immediate tasks and
plain static files (no manifest to build), and a var/ of their own: a temporary directory per
test process, so tests never share files (static, media, secret key, SQLite) with a running
server."""

import atexit
import os
import shutil
import tempfile

_test_var = tempfile.mkdtemp(prefix="mteja-test-var-")
atexit.register(shutil.rmtree, _test_var, ignore_errors=True)
os.environ["MTEJA_VAR_DIR"] = _test_var

from mteja.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
