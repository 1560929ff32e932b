"""Sphinx: extensions = ["convanim.sphinx"].

    .. convanim:: scenes/conv.yaml        (relative to the document; /x: to the source folder)
       :format: svg | html | gif | png    (default: conf.py's convanim_format, svg)
       :frame: N                          (stills; default: the scene's most telling step)
       :alt: text                         (default: the scene's caption)
       :theme: auto | light | dark | pair (pair: a light and a dark image, with
                                           convanim_pair_classes, Furo's by default)
       :caption: text                     (makes it a figure)
       :width: 60%
       :align: left | center | right

or the scene's YAML as the directive's content. Builders that show no SVG or HTML (LaTeX,
text, man, ...) get a PDF or PNG still. Outputs are kept under the doctree folder
(convanim/), named by a hash of the scene, the options and `convanim --version`, and reused.
conf.py: convanim_binary (else $CONVANIM, else PATH), convanim_format, convanim_pair_classes.
"""

import os

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

from . import _core

logger = logging.getLogger(__name__)

_renderers = {}  # per process: (folder, binary option) -> Renderer


def _renderer(app):
    key = (app.doctreedir, app.config.convanim_binary)
    if key not in _renderers:
        _renderers[key] = _core.Renderer(os.path.join(app.doctreedir, 'convanim'),
                                         binary=app.config.convanim_binary or None)
    return _renderers[key]


def _choice(values):
    return lambda argument: directives.choice(argument, values)


class ConvanimDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        'format': _choice(('svg', 'html', 'gif', 'png')),
        'frame': directives.nonnegative_int,
        'alt': directives.unchanged,
        'theme': _choice(_core.THEMES),
        'caption': directives.unchanged,
        'width': directives.length_or_percentage_or_unitless,
        'align': _choice(('left', 'center', 'right')),
    }

    def run(self):
        env = self.state.document.settings.env
        app = env.app
        try:
            return self._run(env, app)
        except _core.ConvanimError as e:
            line = self.lineno
            if e.line is not None and not self.arguments:
                # The scene is the directive's content: its line in the document.
                line = e.line
            logger.warning('convanim: %s', e.message, location=(env.docname, line))
            return []

    def _run(self, env, app):
        if self.arguments and self.content:
            raise _core.ConvanimError('give a scene file or the scene as content, not both')
        if self.arguments:
            relative, absolute = env.relfn2path(self.arguments[0], env.docname)
            if not os.path.isfile(absolute):
                raise _core.ConvanimError('no scene file %s' % relative)
            scene = _core.Scene(path=absolute, name=relative)
        elif self.content:
            scene = _core.Scene(text='\n'.join(self.content) + '\n',
                                name=env.doc2path(env.docname, False),
                                line_offset=self.content_offset)
        else:
            raise _core.ConvanimError('a scene file or the scene as content is needed')
        for path in scene.dependencies:
            env.note_dependency(path)

        renderer = _renderer(app)
        fmt = self.options.get('format', app.config.convanim_format)
        theme = self.options.get('theme', 'auto')
        frame = self.options.get('frame')
        model = renderer.model(scene)
        count = model.get('step_count') or 1
        if frame is not None and frame >= count:
            raise _core.ConvanimError('frame %d is past the scene\'s last step (%d steps: 0 to %d)'
                                      % (frame, count, count - 1))
        still = frame if frame is not None else (model.get('still_step') or 0)

        builder = app.builder
        web = builder.format == 'html'
        supported = getattr(builder, 'supported_image_types', [])
        if not web:
            # A still of the kind the builder takes: PDF for LaTeX, else PNG.
            fmt = 'pdf' if 'application/pdf' in supported else 'png'
        is_still = fmt in ('png', 'pdf') or (fmt == 'svg' and frame is not None)
        alt = self.options.get('alt') or _core.alt_text(model, still if is_still else None)
        # A pair for images; a player follows the page's toggle itself (docs/embedding.md).
        variants = [('light', 'only-light'), ('dark', 'only-dark')] \
            if theme == 'pair' and web and fmt != 'html' \
            else [(None if theme in ('auto', 'pair') else theme, None)]
        if theme == 'pair' and not web:
            variants = [('light', None)]

        parts = []
        for variant_theme, role in variants:
            output = renderer.render(scene, fmt, frame=still if is_still else
                                     (frame if fmt == 'html' else None), theme=variant_theme)
            classes = []
            if role:
                classes.append(app.config.convanim_pair_classes[0 if role == 'only-light' else 1])
            if fmt == 'html':
                with open(output, encoding='utf-8') as f:
                    fragment = f.read()
                style = ''
                if 'width' in self.options:
                    style = ' style="width:%s"' % self.options['width']
                wrapper = '<div class="convanim %s"%s>%s</div>' % (' '.join(classes), style,
                                                                   fragment)
                parts.append(nodes.raw('', wrapper, format='html'))
                continue
            source_dir = os.path.dirname(env.doc2path(env.docname))
            uri = os.path.relpath(output, source_dir).replace(os.sep, '/')
            image = nodes.image(uri=uri, alt=alt, classes=['convanim'] + classes)
            # Sphinx's image collector resolves the uri from the document's folder, notes it
            # as a dependency and copies the file into the build.
            if 'width' in self.options:
                image['width'] = self.options['width']
            if 'align' in self.options and 'caption' not in self.options:
                image['align'] = self.options['align']
            parts.append(image)

        if 'caption' in self.options:
            figure = nodes.figure('', *parts, classes=['convanim-figure'])
            if 'align' in self.options:
                figure['align'] = self.options['align']
            inodes, messages = self.state.inline_text(self.options['caption'], self.lineno)
            figure += nodes.caption(self.options['caption'], '', *inodes)
            self.add_name(figure)
            return [figure] + messages
        return parts


def setup(app):
    app.add_config_value('convanim_binary', '', 'env')
    app.add_config_value('convanim_format', 'svg', 'env')
    app.add_config_value('convanim_pair_classes', ('only-light', 'only-dark'), 'html')
    app.add_directive('convanim', ConvanimDirective)
    return {'version': '0.2.0', 'parallel_read_safe': True, 'parallel_write_safe': True}
