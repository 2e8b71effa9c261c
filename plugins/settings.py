"""mkdocs.yml as MkDocs itself reads it, for the `journey-atlas` commands that need a site's
folders or the plugin's options: INHERIT merged as MkDocs merges it, `!ENV` resolved,
defaults and paths filled in. Imported by those commands only, so the core stays free of
MkDocs; under ProperDocs (MkDocs' maintained fork, without MkDocs installed) the same
`mkdocs.*` names answer once its replacement module is loaded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

try:
    import mkdocs  # noqa: F401
except ImportError:  # ProperDocs alone
    import properdocs.replacement  # noqa: F401

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

PLUGIN = "journey-atlas"


@dataclass
class Settings:
    docs_dir: Path
    site_dir: Path
    plugin_options: dict = field(default_factory=dict)  # journey-atlas's, as validated


class SettingsError(Exception):
    """mkdocs.yml cannot be read or is not valid; the message says why."""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_settings(config_file: str | Path) -> Settings:
    # MkDocs logs what is wrong with a config, then gives up: keep its words for one message.
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    collected = _Collect()
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(collected)
        logger.setLevel(logging.ERROR)  # its INFO and warnings belong to a build
        logger.propagate = False
    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, SystemExit) as exc:  # MkDocs aborts on an invalid config
        why = "; ".join(collected.messages) or str(exc) or "not a valid MkDocs configuration"
        raise SettingsError(f"{config_file}: {why}") from None
    finally:
        for logger, (level, propagate) in zip(loggers, saved):
            logger.removeHandler(collected)
            logger.setLevel(level)
            logger.propagate = propagate
    plugin = config.plugins.get(PLUGIN)
    options = dict(plugin.config) if plugin is not None else {}
    return Settings(Path(config.docs_dir), Path(config.site_dir), options)
