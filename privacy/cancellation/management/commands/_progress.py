"""A plain progress line for long management commands: rewritten in place on a terminal, every
``step`` items otherwise (so a log file gets a few lines, not thousands)."""

from collections.abc import Callable


def progress_line(stream, label: str, *, step: int = 100) -> Callable[[int, int], None]:
    interactive = getattr(stream, "isatty", lambda: False)()

    def report(done: int, total: int) -> None:
        if not total:
            return
        percent = 100 * done // total
        if interactive:
            stream.write(f"\r{label}: {done}/{total} ({percent}%)", ending="" if done < total else "\n")
            stream.flush()
        elif done == total or done % step == 0:
            stream.write(f"{label}: {done}/{total} ({percent}%)")

    return report
