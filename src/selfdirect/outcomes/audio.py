"""A story recorded as audio: what a file is, judged by walking its structure, never by its name or the content type
the browser sent (ASVS 4.0.3 V12.2.1, as core.uploads does for receipts). Django-free; outcomes.actions.record_story
uses it.

The kinds accepted are those phones and browsers record: MP3, M4A (AAC in an MP4 container), Ogg (Opus or Vorbis),
WAV and WebM. Each is checked by its container's own structure from the first byte to the last: every MP3 frame
header, every Ogg page, every WAV chunk, every top-level MP4 box (with a movie box), and a WebM's EBML header naming
it webm. Anything else, or a file whose structure does not hold together to its end, is refused.
"""

# Lazy: an audio file is kept as it came (an MP3's ID3 tags apart, which are dropped); other containers' metadata
# (a phone's recording app may name the device or the place) stays. A re-encoding, as core.uploads does for images,
# needs an audio library the product does not have yet.

from __future__ import annotations

import struct

from selfdirect.core.uploads import Accepted, Kind, UploadRefused

MAX_BYTES = 20 * 1024 * 1024  # about 20 minutes of speech at 128 kbit/s
MP3 = Kind("audio/mpeg", ".mp3", "MP3")
M4A = Kind("audio/mp4", ".m4a", "M4A")
OGG = Kind("audio/ogg", ".ogg", "Ogg")
WAV = Kind("audio/wav", ".wav", "WAV")
WEBM = Kind("audio/webm", ".webm", "WebM")
KINDS = {kind.content_type: kind for kind in (MP3, M4A, OGG, WAV, WEBM)}
HINT = "MP3, M4A, Ogg or Opus, WAV or WebM, up to 20 MB"

