"""Text to speech: a voice from a recording, speech streamed to a file and to a player, and
the voices available."""

import math
import struct
import tempfile
import wave
from pathlib import Path

from _env import client

workdir = tempfile.TemporaryDirectory(prefix="sdk-example-speech-")
folder = Path(workdir.name)

# A one-second recording to make a voice from (any WAV, MP3... of a real voice will do).
recording = folder / "recording.wav"
with wave.open(str(recording), "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(16_000)
    out.writeframes(b"".join(
        struct.pack("<h", int(6_000 * math.sin(2 * math.pi * 220 * n / 16_000)))
        for n in range(16_000)
    ))  # fmt: skip

with workdir, client() as mistral:
    voices = mistral.audio.voices
    presets = [v for v in voices.iter_all(limit=50) if v.user_id is None]
    print("preset voices:", ", ".join(v.slug or v.name for v in presets) or "none")

    voice = voices.create(name="sdk-example-voice", file=recording, languages=["en"])
    print(f"created the voice {voice.name} ({voice.id})")
    try:
        # Written to disk as it arrives: never held whole, and all or nothing at the target.
        speech = mistral.audio.speech.create(
            input="Hello from the modular Mistral SDK! " * 20,
            voice_id=voice.id,
            response_format="wav",
        )
        target = speech.write_to(folder / "hello.wav")
        tokens = speech.usage.total_tokens if speech.usage else "?"
        print(f"wrote {target.stat().st_size:,} bytes to {target.name} ({tokens} tokens)")

        # Or consumed piece by piece, e.g. by an audio player.
        played = 0
        with mistral.audio.speech.create(input="Short and sweet.", voice_id=voice.id) as audio:
            for chunk in audio:
                played += len(chunk)
        print(f"played {played:,} bytes as they arrived")

        sample = voices.get_sample_audio_to(voice.id, folder / "sample.wav")
        print(f"the voice's sample is {sample.stat().st_size:,} bytes")
    finally:
        print(f"deleted the voice {voices.delete(voice.id).name}")
