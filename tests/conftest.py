"""Shared pytest configuration: hypothesis profiles, and Keras's backend.

``HYPOTHESIS_PROFILE=ci`` (set by ``.ci/run`` through ``CI=true``) runs more
examples and never fails a test for being slow on a shared machine.
``HYPOTHESIS_PROFILE=mutation`` (set by the mutation-testing command, see
``tests/mutation/README.md``) runs few examples, derandomized, so a mutant
run is fast and gives the same verdicts every time.

Keras 3 runs on the backend ``KERAS_BACKEND`` names, read once when Python
first imports it: tinyrnn's ``keras`` extra installs torch for it, so the
Keras tests (tests/test_keras.py, and the doctests that use Keras) run on
torch unless the environment chose another backend.
"""

import os

from hypothesis import HealthCheck, settings

os.environ.setdefault("KERAS_BACKEND", "torch")  # before any test imports keras

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "default"))
