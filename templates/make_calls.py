"""Make the call recordings of the sample course and the starters: a few seconds of speech each.

Run from anywhere:  python templates/make_calls.py
Needs espeak-ng (Debian: apt-get install espeak-ng). Each call is what its module's
::: transcript says, spoken by two voices (the agent, the customer), as a phone line carries
it: 8 kHz, 8-bit mono WAV, so each file stays small (under 100 KB). The voices are synthetic;
a real course uses recordings made with the customer's permission, or anonymised.
"""

from __future__ import annotations

import array
import io
import subprocess
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = 8000  # a phone line's
PAUSE = 0.35  # seconds between two turns

# (file, espeak voice of the agent, of the customer, the turns: (speaker is agent, words))
CALLS = [
    (ROOT / "courses/complaint-handling/calls/third-call.wav", "cmn", "cmn+f2", [
        (True, "您好，工号1024，请问有什么可以帮您？"),
        (False, "我的理赔两周了还没人处理！"),
        (True, "换作是我也会着急。"),
    ]),
    (ROOT / "templates/new/zh-CN/calls/example-call.wav", "cmn", "cmn+f2", [
        (True, "您好，请问有什么可以帮您？"),
        (False, "我的快递三天了还没到！"),
    ]),
    (ROOT / "templates/new/zh-TW/calls/example-call.wav", "cmn", "cmn+f2", [
        (True, "您好，請問有什麼可以幫您？"),
        (False, "我的包裹三天了還沒到！"),
    ]),
    (ROOT / "templates/new/en/calls/example-call.wav", "en-us", "en-us+f2", [
        (True, "Hello, how can I help you today?"),
        (False, "My parcel is three days late!"),
    ]),
]


def speak(words: str, voice: str) -> list[int]:
    """Speech as 16-bit samples at RATE (espeak-ng's 22,050 Hz, resampled linearly)."""
    speed = "230" if voice.startswith("cmn") else "165"  # its Mandarin is slow at the default
    out = subprocess.run(["espeak-ng", "-v", voice, "-s", speed, "--stdout", words],
                         check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(out)) as w:
        rate = w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    loud = [k for k, v in enumerate(samples) if abs(v) > 400]  # its silence before and after: cut
    samples = samples[loud[0]:loud[-1] + 1] if loud else samples
    n = int(len(samples) * RATE / rate)
    step = rate / RATE
    return [samples[min(int(k * step), len(samples) - 1)] for k in range(n)]


def main() -> None:
    for path, agent, customer, turns in CALLS:
        samples: list[int] = []
        for is_agent, words in turns:
            samples += speak(words, agent if is_agent else customer) + [0] * int(PAUSE * RATE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(1)  # 8-bit WAV is unsigned
            w.setframerate(RATE)
            w.writeframes(bytes(max(0, min(255, (s >> 8) + 128)) for s in samples))
        print(f"{path.relative_to(ROOT)}: {len(samples) / RATE:.1f} s, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
