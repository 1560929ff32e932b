"""Running the convanim binary, and the cache of its outputs.

Every integration (Sphinx, MkDocs, Jupyter) renders through Renderer: an output is named by
a hash of the scene's bytes (and of the scenes a figure file draws), the options and
`convanim --version`, and reused when present, so a warm build runs convanim 0 times (the
version itself is kept per binary path, size and modification time).
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

ENVIRONMENT = 'CONVANIM'
FORMATS = ('svg', 'html', 'gif', 'png', 'pdf', 'json')
THEMES = ('auto', 'light', 'dark', 'pair')

# convanim's messages: "FILE:LINE:COL: error: ..." (its exit status is 2 for bad input).
_LOCATED = re.compile(r'^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$', re.M)


class ConvanimError(Exception):
    """convanim could not be found or run, or refused a scene. `file`, `line`, `col`:
    where convanim located the problem (None when it named no place)."""

    def __init__(self, message, file=None, line=None, col=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col


def find_binary(option=None):
    """The convanim binary: `option` (the integration's setting), else $CONVANIM, else
    `convanim` on PATH. Raises ConvanimError naming all three when none is found."""
    tried = []
    for where, value in (('the option', option), ('$' + ENVIRONMENT, os.environ.get(ENVIRONMENT))):
        if value:
            found = shutil.which(os.path.expanduser(value))
            if found:
                return os.path.abspath(found)
            tried.append('%s (%s: not an executable file)' % (where, value))
        else:
            tried.append('%s (not set)' % where)
    found = shutil.which('convanim')
    if found:
        return os.path.abspath(found)
    tried.append('PATH (no convanim in it)')
    raise ConvanimError('convanim: binary not found; set the integration\'s "binary" option, '
                        'the %s environment variable, or put convanim on PATH. Tried: %s'
                        % (ENVIRONMENT, '; '.join(tried)))


def _atomic_write(path, data):
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix='.tmp-')
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def figure_scenes(path, text):
    """The scene files a figure file draws (its `scene:` keys), as absolute paths."""
    folder = os.path.dirname(os.path.abspath(path))
    found = []
    for match in re.finditer(r'^\s*-?\s*scene:\s*["\']?([^"\'#\s]+)', text, re.M):
        found.append(os.path.normpath(os.path.join(folder, match.group(1))))
    return found


def is_figure_file(text):
    return re.search(r'^(figure|layout):', text, re.M) is not None


class Scene:
    """A scene to render: a file, or YAML text (given a name for messages)."""

    def __init__(self, path=None, text=None, name=None, line_offset=0):
        if path is not None:
            self.path = os.path.abspath(path)
            with open(self.path, 'rb') as f:
                self.data = f.read()
            self.name = name or path
            self.line_offset = 0
        else:
            self.path = None
            self.data = text.encode('utf-8') if isinstance(text, str) else text
            self.name = name or '<scene>'
        # YAML text taken from a document: its line 1 is the document's line_offset + 1.
        self.line_offset = line_offset
        text = self.data.decode('utf-8', 'replace')
        self.figure = is_figure_file(text)
        # Files whose change changes the picture: the scene, and a figure's scenes.
        self.dependencies = [self.path] if self.path else []
        if self.figure:
            self.dependencies += figure_scenes(self.path or os.getcwd(), text)

    def digest(self):
        h = hashlib.sha256(self.data)
        for path in self.dependencies[1 if self.path else 0:]:
            try:
                with open(path, 'rb') as f:
                    h.update(f.read())
            except OSError:
                h.update(b'missing:' + path.encode())
        return h.hexdigest()


class Renderer:
    """Renders scenes into `folder`, reusing what is there. `log`, if given, is called with
    each command line run. Safe for several processes sharing the folder (files appear
    whole, by rename)."""

    def __init__(self, folder, binary=None, log=None):
        self.folder = os.path.abspath(folder)
        self.binary = find_binary(binary)
        self.log = log
        os.makedirs(self.folder, exist_ok=True)
        self._version = None

    def version(self):
        if self._version is None:
            stat = os.stat(self.binary)
            key = '%s %d %d' % (self.binary, stat.st_size, stat.st_mtime_ns)
            record = os.path.join(self.folder, 'version-' +
                                  hashlib.sha256(key.encode()).hexdigest()[:16] + '.txt')
            try:
                with open(record) as f:
                    self._version = f.read().strip()
            except OSError:
                self._version = self._run(['--version']).strip()
                _atomic_write(record, self._version.encode())
        return self._version

    def _run(self, arguments, scene=None):
        command = [self.binary] + arguments
        if self.log:
            self.log(command)
        try:
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  timeout=600)
        except OSError as e:
            raise ConvanimError('convanim: cannot run %s: %s' % (self.binary, e))
        if done.returncode != 0:
            message = done.stderr.decode('utf-8', 'replace').strip() or (
                'convanim exited with status %d' % done.returncode)
            match = _LOCATED.search(message)
            if match:
                file = match.group('file')
                line, col = int(match.group('line')), int(match.group('col'))
                if scene is not None and scene.path is None:
                    # YAML text written to a file of the cache: named as the scene's name,
                    # at the line of the document it came from.
                    line += scene.line_offset
                    message = message.replace(match.group(0)[:match.start('message') - match.start()],
                                              '%s:%d:%d: ' % (scene.name, line, col), 1)
                    file = scene.name
                raise ConvanimError(message, file, line, col)
            raise ConvanimError(message)
        return done.stdout.decode('utf-8', 'replace')

    def _source(self, scene, digest):
        if scene.path:
            return scene.path
        path = os.path.join(self.folder, 'scene-%s.yaml' % digest[:16])
        if not os.path.exists(path):
            _atomic_write(path, scene.data)
        return path

    def render(self, scene, fmt, frame=None, theme=None, extra=()):
        """The path of `scene` rendered as `fmt` (svg, html for the player fragment, gif,
        png, pdf, json), at step `frame` (stills), in `theme` (light or dark; None: the
        scene's, and SVG follows the reader and the page)."""
        if fmt not in FORMATS:
            raise ConvanimError('convanim: unknown format %r (one of %s)' % (fmt, ', '.join(FORMATS)))
        options = []
        if frame is not None and not scene.figure:
            options += ['--frame', str(int(frame))]
        if theme in ('light', 'dark'):
            options += ['--theme', theme]
        if fmt == 'html':
            options.append('--html-fragment')
        options += [str(a) for a in extra]
        digest = scene.digest()
        key = hashlib.sha256(json.dumps([digest, fmt, options, self.version()]).encode())
        stem = re.sub(r'[^A-Za-z0-9_-]+', '_', os.path.splitext(os.path.basename(
            scene.path or 'scene'))[0])[:40]
        output = os.path.join(self.folder, '%s-%s.%s' % (stem, key.hexdigest()[:16], fmt))
        if os.path.exists(output):
            return output
        source = self._source(scene, digest)
        temporary = os.path.join(self.folder, '.tmp-%d-%s' % (os.getpid(), os.path.basename(output)))
        try:
            self._run(['render', source, '-o', temporary, '-q'] + options, scene)
            os.replace(temporary, output)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        return output

    def model(self, scene):
        """What the animation model says of the scene: title, description, step_count,
        still_step, width, height, and step_texts (each step's text, which quotes its
        equation) (from `render -o x.json`, cached like the rest)."""
        if scene.figure:
            return {'title': '', 'description': '', 'step_count': 1, 'still_step': 0,
                    'step_texts': []}
        with open(self.render(scene, 'json')) as f:
            model = json.load(f)
        summary = {k: model.get(k) for k in ('title', 'description', 'step_count', 'still_step',
                                              'width', 'height')}
        summary['step_texts'] = [step.get('description') or '' for step in model.get('steps', [])]
        return summary


def alt_text(model, step=None, limit=300):
    """Alt text from the model: the scene's caption (its title) or its description; for a
    still of one step, followed by that step's text (the words the player's caption and the
    still SVG's <desc> give it, quoting the step's equation)."""
    text = (model.get('title') or model.get('description') or 'convanim animation').strip()
    texts = model.get('step_texts') or []
    if step is not None and 0 <= step < len(texts) and texts[step].strip():
        text = '%s: %s' % (text.rstrip('.:'), texts[step].strip())
    if len(text) > limit:
        text = text[:limit - 1].rsplit(' ', 1)[0] + '\u2026'
    return text
