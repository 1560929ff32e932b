"""convanim for documentation tools: a Sphinx directive (convanim.sphinx), an MkDocs plugin
(convanim.mkdocs) and Jupyter display (convanim.show, %load_ext convanim). Each runs the
convanim binary and never re-implements it."""

from ._core import ConvanimError, Renderer, Scene, find_binary
from .jupyter import Figure, show

__version__ = '0.2.0'
__all__ = ['ConvanimError', 'Figure', 'Renderer', 'Scene', 'find_binary', 'show',
           'load_ipython_extension']


def load_ipython_extension(ipython):
    """%load_ext convanim: the %%convanim cell magic."""
    from .jupyter import register_magic
    register_magic(ipython)
