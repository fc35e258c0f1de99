"""The same floats, faster: the speed machinery, kept apart from the teaching code.

A student reads :mod:`tinyrnn.lstm` and :mod:`tinyrnn.gru`: one line per
equation, forwards and backwards. The cells run the code in this package
instead, which computes *bit for bit the same numbers*, faster:

* :mod:`~tinyrnn.fast.forward`: stacked kernels, one loop over every gate's
  rows, for a cell of any size; :func:`~tinyrnn.fast.forward.fast_kernel`
  picks the fastest kernel for a cell;
* :mod:`~tinyrnn.fast.forward_source`: the step written out as Python source
  for one small shape, every sum unrolled, compiled once per shape;
* :mod:`~tinyrnn.fast.backward` and :mod:`~tinyrnn.fast.backward_source`:
  the same two ideas for backpropagation through time.

Nothing here is a new equation. ``tests/test_kernels.py`` and
``tests/test_backward.py`` prove with hypothesis that every kernel equals
the readable step, float for float.
"""
