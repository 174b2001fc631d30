"""The PyPI oracles of the conformance tests (tools/py-deps.sh installs them into a virtual environment): imports
one by name, and when it is missing ends the test as a failure that names the install command - never a skip."""
import importlib
import os
import sys

INSTALL = "bash tools/py-deps.sh"


def require(*names):
    """The modules, in order; exits 1 with the install command when one cannot be imported."""
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError as e:
            sys.exit(f"the reference package '{name}' is missing for {sys.executable} ({e}): run {INSTALL}")
    return modules[0] if len(modules) == 1 else modules


def shared_tokenizers(name=None):
    """The folder of real tokenizer files beside the checkout (../shared/tokenizers), or one family's folder in it.
    Missing: exit 77 (ctest's skip) with a message - but a failure under CI, which always has it."""
    root = os.environ.get("CCI_SHARED_TOKENIZERS") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "tokenizers")
    root = os.path.normpath(root)
    path = os.path.join(root, name) if name else root
    if not os.path.isdir(path):
        message = f"the real tokenizer files are not at {path} (../shared/tokenizers beside the checkout)"
        if os.environ.get("CI"):
            sys.exit(message)
        print(message + ": skipped")
        sys.exit(77)
    return path
