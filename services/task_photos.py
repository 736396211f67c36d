"""Before/after photos of a plan's tasks: a clean-up task (by its key) or a preparation task
(``prep-<id>``). Uploaded by planners or by the staff of the task's own township (the rule of
``geo.prep.access``), checked and re-encoded without EXIF by ``geo.photos`` (size cap, pixel
bomb, content against extension), stored with a thumbnail made once and the sha256 of the stored
file (``store.task_photos``). Callers pass the user, the language and the upload folder."""

from __future__ import annotations

from pathlib import Path

from geo import photos as photo_rules
from geo.errors import Both, NotFoundError, ValidationError
from geo.prep.access import TaskUser, check_may_set, township_names
from services import cleanup, prep_tasks
from store import photos as files_store
from store import plans as plan_store
from store import prep_tasks as task_store
from store import task_photos as store
from store.task_photos import STAGES, TaskPhoto


def add_photo(
    root: Path,
    plan_id: int,
    key: str,
    stage: str,
    data: bytes,
    file_name: str,
    user: TaskUser,
    lang: str,
) -> TaskPhoto:
    """Attach a checked, cleaned photo to one of the plan's tasks: files and row together, or
    neither (a refusal, 403 for another township's task, stores nothing)."""
    plan_store.get_plan(plan_id)
    if stage not in STAGES:
        raise ValidationError(
            f"stage: 须为 before(整治前)或 after(整治后) / stage must be before or after, "
            f"not {stage!r}"
        )
    township, label = _subject(plan_id, key, lang)
    check_may_set(user, township, label, township_names(cleanup.township_props()))
    photo = photo_rules.read_photo(data, file_name)
    with files_store.written(
        root,
        f"plan-{plan_id}-{key}",
        photo.data,
        photo.thumbnail,
        photo.extension,
        under=store.FOLDER,
    ) as files:
        return store.add(
            plan_id, key, stage, files, **photo.record(file_name), uploaded_by=user.username
        )


def remove_photo(root: Path, plan_id: int, photo_id: int, user: TaskUser, lang: str) -> None:
    """Take a photo off a task (the row, then its files), for the same people who may add it;
    a photo whose task has left the plan (e.g. the route changed) only planners remove."""
    row = store.get(plan_id, photo_id)
    if not user.everywhere:
        township, label = _subject(plan_id, row.task_key, lang)
        check_may_set(user, township, label, township_names(cleanup.township_props()))
    store.delete(row)
    files_store.remove_files(root, row)


def _subject(plan_id: int, key: str, lang: str) -> tuple[str, str | Both]:
    """The township and name of the task ``key`` names (NotFoundError when it is none)."""
    if key.startswith(task_store.KEY_PREFIX):
        number = key.removeprefix(task_store.KEY_PREFIX)
        if not (number.isdigit() and len(number) < 10):
            raise NotFoundError(code="err_task_unknown")
        return prep_tasks.task_subject(task_store.get_task(plan_id, int(number)))
    return cleanup.task_subject(plan_id, key, lang)


def photos_by_task(plan_id: int) -> dict[str, list[TaskPhoto]]:
    """The plan's task photos by task key, oldest first."""
    return store.photos_of(plan_id)


def thumbnails(root: Path, plan_id: int) -> dict[str, list[tuple[str, bytes]]]:
    """Task key -> (before/after, JPEG thumbnail) of each photo whose file is there, for print."""
    out: dict[str, list[tuple[str, bytes]]] = {}
    for key, rows in store.photos_of(plan_id).items():
        for row in rows:
            path = root / row.thumb_path
            if path.is_file():
                out.setdefault(key, []).append((row.stage, path.read_bytes()))
    return out


def photo_file(root: Path, plan_id: int, photo_id: int, thumbnail: bool) -> tuple[Path, str]:
    """A stored task photo (or its thumbnail) and its media type, for reading."""
    row = store.get(plan_id, photo_id)
    media = "image/jpeg" if thumbnail else row.media_type
    return files_store.file_path(root, row, thumbnail), media
