"""Structured logs: one JSON object per line on standard error, one line per event.

Log collectors (journald, Docker, Loki, …) keep a line together and can
filter on its fields, which a free-text line would make them guess at.
Fields passed with `extra={...}` become fields of the line.
"""

import datetime
import functools
import json
import logging
import time

from core.clients import client_address

# The attributes every LogRecord has; anything else on a record came from `extra`.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

request_logger = logging.getLogger("ops.request")


def extra_fields(record: logging.LogRecord) -> dict:
    """The fields a call passed with `extra={...}`."""
    return {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(extra_fields(record))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        # default=str: Django's own loggers pass the request object as an extra.
        return json.dumps(line, ensure_ascii=False, default=str)


class LineFormatter(logging.Formatter):
    """Plain text for development, with the `extra` fields as key=value after the message."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{key}={value}" for key, value in extra_fields(record).items())
        return f"{super().formatMessage(record)} {fields}".rstrip()


class RequestLogMiddleware:
    """Logs every request with its status and duration, once it has been answered.

    A view that authenticates a request without loading its user (a download
    grant) names the user in `request.log_user_id`, sparing the log the query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        # Load balancers probe /healthz every few seconds; those lines would drown the rest.
        level = logging.DEBUG if request.path == "/healthz" else logging.INFO
        if not request_logger.isEnabledFor(level):
            return response
        user_id = getattr(request, "log_user_id", None)
        if user_id is None:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
        request_logger.log(
            level,
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user_id,
                "client": client_address(request),
            },
        )
        return response


def log_duration(logger_name: str, message: str):
    """Decorator: logs how long each call took, with the pk of its first argument."""
    logger = logging.getLogger(logger_name)

    def decorate(function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            result = function(*args, **kwargs)
            logger.info(
                message,
                extra={
                    "pk": getattr(args[0], "pk", None) if args else None,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return result

        return timed

    return decorate
