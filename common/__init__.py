"""The leaf package: what every app uses and that knows no domain.

Swedish numbers (``numbers``), sanitised Markdown (``markdown``), chart figures and
their SVG (``charts``, ``chart_svg``), PDF rendering (``pdf``) and the template
filters built on them (``templatetags.sv``). It imports no app of the project.
"""