# MPEG audio: bitrates (kbit/s) by version and layer, sample rates by version (ISO/IEC 11172-3 and 13818-3).
_BITRATES = {
    (1, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    (1, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    (1, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    (2, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    (2, 2): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (2, 3): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
_SAMPLE_RATES = {1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000]}
# MP4 brands of files holding audio (ISO/IEC 14496-12 and -14; Apple's M4A and M4B).
_MP4_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"iso5", b"iso6", b"dash", b"3gp4", b"3gp5",
               b"3gp6", b"3g2a", b"qt  "}
_MP4_TOP_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"udta", b"uuid", b"meta", b"pdin", b"moof",
                  b"mfra", b"styp", b"sidx", b"emsg", b"prft"}


def refused(what: str) -> UploadRefused:
    return UploadRefused(f"The {what} must be a sound recording: {HINT.split(', up to')[0]}")


def accept(data: bytes, *, what: str = "recording", max_bytes: int | None = None) -> Accepted:
    """The recording to keep and its kind; UploadRefused, naming `what`, if it is empty, too big (MAX_BYTES unless
    given) or not one of KINDS."""
    max_bytes = max_bytes or MAX_BYTES
    if not data:
        raise UploadRefused(f"The {what} is empty")
    if len(data) > max_bytes:
        raise UploadRefused(f"The {what} must be smaller than {max_bytes // (1024 * 1024)} MB")
    try:
        if data[:4] == b"RIFF":
            return Accepted(_wav(data), WAV)
        if data[:4] == b"OggS":
            return Accepted(_ogg(data), OGG)
        if data[:4] == b"\x1a\x45\xdf\xa3":
            return Accepted(_webm(data), WEBM)
        if data[4:8] == b"ftyp":
            return Accepted(_mp4(data), M4A)
        if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
            return Accepted(_mp3(data), MP3)
    except (_Bad, IndexError, struct.error):
        raise refused(what) from None
    raise refused(what)


def detect(data: bytes, *, what: str = "recording", max_bytes: int | None = None) -> Kind:
    return accept(data, what=what, max_bytes=max_bytes).kind


class _Bad(Exception):
    pass


def _need(condition) -> None:
    if not condition:
        raise _Bad


def _wav(data: bytes) -> bytes:
    _need(data[8:12] == b"WAVE")
    size = struct.unpack_from("<I", data, 4)[0]
    end = min(len(data), 8 + size)  # some recorders write a size short of, or past, the end: walk what is there
    at, seen = 12, set()
    while at + 8 <= end:
        name, length = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        _need(all(32 <= b < 127 for b in name))
        if name == b"fmt ":
            _need(length >= 16)
            audio_format, channels, rate = struct.unpack_from("<HHI", data, at + 8)
            _need(audio_format in (1, 3, 6, 7, 0xFFFE) and 1 <= channels <= 8 and 1000 <= rate <= 384000)
        seen.add(name)
        if name == b"data":
            break  # the sound itself: to the end
        at += 8 + length + (length & 1)
        _need(at <= end)
    _need({b"fmt ", b"data"} <= seen)
    return data


def _ogg(data: bytes) -> bytes:
    at, first = 0, True
    while at < len(data):
        _need(data[at:at + 4] == b"OggS" and data[at + 4] == 0)
        segments = data[at + 26]
        table = data[at + 27:at + 27 + segments]
        _need(len(table) == segments)
        body = at + 27 + segments
        if first:
            _need(data[body:body + 8] == b"OpusHead" or data[body:body + 7] == b"\x01vorbis"
                  or data[body:body + 5] == b"\x7fFLAC")
            first = False
        at = body + sum(table)
        _need(at <= len(data))
    _need(not first)
    return data


def _ebml_number(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    first = data[at]
    _need(first)
    length = 8 - first.bit_length() + 1
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    for b in data[at + 1:at + length]:
        value = (value << 8) | b
    _need(at + length <= len(data))
    return value, at + length


def _webm(data: bytes) -> bytes:
    _, at = _ebml_number(data, 0, keep_marker=True)  # the EBML header's id
    size, at = _ebml_number(data, at, keep_marker=False)
    end = at + size
    _need(end <= len(data))
    doc_type = None
    while at < end:
        element, at = _ebml_number(data, at, keep_marker=True)
        length, at = _ebml_number(data, at, keep_marker=False)
        if element == 0x4282:  # DocType
            doc_type = data[at:at + length]
        at += length
    _need(doc_type in (b"webm", b"matroska"))
    segment, _ = _ebml_number(data, end, keep_marker=True)
    _need(segment == 0x18538067)
    return data


def _mp4(data: bytes) -> bytes:
    at, boxes = 0, []
    while at < len(data):
        size, name = struct.unpack_from(">I4s", data, at)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, at + 8)[0], 16
        elif size == 0:
            size = len(data) - at
        _need(size >= header and at + size <= len(data))
        _need(name in _MP4_TOP_BOXES)
        if not boxes:
            _need(name == b"ftyp" and data[at + 8:at + 12] in _MP4_BRANDS)
        boxes.append(name)
        at += size
    _need(b"moov" in boxes or b"moof" in boxes)
    return data


def _mp3_frame(data: bytes, at: int) -> int:
    """The length of the MPEG audio frame starting at `at`."""
    b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
    _need(data[at] == 0xFF and b1 & 0xE0 == 0xE0)
    version = {3: 1, 2: 2, 0: 25}.get((b1 >> 3) & 3)
    layer = {3: 1, 2: 2, 1: 3}.get((b1 >> 1) & 3)
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    _need(version and layer and 0 < bitrate_index < 15 and rate_index < 3 and (b3 & 3) != 2)
    bitrate = _BITRATES[(1 if version == 1 else 2, layer)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    return (144 if layer == 2 or version == 1 else 72) * bitrate // rate + padding


def _mp3(data: bytes) -> bytes:
    """Every frame from the first to the last (ID3 tags before and after left out of the copy kept)."""
    start = 0
    if data[:3] == b"ID3":
        tag = data[6:10]
        _need(all(b < 0x80 for b in tag))
        start = 10 + ((tag[0] << 21) | (tag[1] << 14) | (tag[2] << 7) | tag[3]) + (10 if data[5] & 0x10 else 0)
    end = len(data) - (128 if data[-128:-125] == b"TAG" else 0)
    at, frames = start, 0
    while at < end:
        if end - at < 4:
            break  # a few stray bytes after the last frame
        at += _mp3_frame(data, at)
        frames += 1
    _need(frames >= 2)  # the last frame may be cut short
    return data[start:end]
