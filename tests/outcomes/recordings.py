"""Small sound files made here, one of each kind a story's recording may be (outcomes.audio), and full answers."""

import io
import struct
import wave

from django.conf import settings

from selfdirect.outcomes import evaluation


def answers_to(respondent: str, answer: str | None = None) -> dict[str, str]:
    """An answer to every question of the council's current questionnaire for the respondent."""
    questionnaire = evaluation.current(respondent, settings.EVALUATION_SCALE)
    first = answer or questionnaire.answers[0][0]
    return {q.domain: first for q in questionnaire.questions}


def wav(seconds: float = 0.1) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * int(8000 * seconds))
    return out.getvalue()


def mp3(frames: int = 5, *, id3: bool = True) -> bytes:
    """MPEG-1 Layer III frames at 128 kbit/s and 44.1 kHz (417 bytes each), silent, after an ID3v2 tag."""
    header = bytes([0xFF, 0xFB, 0x90, 0x00])
    frame = header + b"\x00" * (417 - 4)
    tag = b"ID3\x03\x00\x00" + bytes([0, 0, 0, 10]) + b"\x00" * 10 if id3 else b""
    return tag + frame * frames


def ogg_opus() -> bytes:
    """Two Ogg pages: the Opus identification header and the comment header."""
    def page(sequence: int, packet: bytes, flag: int) -> bytes:
        return (b"OggS" + bytes([0, flag]) + struct.pack("<qII", 0, 1, sequence) + b"\x00\x00\x00\x00"
                + bytes([1, len(packet)]) + packet)
    return page(0, b"OpusHead" + bytes([1, 1]) + b"\x00" * 9, 2) + page(1, b"OpusTags" + b"\x00" * 8, 0)


def m4a() -> bytes:
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"M4A ", 0, b"isom")
    moov = struct.pack(">I4s", 8, b"moov")
    mdat = struct.pack(">I4s", 12, b"mdat") + b"\x00" * 4
    return ftyp + moov + mdat


def webm() -> bytes:
    doc_type = b"\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(doc_type)]) + doc_type
    segment = b"\x18\x53\x80\x67" + b"\x80"
    return header + segment
