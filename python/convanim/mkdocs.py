"""MkDocs: plugins: [convanim] (registered by the entry point mkdocs.plugins).

In Markdown pages:

    ```convanim format=html alt="..." frame=3 theme=pair
    operation: convolution
    ...
    ```

    ![alt text](scenes/conv.yaml)

are rendered at build time: outputs named by a hash of the scene, the options and
`convanim --version`, kept in `cache_dir` and written to site_dir/_convanim/, with URLs
right under use_directory_urls true and false. theme=pair gives two images with Material's
#only-light / #only-dark. Options: binary (else $CONVANIM, else PATH), format (svg),
fail_fast (stop at the first error; otherwise a warning, fatal under --strict, and an
error block in the page), cache_dir (.convanim-cache beside mkdocs.yml).
"""

import html
import logging
import os
import posixpath
import re
import shlex
import shutil

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import _core

log = logging.getLogger('mkdocs.plugins.convanim')

OPENING = re.compile(r'^(?P<indent>[ \t]{0,3})(?P<ticks>`{3,}|~{3,})[ \t]*(?P<info>[^\n]*)$')
IMAGE = re.compile(r'!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]+\.ya?ml)(?:\s+"[^"]*")?\)')
FOLDER = '_convanim'
OPTIONS = {'format': ('svg', 'html', 'gif', 'png'), 'theme': _core.THEMES}


class ConvanimPlugin(BasePlugin):
    config_scheme = (
        ('binary', config_options.Type(str, default='')),
        ('format', config_options.Choice(('svg', 'html', 'gif', 'png'), default='svg')),
        ('fail_fast', config_options.Type(bool, default=False)),
        ('cache_dir', config_options.Type(str, default='.convanim-cache')),
    )

    def on_config(self, config):
        base = os.path.dirname(os.path.abspath(config['config_file_path'] or 'mkdocs.yml'))
        self._renderer = None
        self._cache = os.path.join(base, self.config['cache_dir'])
        self._outputs = {}  # file name in _convanim/ -> path in the cache
        self._pending = {}  # page -> {marker: html}
        return config

    def renderer(self):
        if self._renderer is None:
            try:
                self._renderer = _core.Renderer(self._cache, binary=self.config['binary'] or None)
            except _core.ConvanimError as e:
                raise PluginError(e.message)
        return self._renderer

    # --- pages ----------------------------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        blocks = {}
        page_dir = os.path.dirname(page.file.abs_src_path)

        def place(html_text):
            marker = '<!--convanim-%d-->' % len(blocks)
            blocks[marker] = html_text
            return '\n\n' + marker + '\n\n'

        def fence(options, body, line):
            try:
                options = parse_options(options)
            except ValueError as e:
                return place(self.failure(page, line, str(e)))
            scene = _core.Scene(text=body, name=page.file.src_path, line_offset=line)
            return place(self.figure(page, line, scene, options))

        def image(match, line):
            target = match.group('target')
            if '://' in target:
                return match.group(0)
            path = os.path.normpath(os.path.join(page_dir, target))
            if not os.path.isfile(path):
                return place(self.failure(page, line, 'no scene file %s' % target))
            scene = _core.Scene(path=path, name=os.path.relpath(path))
            return place(self.figure(page, line, scene, {'alt': match.group('alt')}))

        out = []
        for kind, text, line, options in split_fences(markdown):
            if kind == 'convanim':
                out.append(fence(options, text, line))
            elif kind == 'code':
                out.append(text)
            else:
                out.append(replace_images(text, line, image))
        markdown = ''.join(out)
        if blocks:
            self._pending[page.file.src_path] = blocks
        return markdown

    def on_page_content(self, content, page, config, files):
        for marker, block in self._pending.pop(page.file.src_path, {}).items():
            content = content.replace('<p>' + marker + '</p>', block).replace(marker, block)
        return content

    def on_post_build(self, config):
        folder = os.path.join(config['site_dir'], FOLDER)
        os.makedirs(folder, exist_ok=True)
        for name, source in self._outputs.items():
            target = os.path.join(folder, name)
            if not os.path.exists(target) or os.path.getmtime(target) < os.path.getmtime(source):
                shutil.copyfile(source, target)

    # --- one figure ---------------------------------------------------------------

    def failure(self, page, line, message, located=False):
        """`message` at the page's line (`located`: it names its own place already)."""
        text = 'convanim: ' + (message if located else '%s:%d: %s' % (page.file.src_path, line,
                                                                       message))
        if self.config['fail_fast']:
            raise PluginError(text)
        log.warning(text)
        return '<pre class="convanim-error" role="alert">%s</pre>' % html.escape(text)

    def url(self, page, path):
        name = os.path.basename(path)
        self._outputs[name] = path
        # The page's folder in the site: "a/b/" (directory URLs) or the folder of "a/b.html".
        base = page.url if page.url.endswith('/') or not page.url else posixpath.dirname(page.url)
        return posixpath.relpath(FOLDER + '/' + name, base.rstrip('/') or '.')

    def figure(self, page, line, scene, options):
        try:
            return self._figure(page, scene, options)
        except _core.ConvanimError as e:
            if e.line is not None and scene.path is None:
                return self.failure(page, e.line, e.message, located=True)
            return self.failure(page, line, e.message)

    def _figure(self, page, scene, options):
        renderer = self.renderer()
        fmt = options.get('format', self.config['format'])
        theme = options.get('theme', 'auto')
        frame = int(options['frame']) if 'frame' in options else None
        model = renderer.model(scene)
        still = frame if frame is not None else (model.get('still_step') or 0)
        is_still = fmt == 'png' or (fmt == 'svg' and frame is not None)
        alt = options.get('alt') or _core.alt_text(model, still if is_still else None)
        # A pair for images; a player follows the page's toggle itself (docs/embedding.md).
        variants = [('light', '#only-light'), ('dark', '#only-dark')] \
            if theme == 'pair' and fmt != 'html' else \
            [(None if theme in ('auto', 'pair') else theme, '')]
        parts = []
        for variant, fragment in variants:
            if fmt == 'html':
                with open(renderer.render(scene, 'html', frame=frame, theme=variant),
                          encoding='utf-8') as f:
                    player = f.read()
                parts.append('<div class="convanim">%s</div>' % player)
                continue
            path = renderer.render(scene, fmt, frame=still if is_still else None, theme=variant)
            parts.append('<img class="convanim" src="%s%s" alt="%s">' % (
                html.escape(self.url(page, path)), fragment, html.escape(alt, quote=True)))
        return '\n'.join(parts)


