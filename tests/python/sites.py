"""Builds the sample sites and notebook of tests/python in a work folder, with convanim run
through a wrapper that counts its invocations. Shared by integrations_test.py and
tests/browser/docs_test.py."""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
PACKAGE = os.path.join(SOURCE, 'python')
PYTHON = '/usr/bin/python3'  # Debian's, with Sphinx, MkDocs, IPython and nbconvert


class Work:
    """A work folder with a counting wrapper of the binary (calls.log: one line a run)."""

    def __init__(self, folder, binary):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.binary = os.path.abspath(binary)
        self.calls_log = os.path.join(folder, 'calls.log')
        self.wrapper = os.path.join(folder, 'convanim-counting')
        with open(self.wrapper, 'w') as out:
            out.write('#!/bin/sh\necho "$*" >> "%s"\nexec "%s" "$@"\n'
                      % (self.calls_log, self.binary))
        os.chmod(self.wrapper, 0o755)
        self.venv = None

    def calls(self):
        """The runs since the last call of calls()."""
        try:
            with open(self.calls_log) as f:
                lines = f.read().splitlines()
            os.unlink(self.calls_log)
            return lines
        except FileNotFoundError:
            return []

    def env(self, **more):
        env = dict(os.environ, CONVANIM=self.wrapper, PYTHONPATH=PACKAGE,
                   PYTHONDONTWRITEBYTECODE='1')
        env.update(more)
        return env

    def run(self, command, cwd=None, env=None, check=True):
        done = subprocess.run(command, cwd=cwd, env=env or self.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, timeout=600)
        if check and done.returncode != 0:
            raise AssertionError('%s failed (%d):\n%s' % (' '.join(command), done.returncode,
                                                           done.stdout))
        return done

    def scenes(self, folder, names):
        os.makedirs(folder, exist_ok=True)
        for name in names:
            shutil.copy(os.path.join(SOURCE, 'scenes', 'guide', name + '.yaml'), folder)

    # --- Sphinx --------------------------------------------------------------------------

    def sphinx_site(self):
        site = os.path.join(self.folder, 'sphinx')
        shutil.copytree(os.path.join(HERE, 'sphinx_site'), site)
        self.scenes(os.path.join(site, 'scenes'), [
            name[:-5] for name in os.listdir(os.path.join(SOURCE, 'scenes', 'guide'))
            if name.endswith('.yaml')])
        os.makedirs(os.path.join(site, 'scenes', 'figures'))
        shutil.copy(os.path.join(SOURCE, 'scenes', 'guide', 'figures', 'figure-2.1.yaml'),
                    os.path.join(site, 'scenes', 'figures'))
        return site

    def sphinx(self, site, builder='html', check=True, *more):
        return self.run([PYTHON, '-m', 'sphinx', '-W', '--keep-going', '-j', '2', '-q', '-b',
                         builder, *more, site, os.path.join(site, '_build', builder)],
                        check=check)

    # --- MkDocs --------------------------------------------------------------------------

    def install(self):
        """A venv (Debian's packages visible) with `pip install --no-build-isolation` of
        python/, offline: what registers the MkDocs plugin's entry point."""
        if self.venv is None:
            venv = os.path.join(self.folder, 'venv')
            self.run([PYTHON, '-m', 'venv', '--system-site-packages', venv])
            # A copy: setuptools builds in the package's folder, which stays clean.
            copy = os.path.join(self.folder, 'python')
            shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns(
                'build', '*.egg-info', '__pycache__'))
            self.run([os.path.join(venv, 'bin', 'pip'), 'install', '-q', '--no-index',
                      '--no-build-isolation', copy], cwd=self.folder)
            self.venv = venv
        return os.path.join(self.venv, 'bin', 'python')

    def mkdocs_site(self, name='mkdocs', extra_config=''):
        site = os.path.join(self.folder, name)
        shutil.copytree(os.path.join(HERE, 'mkdocs_site'), site)
        self.scenes(os.path.join(site, 'docs', 'scenes'), ['padding_strides', 'dilation'])
        if extra_config:
            with open(os.path.join(site, 'mkdocs.yml'), 'a') as out:
                out.write(extra_config)
        return site

    def mkdocs(self, site, check=True):
        env = self.env()
        del env['PYTHONPATH']  # the installed package
        return self.run([self.install(), '-m', 'mkdocs', 'build', '--strict'], cwd=site,
                        env=env, check=check)

    # --- Jupyter -------------------------------------------------------------------------

    CELLS = [
        'import convanim\nconvanim.show("padding_strides.yaml")',
        'convanim.show("numerical_padding_strides.yaml", format="html")',
        '%load_ext convanim',
        '%%convanim --format png --frame 2\noperation: convolution\n'
        'input: {size: 4}\nkernel: {size: 3}',
    ]

    def write_notebook(self, folder, title=None):
        """figures.ipynb in `folder` (with the scenes it shows): CELLS, after a title in a
        raw reStructuredText cell when given (nbsphinx wants a section title; a Markdown
        cell would need pandoc)."""
        self.scenes(folder, ['padding_strides', 'numerical_padding_strides'])
        cells = [{'cell_type': 'code', 'metadata': {}, 'execution_count': None,
                  'outputs': [], 'source': source, 'id': 'c%d' % n}
                 for n, source in enumerate(self.CELLS)]
        if title:
            cells.insert(0, {'cell_type': 'raw', 'id': 'title', 'source': title + '\n' +
                             '=' * len(title), 'metadata': {'raw_mimetype': 'text/restructuredtext'}})
        notebook = {'nbformat': 4, 'nbformat_minor': 5, 'metadata': {
            'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}},
            'cells': cells}
        path = os.path.join(folder, 'figures.ipynb')
        with open(path, 'w') as out:
            json.dump(notebook, out)
        return path

    def notebook(self):
        folder = os.path.join(self.folder, 'notebook')
        path = self.write_notebook(folder)
        self.run([PYTHON, '-m', 'nbconvert', '--execute', '--to', 'html', path], cwd=folder)
        return os.path.join(folder, 'figures.html')

    def nbsphinx(self):
        """A Sphinx site whose one page is the notebook, executed by nbsphinx at build time
        (warnings are errors); the page's HTML."""
        folder = os.path.join(self.folder, 'nbsphinx')
        self.write_notebook(folder, title='Figures')
        with open(os.path.join(folder, 'conf.py'), 'w') as out:
            out.write("extensions = ['nbsphinx']\nnbsphinx_execute = 'always'\n"
                      "html_theme = 'alabaster'\n")
        with open(os.path.join(folder, 'index.rst'), 'w') as out:
            out.write('Notebook\n========\n\n.. toctree::\n\n   figures\n')
        self.run([PYTHON, '-m', 'sphinx', '-b', 'html', '-W', '-q', folder,
                  os.path.join(folder, '_build')], cwd=folder)
        return os.path.join(folder, '_build', 'figures.html')


if __name__ == '__main__':
    sys.exit('a module of tests/python')
