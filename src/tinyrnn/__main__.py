"""``python -m tinyrnn``: see :mod:`tinyrnn.cli`."""

from tinyrnn.cli import main

raise SystemExit(main())
