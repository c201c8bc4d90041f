
import pytest

from pipeline.incidents.levels import Rules


@pytest.fixture
def rules(shipped_config):
    return Rules.from_config(shipped_config)
