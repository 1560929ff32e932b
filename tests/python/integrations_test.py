"""The Python package python/ (issue 18): the binary's lookup, Jupyter display, the Sphinx
directive on a 20-figure sample site (HTML and LaTeX, -W -j 2, warm rebuilds run convanim
0 times, one changed scene re-rendered alone, a bad scene located), the MkDocs plugin on a
Material site (--strict, both URL styles, fail_fast) and a notebook run by nbconvert.

Run by CTest (label python) through tests/python/run.sh with Debian's python3:
  /usr/bin/python3 tests/python/integrations_test.py --convanim build/convanim [unittest args]
"""

import argparse
import base64
import html.parser
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sites  # noqa: E402

sys.path.insert(0, sites.PACKAGE)
import convanim  # noqa: E402
from convanim import _core  # noqa: E402

BINARY = None  # set by main()
WORK = None


class Images(html.parser.HTMLParser):
    """The <img> elements and convanim players of a page."""

    def __init__(self, path):
        super().__init__()
        self.images, self.players, self.figures = [], 0, 0
        with open(path, encoding='utf-8') as f:
            self.feed(f.read())

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        classes = (attributes.get('class') or '').split()
        if tag == 'img' and 'convanim' in classes:
            self.images.append(attributes)
        if tag == 'div' and 'convanim-player' in classes:
            self.players += 1
        if tag == 'figure' and 'convanim-figure' in classes:
            self.figures += 1


def folder(name):
    path = os.path.join(WORK, name)
    os.makedirs(path, exist_ok=True)
    return path


class CoreTest(unittest.TestCase):

    def test_binary_from_option_then_environment_then_path(self):
        saved = dict(os.environ)
        try:
            bin_dir = folder('bin')
            on_path = os.path.join(bin_dir, 'convanim')
            if not os.path.exists(on_path):
                os.symlink(BINARY, on_path)
            os.environ['PATH'] = bin_dir
            os.environ.pop('CONVANIM', None)
            self.assertEqual(_core.find_binary(), on_path)
            os.environ['CONVANIM'] = BINARY
            self.assertEqual(_core.find_binary(), BINARY)
            self.assertEqual(_core.find_binary(on_path), on_path)
            os.environ['PATH'] = folder('empty')
            os.environ['CONVANIM'] = '/nonexistent/convanim'
            with self.assertRaises(convanim.ConvanimError) as caught:
                _core.find_binary('/also/missing')
            message = caught.exception.message
            for words in ['"binary" option', 'CONVANIM environment variable', 'PATH',
                          '/also/missing', '/nonexistent/convanim']:
                self.assertIn(words, message)
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def test_renders_are_cached_by_content_options_and_version(self):
        work = sites.Work(folder('cache'), BINARY)
        scene_path = os.path.join(work.folder, 's.yaml')
        with open(scene_path, 'w') as f:
            f.write('operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n')
        renderer = _core.Renderer(os.path.join(work.folder, 'c'), binary=work.wrapper)
        scene = _core.Scene(path=scene_path)
        first = renderer.render(scene, 'svg')
        self.assertEqual(len(work.calls()), 2)  # --version, render
        self.assertEqual(renderer.render(_core.Scene(path=scene_path), 'svg'), first)
        again = _core.Renderer(os.path.join(work.folder, 'c'), binary=work.wrapper)
        self.assertEqual(again.render(_core.Scene(path=scene_path), 'svg'), first)
        self.assertEqual(work.calls(), [], 'version and output reused')
        self.assertNotEqual(renderer.render(scene, 'svg', frame=1), first)
        self.assertNotEqual(renderer.render(scene, 'svg', theme='dark'), first)
        self.assertEqual(len(work.calls()), 2)
        with open(scene_path, 'a') as f:
            f.write('stride: 1\n')
        self.assertNotEqual(renderer.render(_core.Scene(path=scene_path), 'svg'), first)

    def test_show_gives_an_img_data_uri_with_alt_and_a_png(self):
        os.environ['CONVANIM'] = BINARY
        scene = os.path.join(sites.SOURCE, 'scenes', 'guide', 'padding_strides.yaml')
        figure = convanim.show(scene)
        bundle = figure._repr_mimebundle_()
        self.assertRegex(bundle['text/html'], r'^<img src="data:image/svg\+xml;base64,')
        self.assertIn('alt="(Arbitrary padding and strides) Convolving', bundle['text/html'])
        svg = base64.b64decode(re.search(r'base64,([^"]*)', bundle['text/html']).group(1))
        self.assertIn(b'<animate', svg)
        self.assertEqual(base64.b64decode(bundle['image/png'])[:4], b'\x89PNG')
        player = convanim.show({'operation': 'convolution', 'input': {'size': 4},
                                'kernel': {'size': 3}}, format='html', frame=2)
        self.assertIn('class="convanim-player', player._repr_mimebundle_()['text/html'])
        self.assertIn('data-step="2"', player.html())
        gif = convanim.show(scene, format='gif', frame_duration=0.5)
        self.assertIn('data:image/gif;base64,', gif.html())
        with self.assertRaises(convanim.ConvanimError) as caught:
            convanim.show('operation: convolution\nstrid: 2\n')
        self.assertEqual((caught.exception.line, caught.exception.col), (2, 1))
        self.assertIn("did you mean 'stride'", caught.exception.message)

    def test_a_stills_alt_text_quotes_its_steps_equation(self):
        renderer = _core.Renderer(folder('alt'), binary=BINARY)
        scene = _core.Scene(text='caption: "A 3x3 kernel over a 4x4 input."\n'
                                 'operation: convolution\ninput: {size: 4, values: '
                                 '[[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]]}\n'
                                 'kernel: {size: 3, values: [[1, 0, 1], [0, 1, 0], [1, 0, 1]]}\n'
                                 'view: numerical\n')
        model = renderer.model(scene)
        self.assertEqual(model['step_count'], 4)
        self.assertEqual(len(model['step_texts']), 4)
        # Step 3 is y[1, 1]: the window's corners and centre, 1 + 1 + 1 + 1 + 2 = 6.
        alt = _core.alt_text(model, 3)
        self.assertTrue(alt.startswith('A 3x3 kernel over a 4x4 input: '), alt)
        self.assertIn('y[1, 1]', alt)
        self.assertIn('= 6', alt)
        self.assertEqual(_core.alt_text(model), 'A 3x3 kernel over a 4x4 input.')

    def test_cell_magic(self):
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.utils.capture import capture_output
        os.environ['CONVANIM'] = BINARY
        shell = InteractiveShell.instance()
        shell.run_line_magic('load_ext', 'convanim')
        with capture_output() as captured:
            shell.run_cell_magic('convanim', '--format png --frame 1',
                                 'operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n')
        self.assertEqual(len(captured.outputs), 1)
        self.assertIn('<img src="data:image/png;base64,', captured.outputs[0].data['text/html'])


