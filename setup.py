"""Build of the Python package `ocop` (docs/embedding-python.md).

The pure-Python half is python/ocop/; the native module ocop._ocop is built by CMake from
python/CMakeLists.txt (a top-level project that adds the library with its tests and CLI off),
so pip needs nothing but Debian's cmake, compiler, pybind11-dev and setuptools:

    pip install --no-build-isolation .
    pip wheel --no-build-isolation --no-deps -w dist .

CMAKE_ARGS (space-separated) is passed to CMake; CMAKE_BUILD_PARALLEL_LEVEL sets the jobs.
"""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    """The library's version, from include/ocop/version.hpp (as cmake/ocopVersion.cmake)."""
    with open(os.path.join(HERE, "include", "ocop", "version.hpp"), encoding="utf-8") as f:
        text = f.read()
    parts = [re.search(rf"^#define OCOP_VERSION_{p} ([0-9]+)$", text, re.M) for p in
             ("MAJOR", "MINOR", "PATCH")]
    if not all(parts):
        raise RuntimeError("cannot read the version from include/ocop/version.hpp")
    return ".".join(m.group(1) for m in parts)


class CMakeBuild(build_ext):
    """Builds ocop._ocop with CMake and copies it where setuptools expects it."""

    def build_extension(self, ext):
        target = os.path.abspath(self.get_ext_fullpath(ext.name))
        build = os.path.abspath(os.path.join(self.build_temp, "cmake"))
        out = os.path.join(build, "package")
        args = [
            "cmake", "-S", os.path.join(HERE, "python"), "-B", build,
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DOCOP_PYTHON_OUTPUT_DIR={out}",
        ]
        try:  # Debian's python3-pybind11 knows where pybind11-dev's CMake files are
            import pybind11
            args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass
        if shutil.which("ccache"):
            args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        args += shlex.split(os.environ.get("CMAKE_ARGS", ""))
        subprocess.run(args, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", build, "--target", "ocop_python", "-j", jobs],
                       check=True)
        built = glob.glob(os.path.join(out, "_ocop*.so")) + glob.glob(os.path.join(out, "_ocop*.pyd"))
        if len(built) != 1:
            raise RuntimeError(f"expected one native module in {out}, found {built}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


# Keep setuptools' work files out of the CMake build directory `build/`.
os.makedirs(os.path.join(HERE, "build-python"), exist_ok=True)

setup(
    name="ocop",
    version=version(),
    description="Exact OCOP product rating (Vietnam's One Commune One Product rubric)",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.9",
    packages=["ocop"],
    package_dir={"": "python"},
    package_data={"ocop": ["py.typed", "*.pyi"]},
    ext_modules=[Extension("ocop._ocop", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    extras_require={"pandas": ["pandas"]},
    zip_safe=False,
    options={"build": {"build_base": "build-python"}, "egg_info": {"egg_base": "build-python"}},
)
