"""Domain errors. The CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1


class ConfigError(ClaimtrackError):
    """A claims.yaml, rule file or sidecar file is invalid."""

    exit_code = 3


class InputError(ClaimtrackError):
    """A path given on the command line is missing or unusable."""

    exit_code = 2


class StoreError(ClaimtrackError):
    """The database cannot be opened, is not a claimtrack database, or is corrupt."""

    exit_code = 4


class NotFoundError(ClaimtrackError):
    """A claim, kind or document asked for does not exist."""

    exit_code = 5


class GoldError(ClaimtrackError):
    """A gold annotation file is invalid."""

    exit_code = 3
