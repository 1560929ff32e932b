"""Jupyter display: convanim.show(scene) returns a Figure whose _repr_mimebundle_ gives
text/html (an <img> with the picture as a data: URI and alt text, which notebook
sanitizers and nbconvert keep; the player fragment for format="html") and image/png as a
fallback. `%load_ext convanim` adds the %%convanim cell magic."""

import base64
import html
import json
import os
import shlex
import tempfile

from ._core import ConvanimError, Renderer, Scene, alt_text

MIME = {'svg': 'image/svg+xml', 'gif': 'image/gif', 'png': 'image/png'}


def _cache_folder():
    return os.path.join(tempfile.gettempdir(), 'convanim-cache-%s' % getattr(os, 'getuid', lambda: 'u')())


def _scene(scene):
    if isinstance(scene, dict):
        # JSON is YAML: a dict is written as a flow mapping.
        return Scene(text=json.dumps(scene), name='<dict scene>')
    if isinstance(scene, os.PathLike) or (isinstance(scene, str) and '\n' not in scene and
                                          os.path.isfile(scene)):
        return Scene(path=os.fspath(scene))
    if isinstance(scene, str) and (':' in scene or '\n' in scene):
        return Scene(text=scene, name='<scene text>')
    raise ConvanimError('convanim.show: %r is neither a scene file, YAML text nor a dict' % (scene,))


def _flags(options):
    """Keyword options as command-line options: frame_duration=0.5 -> --frame-duration 0.5;
    True -> the flag alone."""
    flags = []
    for name, value in sorted(options.items()):
        if value is None or value is False:
            continue
        flags.append('--' + name.replace('_', '-'))
        if value is not True:
            flags.append(str(value))
    return flags


class Figure:
    """A rendered scene for notebooks. `path`: the main output file."""

    def __init__(self, renderer, scene, format='svg', frame=None, theme='auto', alt=None,
                 extra=()):
        if format not in ('svg', 'html', 'gif', 'png'):
            raise ConvanimError('convanim.show: format must be svg, html, gif or png, not %r'
                                % (format,))
        if theme not in ('auto', 'light', 'dark'):
            raise ConvanimError('convanim.show: theme must be auto, light or dark, not %r' % (theme,))
        self.format = format
        model = renderer.model(scene)
        theme = None if theme == 'auto' else theme
        still = frame if frame is not None else model.get('still_step') or 0
        stills = format == 'png'
        self.alt = alt or alt_text(model, still if stills or frame is not None else None)
        self.path = renderer.render(scene, format, frame=still if stills else frame,
                                    theme=theme, extra=extra)
        self.png = self.path if format == 'png' else renderer.render(
            scene, 'png', frame=still, theme=theme, extra=extra)
        self.width = model.get('width')

    def _data_uri(self, path, mime):
        with open(path, 'rb') as f:
            return 'data:%s;base64,%s' % (mime, base64.b64encode(f.read()).decode('ascii'))

    def html(self):
        if self.format == 'html':
            with open(self.path, encoding='utf-8') as f:
                return f.read()
        return '<img src="%s" alt="%s" style="max-width:100%%;height:auto">' % (
            self._data_uri(self.path, MIME[self.format]), html.escape(self.alt, quote=True))

    def _repr_mimebundle_(self, include=None, exclude=None):
        with open(self.png, 'rb') as f:
            png = base64.b64encode(f.read()).decode('ascii')
        return {'text/html': self.html(), 'image/png': png, 'text/plain': self.alt}

    def _repr_html_(self):
        return self.html()


def show(scene, format='svg', frame=None, theme='auto', binary=None, alt=None, **options):
    """Renders `scene` (a path, YAML text or a dict) for a notebook. `format`: svg
    (animated unless `frame`), html (the player), gif, png; `theme`: auto, light, dark;
    other keyword options become convanim's command-line options (frame_duration=0.5)."""
    renderer = Renderer(_cache_folder(), binary=binary)
    return Figure(renderer, _scene(scene), format=format, frame=frame, theme=theme, alt=alt,
                  extra=_flags(options))


def register_magic(ipython):
    from IPython.display import display

    def convanim(line, cell):
        """%%convanim [--format svg|html|gif|png] [--frame N] [--theme auto|light|dark]
        [--alt TEXT]: the cell is a scene's YAML."""
        words = shlex.split(line)
        settings = {}
        while words:
            word = words.pop(0)
            if word.startswith('--') and words:
                settings[word[2:].replace('-', '_')] = words.pop(0)
            else:
                raise ConvanimError('%%convanim: unexpected %r (options: --format, --frame, '
                                    '--theme, --alt)' % word)
        if 'frame' in settings:
            settings['frame'] = int(settings['frame'])
        try:
            display(show(cell, **settings))
        except ConvanimError as e:
            print(e.message)

    ipython.register_magic_function(convanim, 'cell', 'convanim')
