"""Starting or joining Ray for `--engine ray`, and what to tell the user when joining fails."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tarjama.models.errors import TarjamaError, Unauthenticated, one_line
from tarjama.models.threads import usable_cores

# Ray's token authentication (Ray 2.5x and later): the driver sends a token only when
# RAY_AUTH_MODE=token; the token is RAY_AUTH_TOKEN, else the file RAY_AUTH_TOKEN_PATH names,
# else ~/.ray/auth_token (`ray start --head` and a local `ray.init()` create that one).
AUTH_MODE_VARIABLE = "RAY_AUTH_MODE"
DEFAULT_TOKEN_FILE = "~/.ray/auth_token"
# Words of Ray's errors (and of the errors they wrap) that mean the cluster refused the token.
AUTH_WORDS = ("authenticat", "auth token", "authtoken", "unauthenticated", "auth_token")


def ray_error_line(error: BaseException) -> str:
    """Ray's errors carry remote tracebacks; keep the last line that says what happened."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return one_line(lines[-1] if lines else type(error).__name__)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and every error it was raised from or while handling."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def is_auth_failure(error: BaseException) -> bool:
    """Whether Ray refused to connect because of authentication (no token, a wrong one)."""
    for link in _chain(error):
        if type(link).__name__ == "AuthenticationError":  # ray.exceptions.AuthenticationError
            return True
        text = f"{type(link).__name__} {link}".lower()
        if any(word in text for word in AUTH_WORDS):
            return True
    return False


def token_file(env: Mapping[str, str] | None = None) -> str:
    """The token file a driver reads, as the user would write it."""
    env = os.environ if env is None else env
    return env.get("RAY_AUTH_TOKEN_PATH") or DEFAULT_TOKEN_FILE


def auth_failure_message(target: str, env: Mapping[str, str] | None = None) -> str:
    """One actionable line for a join refused on authentication, naming RAY_AUTH_MODE and
    the token file, and saying which of the two to fix given this driver's settings."""
    env = os.environ if env is None else env
    mode = (env.get(AUTH_MODE_VARIABLE) or "").lower()
    path = token_file(env)
    has_token = bool(env.get("RAY_AUTH_TOKEN")) or Path(path).expanduser().is_file()
    refused = f"cannot join the Ray cluster at {target}: it refused this driver's authentication"
    if mode != "token":
        now = f"{AUTH_MODE_VARIABLE} is {mode!r}" if mode else f"{AUTH_MODE_VARIABLE} is unset"
        where = f"in {path}" if has_token else f"copied to {path} (none there now)"
        return (
            f"{refused}; set {AUTH_MODE_VARIABLE}=token for tarjama too ({now}), with the "
            f"cluster's token {where}, and run again"
        )
    if not has_token:
        return (
            f"{refused}: {AUTH_MODE_VARIABLE}=token but no token file {path}; copy the head "
            f"node's token file there (or set RAY_AUTH_TOKEN_PATH) and run again"
        )
    return (
        f"{refused}: the token in {path} ({AUTH_MODE_VARIABLE}=token) is not the cluster's; "
        "copy the head node's token file there and run again"
    )


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """File descriptor 2 points at /dev/null inside the block (native code writes there
    directly, past sys.stderr); restored however the block ends."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def connect_ray(address: str | None) -> bool:
    """Join the cluster at `address`, or start a private Ray here on the usable cores.

    Returns whether this call started Ray (and so should shut it down). A Ray already
    initialised in this process (tests, notebooks) is used as it is. A join refused on
    authentication raises Unauthenticated (exit code 2) with one line naming RAY_AUTH_MODE
    and the token file; other failures a TarjamaError with Ray's reason.
    """
    import ray  # lazily: Ray is an optional extra and slow to import
    import ray.data  # as ray, above

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # tarjama draws its own bar of articles done
    context.print_on_execution_start = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return False
    # Ray's native logs (e.g. about actor restarts) still go to its session log files; the
    # terminal keeps tarjama's progress bar and one line per failed article.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    common = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            # While it retries a refused join, Ray's native client logs a warning a second
            # to the process's stderr (about 20 lines before it gives up); tarjama says it
            # in one line instead, so those are silenced for the join (the cluster's own logs
            # keep everything).
            with _native_stderr_silenced():
                ray.init(address=address, **common)
        else:
            # "local": a new Ray of our own, even if a `ray start` cluster runs here.
            ray.init(address="local", num_cpus=usable_cores(), include_dashboard=False, **common)
    except Exception as error:  # noqa: BLE001 - Ray raises several types; each becomes one line
        target = address or "an embedded Ray"
        if is_auth_failure(error):
            raise Unauthenticated(auth_failure_message(target)) from None
        if not isinstance(error, (ConnectionError, RuntimeError, ValueError)):
            raise
        raise TarjamaError(f"cannot start Ray ({target}): {ray_error_line(error)}") from None
    return True