class MarkdownTest(unittest.TestCase):
    """What the MkDocs plugin takes from a page, and what it leaves alone."""

    def test_fences_images_and_code_left_alone(self):
        from convanim.mkdocs import replace_images, split_fences
        page = ('# Title\n'                                     # 1
                '![a](s.yaml)\n'                                 # 2
                '````markdown\n'                                 # 3
                '```convanim\n'                                  # 4: shown, not rendered
                'input: {size: 4}\n'
                '```\n'
                '![b](t.yaml)\n'
                '````\n'                                         # 8
                'Inline `![c](u.yaml)` code.\n'                  # 9
                '```convanim format=html alt="x y"\n'            # 10
                'operation: convolution\n'
                '```\n'                                          # 12
                '![d](v.yml "title")\n')                         # 13
        parts = split_fences(page)
        self.assertEqual([p[0] for p in parts], ['text', 'code', 'text', 'convanim', 'text'])
        self.assertEqual(parts[3][1:], ('operation: convolution\n', 10, 'format=html alt="x y"'))
        self.assertEqual(''.join(p[1] for p in parts if p[0] != 'convanim'),
                         page.replace('```convanim format=html alt="x y"\noperation: '
                                      'convolution\n```\n', ''))
        seen = []
        for kind, text, line, _ in parts:
            if kind == 'text':
                replace_images(text, line, lambda m, n: seen.append((m.group('alt'), n)) or '')
        self.assertEqual(seen, [('a', 2), ('d', 13)])


