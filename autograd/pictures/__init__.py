"""Pictures of the engine at work: drawings of a graph, and the forward and backward pass
one step at a time.

Nothing here is needed to compute a value or a gradient; the engine (``autograd.value``,
``autograd.ops``, ``autograd.graph``) never imports it. The modules, in the order they
build on each other:

* :mod:`~autograd.pictures.notation`: the names and formulas every picture and step text uses;
* :mod:`~autograd.pictures.colours`: the colours shared with ``nn.draw_network``;
* :mod:`~autograd.pictures.scopes`: which module made each node, read off the labels;
* :mod:`~autograd.pictures.layout`, :mod:`~autograd.pictures.cells`: where each node goes
  (drawn, folded into its module, or a constant inside its op) and the tables it is drawn as;
* :mod:`~autograd.pictures.draw`: ``draw(root, depth=...)``, a graph as a ``graphviz.Digraph``;
* :mod:`~autograd.pictures.render`, :mod:`~autograd.pictures.display`: a drawing to SVG,
  PNG, PDF or DOT, and shown in a notebook scaled to the cell's width;
* :mod:`~autograd.pictures.forward_stepper`, :mod:`~autograd.pictures.backprop_steps`: the
  forward pass and backprop, one node at a time, with the arithmetic written out;
  :mod:`~autograd.pictures.stepper` keeps every step of a pass, to go back and forth;
* :mod:`~autograd.pictures.page`, :mod:`~autograd.pictures.module_steps`: those steps, one
  node or one module at a time, as the page and the widget show them;
* :mod:`~autograd.pictures.frames`, :mod:`~autograd.pictures.page_html` (with ``page.js``
  and ``page.css``): the light web page, and numbered pictures for slides;
* :mod:`~autograd.pictures.widget`, :mod:`~autograd.pictures.svg_paint`: the same steps in
  a Jupyter widget.

The everyday names (``draw``, ``save``, ``backward_steps``, ``save_steps_html``,
``step_widget``, ...) are importable from ``autograd`` itself.
"""
