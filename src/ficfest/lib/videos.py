"""Uploaded vids copied into a fresh container without the tags editors write into them.

An MP4's ``©ART``, a WebM's ``ARTIST`` or an Ogg's ``author`` comment often carry the vidder's
name: on an anonymous challenge that unmasks them. The video and audio are copied packet by
packet (nothing is re-encoded, so nothing is lost and it is fast); container and stream tags,
chapters, subtitles, attachments and data streams are left behind.
"""

import tempfile
from typing import IO

import av
from django.core.files import File

# Extension -> the muxer that writes it; the same as the one the upload was read with.
MUXERS = {"mp4": "mp4", "webm": "webm", "ogv": "ogg"}
_KEPT_STREAMS = ("video", "audio")


class VideoRefused(ValueError):
    """The upload is not a video we can read and copy."""


def _opened(source: IO[bytes]) -> av.container.InputContainer:
    source.seek(0)
    try:
        return av.open(source, mode="r")
    except (av.FFmpegError, ValueError) as error:
        raise VideoRefused("is not a video file we can read") from error


def video_probe(source: IO[bytes]) -> None:
    """VideoRefused unless the file opens as a container holding a video stream."""
    with _opened(source) as container:
        if not container.streams.video:
            raise VideoRefused("holds no video")
    source.seek(0)


def _copy(container: av.container.InputContainer, target: str, muxer: str) -> None:
    # faststart: the index before the frames, so a browser starts playing before the end.
    options = {"movflags": "+faststart"} if muxer == "mp4" else {}
    with av.open(target, mode="w", format=muxer, options=options) as output:
        kept = [s for s in container.streams if s.type in _KEPT_STREAMS]
        mapping = {}
        for stream in kept:
            copied = output.add_stream_from_template(stream)
            copied.metadata.clear()  # handler names and titles can hold a name too
            mapping[stream.index] = copied
        for packet in container.demux(kept):
            if packet.dts is None:  # the demuxer's flush packets carry nothing
                continue
            packet.stream = mapping[packet.stream.index]
            output.mux(packet)


def video_without_metadata(upload: File, extension: str) -> File:
    """A copy of the vid with its streams only, in a temporary file deleted once closed;
    VideoRefused if it cannot be read."""
    if extension not in MUXERS:
        raise VideoRefused("is not an MP4, WebM or Ogg (.ogv) video file")
    # On disk, not in memory: a vid may be hundreds of megabytes.
    copy = tempfile.NamedTemporaryFile(suffix=f".{extension}")  # noqa: SIM115
    with _opened(upload) as container:
        try:
            _copy(container, copy.name, MUXERS[extension])
        except (av.FFmpegError, ValueError) as error:
            copy.close()
            raise VideoRefused("could not be copied: its streams are damaged") from error
    copy.seek(0)
    return File(copy, name=upload.name)
