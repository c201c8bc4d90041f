"""config.yaml: loading, validation with line numbers, secrets."""

from pipeline.config.loader import ConfigError, LoadedConfig, config_path, load_config, parse_config
from pipeline.config.model import LEVELS, Config, Source

__all__ = ["LEVELS", "Config", "ConfigError", "LoadedConfig", "Source", "config_path",
           "load_config", "parse_config"]
