"""The site folder written over in place rather than emptied and filled again.

MkDocs empties the site folder before each build, then creates every file anew. On ext4
(most Linux machines) creating a file just after thousands were deleted is slow: for a
while the filesystem passes over each recently freed inode before it hands out a new one,
so each of the next thousand files costs a millisecond or more of the build. Writing over
a file that is already there reuses it.

So the build keeps what it will write again: before MkDocs empties the folder, the folder
is moved aside (`set_aside`, a rename); once the build knows its files, it comes back
(`take_back`) with every file that this build will not write removed, as emptying would
have; after the build, a kept file that was not written after all goes too (`sweep`). The
folder then holds exactly what a build into an empty folder holds. Where the folder cannot
be moved (a link, a folder it cannot rename in), MkDocs empties it as ever.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field

ASIDE_SUFFIX = ".journey-atlas-previous"


@dataclass
class KeptOutput:
    """The files of the last build kept to be written over: path -> (inode, change time).
    Any write changes a file's change time, which no program can set back."""
    site_dir: str
    files: dict[str, tuple[int, int]] = field(default_factory=dict)


def set_aside(site_dir: str) -> str | None:
    """Move the last build's folder aside, before MkDocs empties it; the place it went, or
    None when there is none to keep. A folder a killed build left aside is taken up again
    when the site folder is missing, else removed."""
    site_dir = os.path.normpath(site_dir)
    aside = site_dir + ASIDE_SUFFIX
    if os.path.isdir(aside) and not os.path.islink(aside):
        if not os.path.lexists(site_dir):
            return aside
        shutil.rmtree(aside, ignore_errors=True)
    if not os.path.isdir(site_dir) or os.path.islink(site_dir):
        return None
    try:
        os.rename(site_dir, aside)
    except OSError:
        return None
    return aside


def put_back(aside: str | None, site_dir: str) -> None:
    """The last build's folder as it was (the build stopped before it could be used)."""
    if aside and os.path.isdir(aside):
        try:
            if not os.path.lexists(site_dir):
                os.rename(aside, site_dir)
                return
        except OSError:
            pass
        shutil.rmtree(aside, ignore_errors=True)


def take_back(aside: str | None, site_dir: str, will_write: set[str],
              left_alone: frozenset[str] = frozenset()) -> KeptOutput | None:
    """The last build's folder back in place, holding only the files in `will_write`
    (absolute paths) to be written over; every other file and folder is removed now, as
    emptying the folder would, except the top-level folders named in `left_alone` (other
    builds' folders: the other languages') and, as MkDocs does, hidden top-level entries
    (a publishing branch's `.git`, a `.nojekyll`)."""
    if aside is None or not os.path.isdir(aside):
        return None
    site_dir = os.path.normpath(site_dir)
    if os.path.lexists(site_dir):  # written to meanwhile: start from nothing, as MkDocs does
        shutil.rmtree(aside, ignore_errors=True)
        return None
    try:
        os.rename(aside, site_dir)
    except OSError:
        shutil.rmtree(aside, ignore_errors=True)
        return None
    kept = KeptOutput(site_dir)
    wanted = {os.path.normpath(path) for path in will_write}
    _keep_only(site_dir, wanted, kept, left_alone, top=True)
    return kept


def writable_over(info: os.stat_result) -> bool:
    """Whether a file may be written over as a build into an empty folder would make it:
    ours and writable (else written anew, with the mode a new file gets), and with no other
    name (a hard link, such as a `cp -al` backup's, would see the new text)."""
    owner = getattr(os, "geteuid", None)
    return (stat.S_ISREG(info.st_mode) and info.st_nlink == 1
            and bool(info.st_mode & stat.S_IWUSR)
            and (owner is None or info.st_uid == owner()))


def _keep_only(folder: str, wanted: set[str], kept: KeptOutput,
               left_alone: frozenset[str] = frozenset(), top: bool = False) -> bool:
    """Remove what is not wanted under `folder`; whether anything is left in it."""
    anything_left = False
    with os.scandir(folder) as entries:
        for entry in entries:
            is_folder = entry.is_dir(follow_symlinks=False)
            if top and (entry.name.startswith(".") or (entry.name in left_alone and is_folder)):
                anything_left = True
                continue
            if is_folder:
                if _keep_only(entry.path, wanted, kept):
                    anything_left = True
                else:
                    os.rmdir(entry.path)
                continue
            info = entry.stat(follow_symlinks=False)
            if entry.path in wanted and writable_over(info):
                kept.files[entry.path] = (info.st_ino, info.st_ctime_ns)
                anything_left = True
            else:
                os.unlink(entry.path)
    return anything_left


def sweep(kept: KeptOutput | None) -> int:
    """After the build: remove each kept file that it did not write after all (and the
    folders that leaves empty); how many went."""
    if kept is None:
        return 0
    removed = 0
    for path, before in kept.files.items():
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            continue
        if (info.st_ino, info.st_ctime_ns) != before:
            continue
        os.unlink(path)
        removed += 1
        folder = os.path.dirname(path)
        while folder != kept.site_dir and folder.startswith(kept.site_dir):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = os.path.dirname(folder)
    kept.files.clear()
    return removed
