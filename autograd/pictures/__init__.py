"""Pictures of the engine at work: drawings of a graph, and the forward and backward pass
one step at a time.

Nothing here is needed to compute a value or a gradient; the engine (``autograd.value``,
``autograd.ops``, ``autograd.graph``) never imports it. The modules, in the order they
build on each other:

* :mod:`~autograd.pictures.notation`: the names and formulas every picture and step text uses;
* :mod:`~autograd.pictures.colours`: the colours shared with ``nn.draw_network``;
* :mod:`~autograd.pictures.draw`: ``draw(root)``, a graph as a ``graphviz.Digraph``;
* :mod:`~autograd.pictures.render`: a drawing to SVG, PNG, PDF or DOT;
* :mod:`~autograd.pictures.forward_stepper`, :mod:`~autograd.pictures.stepper`: the forward
  pass and backprop, one node at a time, with the arithmetic written out;
* :mod:`~autograd.pictures.frames`: those steps as a web page or numbered pictures;
* :mod:`~autograd.pictures.widget`: the same steps in a Jupyter widget.

The everyday names (``draw``, ``save``, ``backward_steps``, ``save_steps_html``,
``step_widget``, ...) are importable from ``autograd`` itself.
"""