class SphinxTest(unittest.TestCase):
    """The sample site: 20 figures, every option, theme=pair, a figure file."""

    @classmethod
    def setUpClass(cls):
        cls.work = sites.Work(folder('sphinx-work'), BINARY)
        cls.site = cls.work.sphinx_site()
        cls.work.sphinx(cls.site)
        cls.cold_calls = cls.work.calls()

    def html(self, page):
        return os.path.join(self.site, '_build', 'html', page + '.html')

    def test_1_cold_build_draws_20_figures(self):
        index, more = Images(self.html('index')), Images(self.html('more'))
        # 20 figures; the 3 pairs of images are one figure each, the players are divs.
        self.assertEqual(len(index.images) + len(more.images) + index.players + more.players,
                         20 + 2)
        self.assertEqual(index.players + more.players, 3)
        for page, images in [('index', index), ('more', more)]:
            for image in images.images:
                self.assertTrue(os.path.isfile(os.path.join(
                    self.site, '_build', 'html', image['src'])), image['src'])
                self.assertTrue(image['alt'])
        classes = [i['class'] for i in index.images + more.images]
        self.assertEqual(sum('only-light' in c for c in classes), 2)
        self.assertEqual(sum('only-dark' in c for c in classes), 2)
        self.assertEqual(index.figures + more.figures, 3)
        alts = [i['alt'] for i in index.images]
        self.assertIn('Max pooling over a 5 by 5 input.', alts)
        self.assertTrue(any(i['src'].endswith('.gif') for i in index.images))
        self.assertTrue(any(i['src'].startswith('_images/figure-2_1-') for i in index.images))
        self.assertGreater(len(self.cold_calls), 20)

    def test_2_warm_build_runs_convanim_zero_times(self):
        self.work.sphinx(self.site)
        self.assertEqual(self.work.calls(), [])
        # Even rereading every document (-E) reuses every output.
        self.work.sphinx(self.site, 'html', True, '-E')
        self.assertEqual(self.work.calls(), [])

    def test_3_latex_gets_a_pdf_per_figure(self):
        self.work.sphinx(self.site, 'latex')
        self.work.calls()
        folder = os.path.join(self.site, '_build', 'latex')
        with open(os.path.join(folder, 'sample.tex')) as f:
            tex = f.read()
        graphics = re.findall(r'\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{([^}]*)\}(\.[a-z]+)\}',
                              tex)
        self.assertEqual(len(graphics), 20, tex[:2000])
        for stem, extension in graphics:
            self.assertEqual(extension, '.pdf')
            self.assertTrue(os.path.isfile(os.path.join(folder, stem + extension)))
        self.assertNotIn('only-dark', tex)

    def test_4_changing_one_scene_renders_that_scene_alone(self):
        path = os.path.join(self.site, 'scenes', 'dilation.yaml')
        with open(path) as f:
            text = f.read()
        with open(path, 'w') as f:
            f.write(re.sub(r'seed: (\d+)', lambda m: 'seed: %d' % (int(m.group(1)) + 1), text, 1))
        self.work.sphinx(self.site)
        calls = self.work.calls()
        self.assertGreater(len(calls), 0)
        for call in calls:
            self.assertIn('dilation', call)

    def test_5_a_figure_file_tracks_the_scenes_it_draws(self):
        path = os.path.join(self.site, 'scenes', 'no_padding_no_strides.yaml')
        with open(path, 'a') as f:
            f.write('# edited\n')
        self.work.sphinx(self.site)
        rendered = sorted(os.path.basename(call.split()[1]) for call in self.work.calls()
                          if call.startswith('render ') and not call.split()[3].endswith('.json'))
        # The scene's own figure (index.rst, :frame: 3) and the figure file drawing it.
        self.assertEqual(rendered, ['figure-2.1.yaml', 'no_padding_no_strides.yaml'])

    def test_6_bad_scene_fails_with_the_document_line_and_the_scene_place(self):
        site = self.work.sphinx_site.__func__(sites.Work(folder('sphinx-bad'), BINARY))
        with open(os.path.join(site, 'scenes', 'zz_bad.yaml'), 'w') as f:
            f.write('operation: convolution\ninput: {size: 5}\nstrid: 2\n')
        with open(os.path.join(site, 'more.rst'), 'a') as f:
            f.write('\n.. convanim:: scenes/zz_bad.yaml\n\n.. convanim::\n\n'
                    '   operation: convolution\n   kernal: {size: 3}\n')
        with open(os.path.join(site, 'more.rst')) as f:
            lines = f.read().splitlines()
        directive = lines.index('.. convanim:: scenes/zz_bad.yaml') + 1
        kernal = lines.index('   kernal: {size: 3}') + 1
        done = self.work.sphinx(site, 'html', False)
        self.assertNotEqual(done.returncode, 0)
        self.assertRegex(done.stdout, r'more\.rst:%d: WARNING: convanim: \S*zz_bad\.yaml:3:1: '
                         r"error: unknown key 'strid'.*did you mean 'stride'" % directive)
        self.assertRegex(done.stdout, r"more\.rst:%d: WARNING: convanim: more\.rst:%d:1: error: "
                         r"unknown key 'kernal'" % (kernal, kernal))


class MkDocsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.work = sites.Work(folder('mkdocs-work'), BINARY)

    def check_site(self, site, pages):
        for page in pages:
            path = os.path.join(site, 'site', page)
            images = Images(path)
            self.assertGreater(len(images.images), 0, page)
            for image in images.images:
                src = image['src'].split('#')[0]
                self.assertNotIn('://', src)
                self.assertTrue(os.path.isfile(os.path.join(os.path.dirname(path), src)),
                                '%s: %s' % (page, image['src']))
            yield images

    def test_strict_build_with_directory_urls(self):
        site = self.work.mkdocs_site('directory')
        self.work.mkdocs(site)
        self.assertGreater(len(self.work.calls()), 0)
        index, player = list(self.check_site(site, ['index.html', 'guide/player/index.html']))
        sources = [i['src'] for i in index.images]
        self.assertEqual(sum(s.endswith('#only-light') for s in sources), 1)
        self.assertEqual(sum(s.endswith('#only-dark') for s in sources), 1)
        self.assertEqual(index.players, 1)
        self.assertEqual(player.players, 1)
        self.assertTrue(player.images[0]['src'].startswith('../../_convanim/'))
        self.assertEqual(player.images[0]['alt'], 'Dilation')
        self.work.mkdocs(site)
        self.assertEqual(self.work.calls(), [], 'a warm build runs convanim 0 times')

    def test_strict_build_without_directory_urls(self):
        site = self.work.mkdocs_site('files', 'use_directory_urls: false\n')
        self.work.mkdocs(site)
        index, player = list(self.check_site(site, ['index.html', 'guide/player.html']))
        self.assertTrue(player.images[0]['src'].startswith('../_convanim/'))

    def test_bad_fence_fails_strict_and_fail_fast(self):
        site = self.work.mkdocs_site('bad')
        with open(os.path.join(site, 'docs', 'index.md'), 'a') as f:
            f.write('\n```convanim\noperation: convolution\nstrid: 2\n```\n')
        with open(os.path.join(site, 'docs', 'index.md')) as f:
            line = f.read().splitlines().index('strid: 2') + 1
        done = self.work.mkdocs(site, check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("convanim: index.md:%d:1: error: unknown key 'strid'" % line, done.stdout)
        with open(os.path.join(site, 'site', 'index.html'), encoding='utf-8') as f:
            self.assertIn('class="convanim-error"', f.read())
        with open(os.path.join(site, 'mkdocs.yml')) as f:
            config = f.read()
        with open(os.path.join(site, 'mkdocs.yml'), 'w') as f:
            f.write(config.replace('  - convanim\n', '  - convanim:\n      fail_fast: true\n'))
        done = self.work.mkdocs(site, check=False)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("unknown key 'strid'", done.stdout)
        self.assertIn('Aborted', done.stdout)


class NotebookTest(unittest.TestCase):

    def assert_page_keeps_the_pictures_and_the_player(self, page):
        """The notebook's page (sites.Work.CELLS run): the SVG of show(), the PNG of the cell
        magic, the player of format="html", and no object's repr in their place."""
        with open(page, encoding='utf-8') as f:
            text = f.read()
        self.assertIn('<img src="data:image/svg+xml;base64,', text)
        self.assertIn('<img src="data:image/png;base64,', text)
        self.assertIn('class="convanim-player', text)
        self.assertNotIn('IPython.core.display', text)

    def test_nbconvert_execute_keeps_the_picture_and_the_player(self):
        work = sites.Work(folder('notebook-work'), BINARY)
        self.assert_page_keeps_the_pictures_and_the_player(work.notebook())

    def test_nbsphinx_executes_the_notebook_and_keeps_the_picture_and_the_player(self):
        work = sites.Work(folder('nbsphinx-work'), BINARY)
        self.assert_page_keeps_the_pictures_and_the_player(work.nbsphinx())
        # The notebook ran at build time, through the binary (what an earlier test rendered
        # of the same scenes may come from the package's cache).
        self.assertGreaterEqual(len(work.calls()), 1)


def main():
    global BINARY, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true')
    args, rest = parser.parse_known_args()
    BINARY = os.path.abspath(args.convanim)
    WORK = tempfile.mkdtemp(prefix='convanim-python-')
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if ok and not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