def split_fences(markdown):
    """The page as (kind, text, first line, options): kind 'text', 'code' (a fenced block
    of another language, kept as it is, with what it shows) or 'convanim' (text: the
    scene's YAML; first line: the fence's line; options: what follows the word)."""
    lines = markdown.splitlines(True)
    parts, text, start, n = [], [], 1, 0
    while n < len(lines):
        opening = OPENING.match(lines[n].rstrip('\n'))
        if not opening or (opening.group('ticks')[0] == '`' and '`' in opening.group('info')):
            text.append(lines[n])
            n += 1
            continue
        ticks = opening.group('ticks')
        close = re.compile(r'^[ \t]{0,3}%s{%d,}[ \t]*$' % (re.escape(ticks[0]), len(ticks)))
        end = n + 1
        while end < len(lines) and not close.match(lines[end].rstrip('\n')):
            end += 1
        if text:
            parts.append(('text', ''.join(text), start, None))
        info = opening.group('info').split(None, 1)
        if info and info[0] == 'convanim':
            parts.append(('convanim', ''.join(lines[n + 1:end]), n + 1,
                          info[1] if len(info) > 1 else ''))
        else:
            parts.append(('code', ''.join(lines[n:end + 1]), n + 1, None))
        n = end + 1
        text, start = [], n + 1
    if text:
        parts.append(('text', ''.join(text), start, None))
    return parts


def replace_images(text, first_line, replace):
    """IMAGE matches of `text` outside inline code replaced by replace(match, line)."""
    out, at = [], 0
    for code in list(re.finditer(r'(`+)(?:.|\n)*?(?<!`)\1(?!`)', text)) + [None]:
        end = code.start() if code else len(text)
        chunk = text[at:end]
        line = first_line + text.count('\n', 0, at)
        out.append(IMAGE.sub(lambda m: replace(m, line + chunk.count('\n', 0, m.start())), chunk))
        if code:
            out.append(code.group(0))
            at = code.end()
    return ''.join(out)


def parse_options(text):
    """`format=html alt="a b" frame=3 theme=pair` as a dict (ValueError when wrong)."""
    options = {}
    for word in shlex.split(text):
        if '=' not in word:
            raise ValueError('fence option %r is not name=value' % word)
        name, value = word.split('=', 1)
        if name not in ('format', 'alt', 'frame', 'theme'):
            raise ValueError('unknown fence option %r (format, alt, frame, theme)' % name)
        if name in OPTIONS and value not in OPTIONS[name]:
            raise ValueError('%s=%s: one of %s' % (name, value, ', '.join(OPTIONS[name])))
        if name == 'frame' and not value.isdigit():
            raise ValueError('frame=%s: a step number, 0 or more' % value)
        options[name] = value
    return options
