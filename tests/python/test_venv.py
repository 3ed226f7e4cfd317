#!/usr/bin/env python3
"""The package as a user installs it: copy the checkout's files (git ls-files: what a clean
checkout holds, uncommitted edits included), create a venv (--system-site-packages: Debian's
pybind11, pandas, setuptools), `pip install --no-build-isolation` it offline, run the
examples, the unit tests and a smoke test with the installed package, and build a wheel with
`pip wheel --no-build-isolation --no-deps` that installs in a second venv.
Environment: OCOP_SOURCE_DIR, OCOP_CLI; OCOP_VENV_PYTHON: base interpreter (default: Debian's
/usr/bin/python3 when present, else this one); OCOP_VENV_CMAKE_ARGS: CMake arguments of the
package build (default -DCMAKE_BUILD_TYPE=None: no optimisation)."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.abspath(os.environ.get("OCOP_SOURCE_DIR",
                                     os.path.join(os.path.dirname(__file__), "..", "..")))
BASE = os.environ.get("OCOP_VENV_PYTHON") or (
    "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable)


def run(*args, **kw):
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, **kw)


def checkout_copy(dest):
    files = subprocess.run(["git", "-C", SRC, "ls-files", "-co", "--exclude-standard", "-z"],
                           check=True, capture_output=True).stdout.split(b"\0")
    for f in filter(None, files):
        rel = f.decode()
        src = os.path.join(SRC, rel)
        if not os.path.isfile(src):
            continue  # deleted in the worktree
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, rel))


def venv(path):
    run(BASE, "-m", "venv", "--system-site-packages", path)
    return os.path.join(path, "bin", "python")


def main():
    # No optimisation (setup.py's CMAKE_ARGS): the test is about packaging, and an -O0 build
    # of the library takes about half the time of Release on CI's two cores.
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"),
               CMAKE_ARGS=os.environ.get("OCOP_VENV_CMAKE_ARGS", "-DCMAKE_BUILD_TYPE=None"))
    env.pop("PYTHONPATH", None)
    with tempfile.TemporaryDirectory(prefix="ocop-venv-test-") as tmp:
        # ccache (when setup.py finds it) hits across runs: paths under tmp made relative.
        env["CCACHE_BASEDIR"] = tmp
        src = os.path.join(tmp, "src")
        checkout_copy(src)
        py = venv(os.path.join(tmp, "venv"))
        run(py, "-m", "pip", "install", "--no-build-isolation", src, env=env)
        # Run from a directory without the sources: the installed package is imported.
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        run(py, "-c", "import ocop, os, fractions; r = ocop.score({'id': 'x', 'sheet': 1, "
            "'answers': {'1.1': 1, '1.2': 0, '1.3': 3, '1.4': 1, '1.5': 3, '1.6': 1, '1.7': 0, "
            "'2.1': 3, '2.2': 2, '2.3': 3, '2.4': 0, '3.1': 1, '3.2': 0, '3.3': 1, '3.4': 2, "
            "'3.5': 2, '4.1': 5, '4.2': 0, '4.3': 0, '5.1': 5, '5.2': 0, '5.3': 1, '6.1': 2, "
            "'6.2': 3, '6.3': 0, '6.4': 0, '7': 0, '8': 3, '9': 2, '10': 3, '11': 1, '12': 1}}); "
            "assert r.total == fractions.Fraction(49), r; "
            "assert 'site-packages' in ocop.__file__, ocop.__file__; "
            "d = os.path.dirname(ocop.__file__); "
            "assert os.path.exists(os.path.join(d, 'py.typed')); "
            "assert os.path.exists(os.path.join(d, '_ocop.pyi')); print('smoke ok', r.stars)",
            cwd=work, env=env)
        run(py, os.path.join(src, "tests", "python", "run_examples.py"), cwd=work,
            env=dict(env, OCOP_SOURCE_DIR=src))
        run(py, os.path.join(src, "tests", "python", "test_ocop.py"), cwd=work,
            env=dict(env, OCOP_SOURCE_DIR=src))
        # A wheel, installed into a second venv.
        dist = os.path.join(tmp, "dist")
        run(py, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", dist, src,
            env=env)
        wheels = glob.glob(os.path.join(dist, "ocop-*.whl"))
        assert len(wheels) == 1, wheels
        py2 = venv(os.path.join(tmp, "venv2"))
        run(py2, "-m", "pip", "install", "--no-deps", wheels[0], env=env)
        run(py2, "-c", "import ocop; print('wheel ok', ocop.__version__, "
            "ocop.score_many.__doc__ is not None)", cwd=work, env=env)
        print("wheel:", os.path.basename(wheels[0]), os.path.getsize(wheels[0]), "bytes")


if __name__ == "__main__":
    main()
