import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline.incidents.levels import Rules


def load_seed():
    """tests/pipeline/incidents/seed.py as module ``incident_seed`` (importlib import mode)."""
    if "incident_seed" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "incident_seed", Path(__file__).with_name("seed.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["incident_seed"] = module
        spec.loader.exec_module(module)
    return sys.modules["incident_seed"]


load_seed()


@pytest.fixture
def rules(shipped_config):
    return Rules.from_config(shipped_config)
